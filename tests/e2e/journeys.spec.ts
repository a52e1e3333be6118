/**
 * Customer journeys (issue 13), end to end in Chromium on the demo data: an admin in zh-CN defines a journey of three
 * stages from the demo's touchpoints (预约 → 网点办理 → 激活); a CX manager opens it, sees the emotion curve with its
 * band, the activation stage flagged as the pain point (BH-corrected, raw p beside q) and the booking stage as the
 * delight point, and drills into the pain stage's verbatims on the dashboard. The page in English and on a 390 px
 * phone; no serious axe findings; managers cannot open the editor.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN_EMAIL, en, expectNoHorizontalOverflow, expectNoSeriousAxe, screenshotPath, signIn, unique, zh } from "./helpers";

const MANAGER = "manager@demo-bank.example";
const PHONE = { width: 390, height: 844 };

async function open(browser: Browser, email: string, locale: "zh-CN" | "en-US", viewport = { width: 1280, height: 900 }): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  await signIn(page, email);
  return { page, close: () => context.close() };
}

/**
 * The stage labels under the emotion curve: one per stage, each inside the chart, none overlapping its neighbour
 * (bounding boxes in page pixels); when the axis carries numbers, the key under the chart names every stage.
 */
async function expectStageLabelsApart(page: Page, stages: number): Promise<void> {
  const ticks = page.getByTestId("emotion-curve-tick");
  await expect(ticks).toHaveCount(stages);
  const chart = await page.getByTestId("emotion-curve").boundingBox();
  const boxes = [];
  for (let i = 0; i < stages; i++) {
    const box = await ticks.nth(i).boundingBox();
    expect(box).not.toBeNull();
    boxes.push(box!);
  }
  boxes.sort((a, b) => a.x - b.x);
  for (const box of boxes) {
    expect(box.x).toBeGreaterThanOrEqual(chart!.x - 1);
    expect(box.x + box.width).toBeLessThanOrEqual(chart!.x + chart!.width + 1);
  }
  for (let i = 1; i < boxes.length; i++) expect(boxes[i - 1]!.x + boxes[i - 1]!.width, `stage label ${i} overlaps label ${i + 1}`).toBeLessThanOrEqual(boxes[i]!.x);
  if ((await page.getByTestId("emotion-curve-wrap").getAttribute("data-axis")) === "numbers") {
    await expect(page.getByTestId("emotion-curve-key").locator("li")).toHaveCount(stages);
  }
}

/** Fills stage `n` (1-based) of the editor in Chinese. */
async function fillStage(page: Page, n: number, names: { zh: string; en: string }, touchpoint: string, kind: "PHYSICAL" | "DIGITAL" | "INTERPERSONAL") {
  const stage = zh("journeys.form.stage", { n });
  await page.getByLabel(`${stage} · ${zh("journeys.form.stageNameZh")}`, { exact: true }).fill(names.zh);
  await page.getByLabel(`${stage} · ${zh("journeys.form.stageNameEn")}`, { exact: true }).fill(names.en);
  await page.getByRole("button", { name: `${zh("journeys.form.addTouchpoint")} · ${stage}`, exact: true }).click();
  const tp = `${stage} · ${zh("journeys.form.touchpoint")} 1`;
  await page.getByLabel(tp, { exact: true }).selectOption(touchpoint);
  await page.getByLabel(`${tp} · ${zh("journeys.form.kind")}`, { exact: true }).selectOption(kind);
}

