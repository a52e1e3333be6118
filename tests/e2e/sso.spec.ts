import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, en, queryE2eDatabase, screenshotPath, signIn, unique, zh } from "./helpers";
import { startOidcProvider, type OidcTestProvider } from "./support/oidc-server";

// Single sign-on (issue 16) against a real OpenID Connect provider (oidc-provider) started here: an admin sets up
// the organisation's connection, a colleague signs in with SSO from the sign-in page, becomes a member with the
// configured role (just in time), and the audit log shows it with an intact chain.

test.describe.configure({ timeout: 300_000 });

const appPort = Number(process.env.E2E_PORT ?? 3100);
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? appPort + 3);
let provider: OidcTestProvider | null = null;

test.afterAll(async () => {
  await provider?.stop();
});

test("an admin sets up OIDC; a colleague signs in with SSO and becomes a manager; the audit log shows it and verifies", async ({ browser }) => {
  const domain = `${unique("sso")}.example`;
  const email = `li.na@${domain}`;

  // 1. The admin's settings page names the redirect URI to register; the provider is started with it.
  const adminContext = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
  const admin = await adminContext.newPage();
  await signIn(admin, ADMIN_EMAIL);
  await admin.goto("/settings/sso");
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(en("sso.title"));
  const redirectUri = (await admin.getByTestId("sso-redirect-uri").textContent())?.trim() ?? "";
  expect(redirectUri).toMatch(new RegExp(`^http://localhost:${appPort}/api/auth/callback/sso-[0-9a-f-]{36}$`));
  provider = await startOidcProvider({ port: oidcPort, redirectUri, names: { [email]: "李娜" } });

  const form = admin.getByTestId("sso-form");
  await form.locator("#sso-issuer").fill(provider.issuer);
  await form.locator("#sso-client-id").fill(provider.clientId);
  await form.locator("#sso-client-secret").fill(provider.clientSecret);
  await form.locator("#sso-domains").fill(domain);
  await form.locator("#sso-role").selectOption("MANAGER");
  await admin.getByTestId("sso-save").click();
  await expect(admin.getByTestId("sso-saved")).toHaveText(en("sso.form.saved"));
  // The secret is never shown again.
  await admin.reload();
  await expect(admin.locator("#sso-client-secret")).toHaveValue("");
  await expect(admin.getByText(en("sso.form.clientSecretSaved"))).toBeVisible();
  expect(await admin.content()).not.toContain(provider.clientSecret);
  await admin.screenshot({ path: screenshotPath("sso-settings-en-desktop.png"), fullPage: true });

  // 2. The colleague: "Sign in with SSO" on the sign-in page (Chinese phone), the provider's login, back in the app.
  const colleagueContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const colleague = await colleagueContext.newPage();
  await colleague.goto("/login");
  await colleague.getByTestId("sso-open").click();
  await colleague.locator("#sso-email").fill(`nobody@elsewhere-${domain}`);
  await colleague.getByTestId("sso-continue").click();
  await expect(colleague.getByTestId("sso-error")).toHaveText(zh("sso.login.notFound"));
  await colleague.locator("#sso-email").fill(email);
  await colleague.screenshot({ path: screenshotPath("sso-login-zh-phone.png"), fullPage: true });
  await colleague.getByTestId("sso-continue").click();
  await colleague.waitForURL(new RegExp(`^http://localhost:${oidcPort}/`));
  await colleague.locator("input[name=login]").fill(email);
  await colleague.locator("input[name=password]").fill("anything");
  await colleague.locator("button[type=submit]").click();
  // The provider's consent screen, then back through the callback.
  await colleague.locator("button[type=submit][autofocus]").click();
  await colleague.waitForURL(new RegExp(`^http://localhost:${appPort}/dashboard`));
  const members = await queryE2eDatabase<{ role: string; name: string }>(
    `SELECT m.role::text AS role, u.name FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`,
    [email],
  );
  expect(members).toEqual([{ role: "MANAGER", name: "李娜" }]);
  // A manager: the admin pages are not there for them.
  expect((await colleague.goto("/settings/audit"))?.status()).toBe(404);
  await colleagueContext.close();

  // 3. The admin's audit log shows the provisioning and the sign-in; the chain verifies.
  await admin.goto("/settings/audit?action=member.provision_sso");
  await expect(admin.getByTestId("audit-table")).toContainText(email);
  await admin.goto("/settings/audit?action=auth.sign_in_sso");
  await expect(admin.getByTestId("audit-table")).toContainText("李娜");
  await admin.goto("/settings/audit");
  await admin.getByTestId("audit-verify").click();
  await expect(admin.getByTestId("audit-verify-result")).toHaveAttribute("data-ok", "true");
  await adminContext.close();
});
