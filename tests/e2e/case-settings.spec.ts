/**
 * Settings → Cases as an admin: change the NORMAL deadline, add a root cause in both languages (and meet the
 * duplicate-key error), add an assignment rule (and meet the no-condition error), add and edit a reply
 * template (and meet the unknown-placeholder error); the page in zh-CN; a CX manager gets the 404 page.
 * What the test adds is removed again and the deadline restored, so the other specs see the demo settings.
 */
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_EMAIL, en, screenshotPath, signIn, unique, zh } from "./helpers";

test.use({ locale: "en-US" });

const MANAGER_EMAIL = "manager@demo-bank.example";

async function saveSla(page: Page, normal: string) {
  const form = page.getByTestId("sla-form");
  await form.locator("#sla-NORMAL").fill(normal);
  await form.getByRole("button", { name: en("caseSettings.save") }).click();
  await expect(form.getByTestId("sla-form-saved")).toHaveText(en("caseSettings.saved"));
}

test("an admin configures deadlines, root causes, rules and reply templates, in English and Chinese", async ({ page, browser }) => {
  await signIn(page, ADMIN_EMAIL);
  await page.goto("/settings/api-keys");
  await page.getByTestId("settings-tabs").getByRole("link", { name: en("caseSettings.nav") }).click();
  await page.waitForURL(/\/settings\/cases$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("caseSettings.title"));
  await expect(page.getByTestId("settings-tabs").getByRole("link", { name: en("caseSettings.nav") })).toHaveAttribute("aria-current", "page");

  // --- SLA: NORMAL hours; a bad value is refused on the field --------------------------------------------
  const normalInput = page.getByTestId("sla-form").locator("#sla-NORMAL");
  const originalNormal = await normalInput.inputValue();
  const newNormal = originalNormal === "49" ? "50" : "49";
  await normalInput.fill("0");
  await page.getByTestId("sla-form").locator("#sla-NORMAL").evaluate((input: HTMLInputElement) => input.removeAttribute("min"));
  await page.getByTestId("sla-form").getByRole("button", { name: en("caseSettings.save") }).click();
  await expect(page.getByTestId("sla-form").getByText(en("caseSettings.error.hours", { max: 8760 }))).toBeVisible();
  await saveSla(page, newNormal);
  await page.reload();
  await expect(page.getByTestId("sla-form").locator("#sla-NORMAL")).toHaveValue(newNormal);

  // --- root cause in both languages; the same key again is a form error ----------------------------------
  const key = `e2e_${randomBytes(4).toString("hex")}`;
  const labelZh = `自助机故障 ${key.slice(-4)}`;
  const labelEn = `Kiosk failure ${key.slice(-4)}`;
  const addCause = page.getByTestId("root-cause-add");
  await addCause.locator("#root-cause-key").fill(key);
  await addCause.locator("#root-cause-zh").fill(labelZh);
  await addCause.locator("#root-cause-en").fill(labelEn);
  await addCause.getByRole("button", { name: en("caseSettings.rootCauses.add") }).click();
  const causeRow = page.locator(`[data-testid=root-cause][data-key="${key}"]`);
  await expect(causeRow.getByTestId("root-cause-zh")).toHaveText(labelZh);
  await expect(causeRow.getByTestId("root-cause-en")).toHaveText(labelEn);
  await expect(causeRow).toHaveAttribute("data-active", "true");
  await addCause.locator("#root-cause-key").fill(key);
  await addCause.locator("#root-cause-zh").fill("重复");
  await addCause.locator("#root-cause-en").fill("Duplicate");
  await addCause.getByRole("button", { name: en("caseSettings.rootCauses.add") }).click();
  await expect(addCause.getByText(en("caseSettings.error.duplicateKey"))).toBeVisible();
  await expect(page.locator(`[data-testid=root-cause][data-key="${key}"]`)).toHaveCount(1);

  // --- an assignment rule; without any condition it is refused --------------------------------------------
  const ruleName = unique("Kiosk VIPs");
  const touchpoint = unique("kiosk");
  await page.getByTestId("rule-form-new-open").click();
  const ruleForm = page.getByTestId("rule-form-new");
  await ruleForm.locator("#rule-form-new-name").fill(ruleName);
  await ruleForm.getByLabel(en("caseSettings.rules.category.DETRACTOR")).uncheck();
  await ruleForm.locator("#rule-form-new-ownerId").selectOption({ index: 1 });
  await ruleForm.getByTestId("rule-form-new-submit").click();
  await expect(ruleForm.getByTestId("rule-form-new-conditions-error")).toHaveText(en("caseSettings.error.conditions"));
  await ruleForm.getByLabel(en("caseSettings.rules.category.DETRACTOR")).check();
  await ruleForm.locator("#rule-form-new-maxScore").fill("3");
  await ruleForm.locator("#rule-form-new-touchpoints").fill(touchpoint);
  await ruleForm.locator("#rule-form-new-attributes").fill("tier = vip, gold");
  await ruleForm.locator("#rule-form-new-priority").selectOption("HIGH");
  const ownerName = ((await ruleForm.locator("#rule-form-new-ownerId option:checked").textContent()) ?? "").split(" · ")[0] ?? "";
  await ruleForm.getByTestId("rule-form-new-submit").click();
  await expect(page.getByTestId("rule-form-new")).toHaveCount(0);
  const ruleRow = page.locator("[data-testid=case-rule]").filter({ hasText: ruleName });
  await expect(ruleRow).toHaveCount(1);
  await expect(ruleRow.getByTestId("case-rule-priority")).toHaveText(en("cases.priority.HIGH"));
  await expect(ruleRow.getByTestId("case-rule-owner")).toHaveText(ownerName);
  await expect(ruleRow).toContainText(en("caseSettings.rules.summary.maxScore", { score: 3 }));
  await expect(ruleRow).toContainText(en("caseSettings.rules.summary.touchpoints", { values: touchpoint }));
  await expect(ruleRow).toContainText(en("caseSettings.rules.summary.attribute", { key: "tier", values: "vip, gold" }));

  // --- a reply template: add, edit (an unknown placeholder is refused) ------------------------------------
  const templateName = unique("Apology");
  await page.getByTestId("template-form-new-en-open").click();
  const newTemplate = page.getByTestId("template-form-new-en");
  await newTemplate.locator("#template-form-new-en-name").fill(templateName);
  await newTemplate.locator("#template-form-new-en-subject").fill("Sorry, {name}");
  await newTemplate.locator("#template-form-new-en-body").fill("Dear {name},\n\n{brand} has fixed the kiosk.");
  await newTemplate.getByTestId("template-form-new-en-submit").click();
  const templateRow = page.getByTestId("reply-templates-en").locator("[data-testid=reply-template]").filter({ hasText: templateName });
  await expect(templateRow.getByTestId("reply-template-subject")).toHaveText("Sorry, {name}");
  await templateRow.getByRole("button", { name: en("caseSettings.edit") }).click();
  const editForm = templateRow.locator("form[data-testid^=template-form-]");
  const bodyField = editForm.locator("textarea[name=body]");
  await bodyField.fill("Dear {customer}, sorry.");
  await editForm.getByRole("button", { name: en("caseSettings.save") }).click();
  await expect(editForm.getByText(en("caseSettings.error.placeholders", { list: "{name}, {brand}" }))).toBeVisible();
  const newSubject = `We fixed it, {name} (${unique("s")})`;
  await editForm.locator("input[name=subject]").fill(newSubject);
  await editForm.locator("textarea[name=body]").fill("Dear {name},\n\n{brand} has fixed the kiosk. Thank you!");
  await editForm.getByRole("button", { name: en("caseSettings.save") }).click();
  await expect(templateRow.getByTestId("reply-template-subject")).toHaveText(newSubject);
  await expect(page.getByTestId("template-placeholders")).toHaveText(en("caseSettings.templates.placeholders", { list: "{name}, {brand}" }));
  await page.screenshot({ path: screenshotPath("case-settings-en.png"), fullPage: true });

  // --- the same page in zh-CN -------------------------------------------------------------------------------
  await page.context().addCookies([{ name: "locale", value: "zh-CN", url: page.url() }]);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(zh("caseSettings.title"));
  await expect(page.getByRole("heading", { name: zh("caseSettings.sla.title") })).toBeVisible();
  await expect(page.getByRole("heading", { name: zh("caseSettings.rules.title") })).toBeVisible();
  await expect(page.getByRole("heading", { name: zh("caseSettings.rootCauses.title") })).toBeVisible();
  await expect(page.getByRole("heading", { name: zh("caseSettings.templates.title") })).toBeVisible();
  await expect(page.getByTestId("sla-form").getByText(zh("caseSettings.sla.hours", { priority: zh("cases.priority.NORMAL") }))).toBeVisible();
  await expect(page.getByTestId("sla-form").locator("#sla-NORMAL")).toHaveValue(newNormal);
  await expect(ruleRow.getByTestId("case-rule-priority")).toHaveText(zh("cases.priority.HIGH"));
  await expect(ruleRow).toContainText(zh("caseSettings.rules.summary.maxScore", { score: 3 }));
  await expect(page.locator(`[data-testid=root-cause][data-key="${key}"]`).getByTestId("root-cause-zh")).toHaveText(labelZh);
  await expect(page.getByTestId("settings-tabs").getByRole("link", { name: zh("caseSettings.nav") })).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: screenshotPath("case-settings-zh-CN.png"), fullPage: true });
  await page.context().addCookies([{ name: "locale", value: "en", url: page.url() }]);
  await page.reload();

  // --- clean up: the other specs expect the demo settings ------------------------------------------------
  page.on("dialog", (dialog) => void dialog.accept());
  await ruleRow.getByTestId("rule-delete").click();
  await expect(page.locator("[data-testid=case-rule]").filter({ hasText: ruleName })).toHaveCount(0);
  await templateRow.getByTestId("template-delete").click();
  await expect(page.getByTestId("reply-templates-en").locator("[data-testid=reply-template]").filter({ hasText: templateName })).toHaveCount(0);
  await page.locator(`[data-testid=root-cause][data-key="${key}"]`).getByTestId("root-cause-toggle").click();
  await expect(page.locator(`[data-testid=root-cause][data-key="${key}"]`)).toHaveAttribute("data-active", "false");
  await page.locator(`[data-testid=root-cause][data-key="${key}"]`).getByTestId("root-cause-delete").click();
  await expect(page.locator(`[data-testid=root-cause][data-key="${key}"]`)).toHaveCount(0);
  await saveSla(page, originalNormal);

  // --- a CX manager does not get the page ------------------------------------------------------------------
  const context = await browser.newContext({ locale: "en-US" });
  const manager = await context.newPage();
  await signIn(manager, MANAGER_EMAIL);
  const response = await manager.goto("/settings/cases");
  expect(response?.status()).toBe(404);
  await expect(manager.getByText(en("error.notFound.title"))).toBeVisible();
  await expect(manager.getByTestId("settings-tabs")).toHaveCount(0);
  await context.close();
});
