/**
 * Public links and QR codes end to end: an admin opens a demo survey's links page, creates a QR link tagged
 * branch = 浦东支行, sees it listed with its QR preview and public URL, and downloads the code as PNG and SVG.
 * A CX manager sees the list and downloads but no create form; a viewer gets the 404 page.
 */
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_EMAIL, en, screenshotPath, signIn, unique } from "./helpers";

test.use({ locale: "en-US" });

const DEMO_SURVEY = "开户体验 · Account opening";
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function demoSurveyId(page: Page): Promise<string> {
  await page.goto("/surveys");
  const href = await page.getByRole("link", { name: DEMO_SURVEY }).getAttribute("href");
  const surveyId = href?.split("/").pop() ?? "";
  expect(surveyId).toMatch(/^[0-9a-f-]{36}$/);
  return surveyId;
}

test("an admin creates a tagged QR link, sees its preview and downloads the code as PNG and SVG", async ({ page }) => {
  await signIn(page, ADMIN_EMAIL);
  const surveyId = await demoSurveyId(page);
  await page.goto(`/surveys/${surveyId}/links`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("links.title"));

  // Bad input is answered next to the field, nothing is created.
  const form = page.getByTestId("create-link-form");
  await form.locator("#link-name").fill("Half a tag");
  await form.locator("#link-attribute-key").fill("branch");
  await form.getByRole("button", { name: en("links.create") }).click();
  await expect(page.locator("#link-attribute-value-error")).toHaveText(en("links.error.valueMissing"));

  const name = unique("Pudong counter");
  await page.locator("#link-name").fill(name);
  await page.locator("#link-channel").selectOption("QR");
  await page.locator("#link-attribute-key").fill("branch");
  await page.locator("#link-attribute-value").fill("浦东支行");
  await page.getByTestId("create-link-form").getByRole("button", { name: en("links.create") }).click();
  await expect(page.getByTestId("link-created")).toHaveText(en("links.created", { name }));

  const row = page.getByTestId("survey-links").locator("tbody tr").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("link-tag")).toHaveText("branch = 浦东支行");
  await expect(row).toContainText(en("links.channel.QR"));
  await expect(row.getByTestId("link-responses")).toHaveText("0");
  await expect(row.getByTestId("link-status")).toHaveText(en("links.active"));
  const url = (await row.getByTestId("link-url").textContent()) ?? "";
  expect(url).toMatch(/^http:\/\/localhost:\d+\/s\/[A-Za-z0-9_-]{43}$/);
  // The fields are empty again for the next link.
  await expect(page.locator("#link-name")).toHaveValue("");

  // The preview is the SVG route, loaded as an image.
  const preview = row.getByTestId("link-qr-preview");
  await expect(preview).toHaveAttribute("alt", en("links.qrAlt", { name }));
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await page.screenshot({ path: screenshotPath("survey-links.png"), fullPage: true });

  const [png] = await Promise.all([page.waitForEvent("download"), row.getByTestId("link-qr-png").click()]);
  // Chromium takes the UTF-8 filename*: the link's name, spaces as hyphens.
  expect(png.suggestedFilename()).toBe(`qr-${name.replace(/\s+/g, "-")}.png`);
  const pngBytes = await readFile((await png.path()) ?? "");
  expect([...pngBytes.subarray(0, 8)]).toEqual(PNG_MAGIC);
  expect(pngBytes.byteLength).toBeGreaterThan(1000);

  const [svg] = await Promise.all([page.waitForEvent("download"), row.getByTestId("link-qr-svg").click()]);
  expect(svg.suggestedFilename()).toBe(`qr-${name.replace(/\s+/g, "-")}.svg`);
  const svgText = (await readFile((await svg.path()) ?? "")).toString("utf8");
  expect(svgText.startsWith("<svg") || svgText.startsWith("<?xml")).toBe(true);
  expect(svgText).toContain("<path");

});

test("a CX manager sees links and downloads but cannot create; a viewer gets 404", async ({ page, request }) => {
  await signIn(page, "manager@demo-bank.example");
  const surveyId = await demoSurveyId(page);
  await page.goto(`/surveys/${surveyId}/links`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("links.title"));
  await expect(page.getByTestId("create-link-form")).toHaveCount(0);
  await expect(page.getByRole("button", { name: en("links.disable") })).toHaveCount(0);

  // Without a session the QR route answers 401 JSON.
  const anonymous = await request.get(`/surveys/${surveyId}/links/00000000-0000-7000-8000-000000000000/qr?format=png`);
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });

  await page.context().clearCookies();
  await signIn(page, "viewer@demo-bank.example");
  const response = await page.goto(`/surveys/${surveyId}/links`);
  expect(response?.status()).toBe(404);
});