test("an admin defines a three-stage journey in zh-CN; a manager sees the emotion curve, the pain point and its verbatims", async ({ browser }) => {
  test.setTimeout(240_000);
  const name = unique("开户旅程");
  const admin = await open(browser, ADMIN_EMAIL, "zh-CN");
  const a = admin.page;
  await a.goto("/journeys");
  await expect(a.getByRole("heading", { level: 1 })).toHaveText(zh("journeys.title"));
  await a.getByTestId("journey-new").click();
  await a.waitForURL(/\/journeys\/new$/);
  await a.getByLabel(zh("journeys.form.nameZh"), { exact: true }).fill(name);
  await a.getByLabel(zh("journeys.form.nameEn"), { exact: true }).fill(`Opening ${name}`);
  // Saving without a touchpoint's stage name is refused on the field, and what was typed stays.
  await a.getByTestId("journey-save").click();
  await expect(a.getByTestId("journey-error")).toBeVisible();
  await expect(a.getByLabel(zh("journeys.form.nameZh"), { exact: true })).toHaveValue(name);
  await fillStage(a, 1, { zh: "预约", en: "Booking" }, "开户预约", "DIGITAL");
  await a.getByRole("button", { name: zh("journeys.form.addStage") }).click();
  await fillStage(a, 2, { zh: "网点办理", en: "At the branch" }, "开户", "PHYSICAL");
  await a.getByRole("button", { name: zh("journeys.form.addStage") }).click();
  await fillStage(a, 3, { zh: "激活", en: "Activation" }, "手机银行激活", "DIGITAL");
  await a.screenshot({ path: screenshotPath("journeys-editor-zh.png"), fullPage: true });
  await a.getByTestId("journey-save").click();
  await a.waitForURL(/\/journeys\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  const journeyPath = new URL(a.url()).pathname;
  await expect(a.getByRole("heading", { level: 1 })).toHaveText(name);
  await expect(a.getByTestId("journey-stage")).toHaveCount(3);
  await admin.close();

  const manager = await open(browser, MANAGER, "zh-CN");
  const m = manager.page;
  await m.goto("/journeys");
  await m.getByRole("link", { name, exact: true }).click();
  await m.waitForURL(journeyPath);
  await expect(m.getByRole("heading", { level: 1 })).toHaveText(name);
  const curve = m.getByTestId("emotion-curve");
  await expect(curve).toBeVisible();
  await expect(curve.locator(".recharts-line")).toHaveCount(1);
  await expect(curve.locator(".recharts-area")).toHaveCount(1);
  const stages = m.getByTestId("journey-stage");
  await expect(stages).toHaveCount(3);
  await expect(stages.nth(2)).toHaveAttribute("data-point", "pain");
  await expect(stages.nth(2).getByTestId("stage-point")).toHaveText(zh("journeys.pain.badge"));
  await expect(stages.nth(0)).toHaveAttribute("data-point", "delight");
  await expect(m.getByTestId("pain-points")).toContainText("激活");
  // The test is said with its correction: q and the raw p side by side.
  await expect(stages.nth(2).getByTestId("stage-test")).toContainText(/q [<=] .*p [<=] /);
  await expect(m.getByTestId("journey-method")).toContainText(zh("journeys.correction", { m: 3 }));
  await expect(stages.nth(2).getByTestId("stage-figure")).toContainText("n = ");
  await expectNoSeriousAxe(m);
  await m.screenshot({ path: screenshotPath("journeys-view-zh-desktop.png"), fullPage: true });

  // The pain stage's comments: the dashboard's verbatims, filtered to its touchpoint.
  await stages.nth(2).getByTestId("stage-verbatims").click();
  await m.waitForURL(/\/dashboard\?.*touchpoint=/);
  expect(new URL(m.url()).searchParams.getAll("touchpoint")).toEqual(["手机银行激活"]);
  await expect(m.getByTestId("verbatim").first()).toBeVisible();
  await manager.close();

  // A manager cannot open the editor.
  const again = await open(browser, MANAGER, "en-US");
  const response = await again.page.goto(`${journeyPath}/edit`);
  expect(response?.status()).toBe(404);
  await again.close();
});

test("the demo's journeys in English and on a phone: curve, points, stage labels apart, no horizontal overflow, no serious axe findings", async ({ browser }) => {
  test.setTimeout(180_000);
  for (const [locale, t, tag] of [
    ["en-US", en, "en"],
    ["zh-CN", zh, "zh"],
  ] as const) {
    for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
      const { page, close } = await open(browser, MANAGER, locale, viewport);
      await page.goto("/journeys");
      await page.getByRole("link", { name: t === en ? "Loan application" : "贷款申请", exact: true }).click();
      await page.waitForURL(/\/journeys\/[0-9a-f-]{36}$/);
      await expect(page.getByTestId("emotion-curve")).toBeVisible();
      await expect(page.getByTestId("journey-stage").nth(2)).toHaveAttribute("data-point", "pain");
      await expect(page.getByTestId("journey-stage").nth(1)).toHaveAttribute("data-point", "delight");
      await expect(page.getByTestId("delight-points")).toContainText(t("journeys.delight.title"));
      await expectStageLabelsApart(page, 3);
      await expectNoHorizontalOverflow(page);
      if (viewport.width === 1280) await expectNoSeriousAxe(page);
      await page.screenshot({ path: screenshotPath(`journeys-loan-${tag}-${viewport.width}.png`), fullPage: true });
      await close();
    }
  }
});
