import { describe, expect, it } from "vitest";
import { planSystemPackages, type SystemState } from "../../scripts/lib/system-packages";

const FRESH: SystemState = { root: true, aptGet: true, chromium: false, customChromiumPath: null, cjkFonts: false };

describe("what npm test does about the browser and the CJK fonts", () => {
  it("does nothing when both are there, root or not", () => {
    expect(planSystemPackages({ ...FRESH, chromium: true, cjkFonts: true })).toEqual({ action: "ready" });
    expect(planSystemPackages({ ...FRESH, root: false, chromium: true, cjkFonts: true })).toEqual({ action: "ready" });
    expect(planSystemPackages({ ...FRESH, aptGet: false, root: false, chromium: true, cjkFonts: true })).toEqual({ action: "ready" });
  });

  it("as root on a fresh Debian machine installs chromium and fonts-noto-cjk (apt-get update first)", () => {
    expect(planSystemPackages(FRESH)).toEqual({
      action: "install",
      packages: ["chromium", "fonts-noto-cjk"],
      commands: [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-noto-cjk"],
      ],
    });
  });

  it("installs only what is missing", () => {
    const fonts = planSystemPackages({ ...FRESH, chromium: true });
    expect(fonts).toMatchObject({ action: "install", packages: ["fonts-noto-cjk"] });
    const browser = planSystemPackages({ ...FRESH, cjkFonts: true });
    expect(browser).toMatchObject({ action: "install", packages: ["chromium"] });
  });

  it("not root: stops with the one command to run", () => {
    const plan = planSystemPackages({ ...FRESH, root: false });
    expect(plan.action).toBe("stop");
    if (plan.action !== "stop") return;
    expect(plan.command).toBe("sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-noto-cjk");
    expect(planSystemPackages({ ...FRESH, root: false, chromium: true })).toMatchObject({
      action: "stop",
      command: "sudo apt-get update && sudo apt-get install -y --no-install-recommends fonts-noto-cjk",
    });
  });

  it("without apt-get: stops and says what to install, with no Debian command", () => {
    const plan = planSystemPackages({ ...FRESH, aptGet: false });
    expect(plan).toMatchObject({ action: "stop", command: null });
    if (plan.action === "stop") expect(plan.message).toContain("chromium and fonts-noto-cjk");
  });

  it("a CHROMIUM_PATH that does not exist is reported as such, not 'fixed' by installing Debian's chromium", () => {
    const plan = planSystemPackages({ ...FRESH, customChromiumPath: "/opt/chrome/chrome" });
    expect(plan).toMatchObject({ action: "stop", command: null });
    if (plan.action === "stop") expect(plan.message).toContain("/opt/chrome/chrome");
    // An existing custom browser is fine; only the fonts are then missing.
    expect(planSystemPackages({ ...FRESH, chromium: true, customChromiumPath: "/opt/chrome/chrome" })).toMatchObject({ action: "install", packages: ["fonts-noto-cjk"] });
  });
});
