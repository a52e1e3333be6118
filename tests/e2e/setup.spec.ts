/**
 * Issue 16, from an empty database: a person sets up the organisation on /setup (which is then gone), invites a
 * colleague from Settings → Members, the invitation email is read in the dev mailbox, and the colleague accepts
 * and is signed in with the invited role. Runs against a second app server on an empty database
 * (scripts/e2e-first-run-server.ts, same build), so the main e2e server keeps its demo data.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { en, screenshotPath, unique, zh } from "./helpers";

const mainPort = Number(process.env.E2E_PORT ?? 3100);
const port = mainPort + 5;
const base = `http://localhost:${port}`;
let server: ChildProcess | null = null;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  server = spawn(process.execPath, ["--import", "tsx", "scripts/e2e-first-run-server.ts"], {
    env: { ...process.env, FIRST_RUN_PORT: String(port), FIRST_RUN_MAIL_PORT: String(mainPort + 6) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const started = Date.now();
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the first-run server exited with ${server.exitCode}`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() - started > 280_000) throw new Error("the first-run server did not start");
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
});

test.afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server?.once("exit", resolve));
  server.kill("SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
});

async function pageFor(browser: Browser, locale: "en-US" | "zh-CN", width: number): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width, height: width < 500 ? 844 : 900 }, baseURL: base });
  return context.newPage();
}

const ownerEmail = "wang.min@huaxin.example";
const ownerPassword = "gentle-harbour-47";
const colleague = `${unique("li.wei")}@huaxin.example`;

test("first run: / and /login lead to /setup, which creates the organisation and its owner once", async ({ browser }) => {
  test.setTimeout(120_000);
  const zhPhone = await pageFor(browser, "zh-CN", 390);
  await zhPhone.goto("/");
  await expect(zhPhone).toHaveURL(/\/setup$/);
  await expect(zhPhone.getByRole("heading", { name: zh("accounts.setup.title") })).toBeVisible();
  await zhPhone.screenshot({ path: screenshotPath("setup-zh-phone.png"), fullPage: true });
  await zhPhone.context().close();

  const page = await pageFor(browser, "en-US", 1280);
  await page.goto("/login");
  await expect(page).toHaveURL(/\/setup$/);
  await page.screenshot({ path: screenshotPath("setup-en-desktop.png"), fullPage: true });
  await page.locator("#organizationName").fill("华信银行 Huaxin Bank");
  await page.locator("#brandZh").fill("华信银行");
  await page.locator("#brandEn").fill("Huaxin Bank");
  await page.locator("#timeZone").selectOption("Asia/Shanghai");
  await page.locator("#defaultLocale").selectOption("zh-CN");
  await page.locator("#ownerName").fill("王敏");
  await page.locator("#ownerEmail").fill(ownerEmail);
  // A common password is refused with the reason, nothing is created.
  await page.locator("#password").fill("password123");
  await page.getByRole("button", { name: en("accounts.setup.submit") }).click();
  await expect(page.getByText(en("accounts.password.common"))).toBeVisible();
  await page.locator("#password").fill(ownerPassword);
  await page.getByRole("button", { name: en("accounts.setup.submit") }).click();
  await page.waitForURL(/\/dashboard(\?|$)/, { timeout: 60_000 });
  await expect(page.getByTestId("signed-in-as").first()).toContainText(en("role.OWNER"));

  // Afterwards the page is gone, and / goes to the dashboard.
  const gone = await page.request.get("/setup");
  expect(gone.status()).toBe(404);
  await page.context().close();
});

test("the owner invites a colleague; the email arrives in the colleague's language; the colleague accepts with the invited role", async ({ browser }) => {
  test.setTimeout(180_000);
  const owner = await pageFor(browser, "en-US", 1280);
  await owner.goto("/login");
  await owner.locator("#email").fill(ownerEmail);
  await owner.locator("#password").fill(ownerPassword);
  await owner.locator("[data-testid=login-form] button[type=submit]:enabled").click();
  await owner.waitForURL(/\/dashboard(\?|$)/);

  await owner.goto("/settings/members");
  await expect(owner.getByRole("heading", { name: en("accounts.members.title") }).first()).toBeVisible();
  await owner.locator("#invite-email").fill(colleague);
  await owner.locator("#invite-role").selectOption("MANAGER");
  await owner.locator("#invite-locale").selectOption("zh-CN");
  await owner.getByRole("button", { name: en("accounts.invite.submit") }).click();
  await expect(owner.getByTestId("member-ok")).toContainText(colleague);
  await owner.reload();
  await expect(owner.getByTestId("invitations-table").getByRole("row").filter({ hasText: colleague })).toContainText(en("accounts.invitations.pending"));
  await owner.screenshot({ path: screenshotPath("members-en-desktop.png"), fullPage: true });

  // The dev mailbox: the invitation, in Chinese (the language chosen for the invitee).
  await owner.goto("/dev/mailbox");
  const row = owner.getByTestId("dev-mailbox").getByRole("row").filter({ hasText: colleague });
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row).toContainText(zh("accounts.email.inviteSubject", { inviter: "王敏", organization: "华信银行 Huaxin Bank" }));
  await row.getByRole("link").first().click();
  const text = await owner.getByTestId("mail-text").innerText();
  const link = /(http:\/\/localhost:\d+\/accept-invitation\/\S+)/.exec(text)?.[1];
  expect(link).toBeTruthy();

  // The colleague, on a phone in Chinese, accepts: a common password is refused, then they join and are signed in.
  const mate = await pageFor(browser, "zh-CN", 390);
  await mate.goto(link ?? "");
  await expect(mate.getByRole("heading", { name: zh("accounts.accept.title", { organization: "华信银行 Huaxin Bank" }) })).toBeVisible();
  await expect(mate.getByText(zh("accounts.accept.subtitle", { role: zh("role.MANAGER"), email: colleague }))).toBeVisible();
  await mate.screenshot({ path: screenshotPath("accept-invitation-zh-phone.png"), fullPage: true });
  await mate.locator("#name").fill("李伟");
  await mate.locator("#password").fill("1234567890");
  await mate.getByRole("button", { name: zh("accounts.accept.submit") }).click();
  await expect(mate.getByText(zh("accounts.password.common"))).toBeVisible();
  await mate.locator("#password").fill("quiet-lantern-83");
  await mate.getByRole("button", { name: zh("accounts.accept.submit") }).click();
  await mate.waitForURL(/\/dashboard(\?|$)/, { timeout: 60_000 });
  await mate.getByTestId("menu-button").click();
  await expect(mate.getByTestId("menu-panel")).toContainText(zh("role.MANAGER"));
  // A manager does not manage members.
  expect((await mate.request.get("/settings/members")).status()).toBe(404);

  // The link was single-use.
  const again = await pageFor(browser, "en-US", 1280);
  await again.goto(link ?? "");
  await expect(again.getByTestId("invitation-invalid")).toContainText(en("accounts.accept.invalid"));
  await again.context().close();

  // The owner sees the colleague as an active CX manager, the invitation accepted.
  await owner.goto("/settings/members");
  const member = owner.getByTestId("members-table").getByRole("row").filter({ hasText: colleague });
  await expect(member.getByTestId("member-role")).toHaveText(en("role.MANAGER"));
  await expect(member.getByTestId("member-status")).toHaveText(en("accounts.members.active"));
  await expect(owner.getByTestId("invitations-table").getByRole("row").filter({ hasText: colleague })).toContainText(en("accounts.invitations.accepted"));

  // Deactivation ends the colleague's session at once.
  owner.once("dialog", (dialog) => void dialog.accept());
  await member.getByRole("button", { name: en("accounts.members.deactivate") }).click();
  await expect(owner.getByTestId("members-table").getByRole("row").filter({ hasText: colleague }).getByTestId("member-status")).toHaveText(en("accounts.members.deactivated"));
  await mate.goto("/dashboard");
  await expect(mate).toHaveURL(/\/login/);

  // zh-CN phone view of the members page.
  const zhOwner = await pageFor(browser, "zh-CN", 390);
  await zhOwner.context().addCookies(await owner.context().cookies());
  await zhOwner.goto("/settings/members");
  await expect(zhOwner.getByRole("heading", { name: zh("accounts.members.title") }).first()).toBeVisible();
  await zhOwner.screenshot({ path: screenshotPath("members-zh-phone.png"), fullPage: true });
  await zhOwner.context().close();
  await mate.context().close();
  await owner.context().close();
});
