/**
 * What `npm test` needs from the machine besides npm packages: a Chromium for the end-to-end suite (Debian's
 * package, Playwright downloads none here) and CJK fonts so zh-CN pages render (and are screenshotted) with
 * real glyphs. `planSystemPackages` is the pure decision; `systemState` looks at the machine.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

export type SystemState = {
  /** Running as root (uid 0): allowed to install Debian packages. */
  root: boolean;
  /** apt-get is there (a Debian / Ubuntu machine). */
  aptGet: boolean;
  /** The browser the e2e suite launches exists. */
  chromium: boolean;
  /** CHROMIUM_PATH points somewhere else than Debian's package: installing the package would not help. */
  customChromiumPath: string | null;
  /** Noto CJK fonts are installed. */
  cjkFonts: boolean;
};

export type SystemPlan =
  | { action: "ready" }
  /** Run these commands (as root, DEBIAN_FRONTEND=noninteractive), then look again. */
  | { action: "install"; packages: string[]; commands: string[][] }
  /** Cannot continue: say `message`, with the one `command` that fixes it. */
  | { action: "stop"; message: string; command: string | null };

/** Decides what to do about the missing browser and fonts: nothing, install them (root), or stop with the command. */
export function planSystemPackages(state: SystemState): SystemPlan {
  if (!state.chromium && state.customChromiumPath !== null) {
    return {
      action: "stop",
      message: `CHROMIUM_PATH is ${state.customChromiumPath}, which does not exist: point it at a Chromium or unset it to use Debian's (${DEFAULT_CHROMIUM_PATH}).`,
      command: null,
    };
  }
  const packages = [...(state.chromium ? [] : ["chromium"]), ...(state.cjkFonts ? [] : ["fonts-noto-cjk"])];
  if (packages.length === 0) return { action: "ready" };
  const what = packages.join(" and ");
  if (!state.aptGet) {
    return {
      action: "stop",
      message: `The end-to-end tests need ${what} (Chromium and the Noto CJK fonts); this machine has no apt-get: install them with its package manager (set CHROMIUM_PATH to the browser).`,
      command: null,
    };
  }
  const install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...packages];
  if (!state.root) {
    return {
      action: "stop",
      message: `The end-to-end tests need Debian's ${what}, which only root can install. Run this once, then npm test again:`,
      command: ["sudo", "apt-get", "update", "&&", "sudo", ...install.filter((arg) => arg !== "-qq")].join(" "),
    };
  }
  return { action: "install", packages, commands: [["apt-get", "update", "-qq"], install] };
}

const CJK_FONT_FILES = [
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
  "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
];

/** Looks at this machine. */
export function systemState(env: NodeJS.ProcessEnv = process.env): SystemState {
  const custom = env.CHROMIUM_PATH && env.CHROMIUM_PATH !== DEFAULT_CHROMIUM_PATH ? env.CHROMIUM_PATH : null;
  const fontList = spawnSync("fc-list", [":lang=zh"], { encoding: "utf8" });
  const cjkFonts = CJK_FONT_FILES.some((file) => existsSync(file)) || (fontList.status === 0 && /Noto (Sans|Serif) CJK/i.test(fontList.stdout));
  return {
    root: process.getuid?.() === 0,
    aptGet: existsSync("/usr/bin/apt-get"),
    chromium: existsSync(custom ?? DEFAULT_CHROMIUM_PATH),
    customChromiumPath: custom,
    cjkFonts,
  };
}
