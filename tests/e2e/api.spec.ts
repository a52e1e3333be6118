/**
 * The REST API end to end: an admin creates an API key in Settings, sees it once, reads a demo survey's NPS
 * with it (no session), revokes it, and the next call is refused. Roles below ADMIN cannot reach the page.
 */
import { expect, test, type APIResponse } from "@playwright/test";
import { API_KEY_PATTERN } from "../../src/schemas/api";
import { ADMIN_EMAIL, en, screenshotPath, signIn, unique } from "./helpers";

test.use({ locale: "en-US" });

const DEMO_SURVEY = "开户体验 · Account opening";
const STATS_KEYS = ["n", "promoters", "passives", "detractors", "nps", "ciLow", "ciHigh", "mean"];

async function expectUnauthorized(response: APIResponse): Promise<void> {
  expect(response.status()).toBe(401);
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  expect(await response.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
}

test("an admin creates an API key, reads a survey's NPS with it, revokes it, and it stops working", async ({ page, request }) => {
  await signIn(page, ADMIN_EMAIL);

  // The demo survey's id, from its link in the survey list.
  await page.goto("/surveys");
  const href = await page.getByRole("link", { name: DEMO_SURVEY }).getAttribute("href");
  const surveyId = href?.split("/").pop() ?? "";
  expect(surveyId).toMatch(/^[0-9a-f-]{36}$/);
  const endpoint = `/api/v1/surveys/${surveyId}/nps`;

  // Settings → API keys, from the navigation.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: en("nav.settings") }).click();
  await page.waitForURL(/\/settings\/api-keys$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("apiKeys.title"));

  const name = unique("CRM");
  const form = page.getByTestId("create-api-key-form");
  await form.locator("#api-key-name").fill(name);
  await form.getByRole("button", { name: en("apiKeys.create") }).click();

  const shown = page.getByTestId("new-api-key");
  await expect(shown).toBeVisible();
  await expect(shown).toContainText(en("apiKeys.created", { name }));
  await expect(shown.getByTestId("new-api-key-warning")).toHaveText(en("apiKeys.createdWarning"));
  await expect(shown.getByRole("button", { name: en("apiKeys.copy") })).toBeVisible();
  const key = await shown.getByTestId("new-api-key-value").inputValue();
  expect(key).toMatch(API_KEY_PATTERN);
  const prefix = key.slice(4, 12);

  const row = page.getByTestId("api-keys").locator("tbody tr").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`nps_${prefix}_…`);
  await expect(row).toContainText(en("apiKeys.active"));
  await expect(row).toContainText(en("apiKeys.neverUsed"));
  await expect(row).not.toContainText(key);
  await page.screenshot({ path: screenshotPath("api-keys-created.png"), fullPage: true });

  // Without a key: 401. With it: the contract's stats shape, n > 0 (no session involved).
  await expectUnauthorized(await request.get(endpoint));
  const response = await request.get(endpoint, { headers: { Authorization: `Bearer ${key}` } });
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  const stats = (await response.json()) as Record<string, number>;
  expect(Object.keys(stats)).toEqual(STATS_KEYS);
  for (const field of STATS_KEYS) expect(typeof stats[field], field).toBe("number");
  expect(stats.n).toBeGreaterThan(0);
  expect((stats.promoters ?? 0) + (stats.passives ?? 0) + (stats.detractors ?? 0)).toBe(stats.n);
  expect(stats.nps).toBeCloseTo((100 * ((stats.promoters ?? 0) - (stats.detractors ?? 0))) / (stats.n ?? 1), 2);

  const grouped = await request.get(`${endpoint}?range=12m&groupBy=attribute:region`, { headers: { Authorization: `Bearer ${key}` } });
  expect(grouped.status()).toBe(200);
  const body = (await grouped.json()) as { groups: { key: string; n: number; suppressed: boolean }[]; overall: { n: number } };
  expect(body.groups.length).toBeGreaterThan(1);
  expect(body.groups.reduce((sum, g) => sum + g.n, 0)).toBe(body.overall.n);

  const invalid = await request.get(`${endpoint}?groupBy=nonsense`, { headers: { Authorization: `Bearer ${key}` } });
  expect(invalid.status()).toBe(422);
  expect(await invalid.json()).toEqual({ error: { code: "validation_failed", message: expect.any(String) } });

  // The key is shown once: after a reload it is gone from the page, and the list shows it was used.
  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  expect(await page.content()).not.toContain(key);
  await expect(row).not.toContainText(en("apiKeys.neverUsed"));

  // Revoke (after confirming), then the next call is 401.
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toBe(en("apiKeys.revokeConfirm", { name }));
    void dialog.accept();
  });
  await row.getByRole("button", { name: en("apiKeys.revoke") }).click();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: en("apiKeys.revoke") })).toHaveCount(0);
  await expectUnauthorized(await request.get(endpoint, { headers: { Authorization: `Bearer ${key}` } }));
  await page.screenshot({ path: screenshotPath("api-keys-revoked.png"), fullPage: true });
});

test("the OpenAPI document is public and names the endpoint", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const doc = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(doc.openapi).toMatch(/^3\.1/);
  expect(Object.keys(doc.paths)).toContain("/api/v1/surveys/{id}/nps");
});

for (const email of ["viewer@demo-bank.example", "manager@demo-bank.example"]) {
  test(`${email.split("@")[0]} has no Settings link and cannot reach the API keys page`, async ({ page }) => {
    await signIn(page, email);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: en("nav.dashboard") })).toBeVisible();
    await expect(page.getByRole("link", { name: en("nav.settings") })).toHaveCount(0);
    const response = await page.goto("/settings/api-keys");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("create-api-key-form")).toHaveCount(0);
    await expect(page.getByTestId("api-keys")).toHaveCount(0);
    await expect(page.getByRole("heading", { name: en("apiKeys.title") })).toHaveCount(0);
  });
}
