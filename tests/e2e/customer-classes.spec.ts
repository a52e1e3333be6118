/**
 * Customer classes (issue 15) end to end in Chromium, in an organisation of its own (so no other spec's data moves its
 * counts, and its rule change moves nobody else's): an admin in zh-CN is refused a duplicate class key (the field says
 * why, what was typed stays, nothing changes), saves a valid rule change (lost: churned in 90 instead of 365 days) and sees
 * the overview's counts follow; opens the lost class's list and opens follow-up cases from it; a viewer sees the list
 * masked. Screenshots at 1280 and 390 px in en and zh-CN; axe on the overview, a list and the rules page.
 */
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN_EMAIL, en, expectNoHorizontalOverflow, expectNoSeriousAxe, queryE2eDatabase, screenshotPath, signIn, unique, zh } from "./helpers";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const DAY = 86_400_000;

type World = { admin: string; viewer: string; emails: Record<string, string> };

/**
 * A fresh organisation: an admin and a viewer (the demo password), a survey, and contacts — two churned 30 days ago (one of
 * them answered 10 = still lost), three churned 200 days ago, two detractors, one promoter.
 */
async function buildWorld(): Promise<World> {
  const tag = unique("classes");
  const [hash] = await queryE2eDatabase<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE "email" = $1`, [ADMIN_EMAIL]);
  if (!hash) throw new Error("the demo admin exists");
  const [org] = await queryE2eDatabase<{ id: string }>(
    `INSERT INTO "Organization" ("id", "name", "slug", "updatedAt") VALUES (gen_random_uuid(), $1, $2, now()) RETURNING "id"::text AS "id"`,
    [`分类银行 ${tag}`, tag],
  );
  if (!org) throw new Error("organisation");
  const admin = `admin-${tag}@classes.example`;
  const viewer = `viewer-${tag}@classes.example`;
  for (const [email, name, role] of [
    [admin, "分类管理员", "ADMIN"],
    [viewer, "分类观察员", "VIEWER"],
  ] as const) {
    await queryE2eDatabase(
      `WITH u AS (INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING "id")
       INSERT INTO "Membership" ("id", "organizationId", "userId", "role") SELECT gen_random_uuid(), $4::uuid, u."id", $5::"Role" FROM u`,
      [email, name, hash.passwordHash, org.id, role],
    );
  }
  const [survey] = await queryE2eDatabase<{ id: string }>(
    `INSERT INTO "Survey" ("id", "organizationId", "name", "brandName", "status", "updatedAt") VALUES (gen_random_uuid(), $1::uuid, '关系调研', '分类银行', 'ACTIVE', now()) RETURNING "id"::text AS "id"`,
    [org.id],
  );
  if (!survey) throw new Error("survey");
  const now = Date.now();
  const people: { key: string; name: string; churnedDaysAgo?: number; score?: number }[] = [
    { key: "lostRecent", name: "刘流失", churnedDaysAgo: 30, score: 10 },
    { key: "lostRecent2", name: "陈流失", churnedDaysAgo: 30 },
    { key: "lostOld1", name: "旧流失一", churnedDaysAgo: 200 },
    { key: "lostOld2", name: "旧流失二", churnedDaysAgo: 200 },
    { key: "lostOld3", name: "旧流失三", churnedDaysAgo: 200 },
    { key: "detractor1", name: "边缘甲", score: 3 },
    { key: "detractor2", name: "边缘乙", score: 5 },
    { key: "promoter", name: "潜在丙", score: 9 },
  ];
  const emails: Record<string, string> = {};
  for (const [i, p] of people.entries()) {
    const email = `${p.key.toLowerCase()}-${tag}@classes.example`;
    emails[p.key] = email;
    const [contact] = await queryE2eDatabase<{ id: string }>(
      `INSERT INTO "Contact" ("id", "organizationId", "email", "name", "phone", "updatedAt") VALUES (gen_random_uuid(), $1::uuid, $2, $3, '13812345678', now()) RETURNING "id"::text AS "id"`,
      [org.id, email, p.name],
    );
    if (!contact) throw new Error("contact");
    if (p.churnedDaysAgo !== undefined) {
      await queryE2eDatabase(
        `INSERT INTO "OutcomeEvent" ("id", "organizationId", "contactId", "type", "occurredAt", "externalId") VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'churned', $3, $4)`,
        [org.id, contact.id, new Date(now - p.churnedDaysAgo * DAY), `churn-${tag}-${i}`],
      );
    }
    if (p.score !== undefined) {
      const category = p.score >= 9 ? "PROMOTER" : p.score >= 7 ? "PASSIVE" : "DETRACTOR";
      await queryE2eDatabase(
        `INSERT INTO "Response" ("id", "organizationId", "surveyId", "contactId", "score", "category", "locale", "channel", "completed", "completedAt", "createdAt", "updatedAt")
         VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, $4, $5::"NpsCategory", 'zh-CN', 'EMAIL', true, $6, $6, now())`,
        [org.id, survey.id, contact.id, p.score, category, new Date(now - (10 + i) * DAY)],
      );
    }
  }
  return { admin, viewer, emails };
}

async function open(browser: Browser, email: string, locale: "zh-CN" | "en-US", viewport = DESKTOP): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ locale, viewport });
  const page = await context.newPage();
  await signIn(page, email);
  return { page, close: () => context.close() };
}

async function counts(page: Page): Promise<Record<string, string>> {
  await page.goto("/contacts/classes");
  const out: Record<string, string> = {};
  for (const key of ["loyal", "potential", "marginal", "lost"]) out[key] = (await page.getByTestId(`class-count-${key}`).textContent())?.trim() ?? "";
  return out;
}

let world: World;

test.beforeAll(async () => {
  world = await buildWorld();
});

test("an admin in zh-CN is refused a duplicate class key, saves a rule change, sees the counts follow and opens follow-up cases", async ({ browser }) => {
  test.setTimeout(240_000);
  const { page, close } = await open(browser, world.admin, "zh-CN");
  expect(await counts(page)).toEqual({ loyal: "0", potential: "1", marginal: "2", lost: "5" });
  await expect(page.getByRole("heading", { name: zh("classes.title") })).toBeVisible();
  // The trend's legend lists the classes in the cards' order (recharts sorts legends by name unless told not to).
  const cardNames = await page.getByTestId("class-cards").locator("li a span:first-child").allTextContents();
  expect(cardNames).toHaveLength(4);
  await expect(page.getByTestId("class-trend-chart").locator(".recharts-legend-item-text")).toHaveText(cardNames);

  // A key the organisation has already: refused under the field, typed values kept, nothing renamed.
  await page.getByTestId("class-settings-link").click();
  await page.waitForURL(/\/contacts\/classes\/settings/);
  const add = page.getByTestId("class-add");
  await add.locator("#class-add-key").fill("lost");
  await add.locator("#class-add-nameZh").fill("流失二号");
  await add.locator("#class-add-nameEn").fill("Lost again");
  await add.getByRole("button", { name: zh("classes.names.add") }).click();
  await expect(page.getByTestId("class-add-key-error")).toHaveText(zh("classes.error.duplicate"));
  await expect(add.locator("#class-add-key")).toHaveAttribute("aria-invalid", "true");
  await expect(add.locator("#class-add-key")).toHaveValue("lost");
  await expect(add.locator("#class-add-nameZh")).toHaveValue("流失二号");
  await expect(add.locator("#class-add-nameEn")).toHaveValue("Lost again");
  await expect(page.getByTestId("class-name-lost").locator('input[name="nameZh"]')).toHaveValue("流失客户");
  await page.screenshot({ path: screenshotPath("classes-settings-duplicate-zh-1280.png"), fullPage: true });

  // A valid change: lost means churned in the last 90 days (the first rule, its first condition).
  const rule = page.getByTestId("rule-0-form");
  await expect(rule.locator('input[name="c0.type"]')).toHaveValue("churned");
  await rule.locator('input[name="c0.window"]').fill("90");
  await rule.getByRole("button", { name: zh("classes.rules.save") }).click();
  await expect(page.getByTestId("class-settings-saved")).toBeVisible();
  await expect(page.getByTestId("rule-0-form").locator('input[name="c0.window"]')).toHaveValue("90");
  await expectNoSeriousAxe(page);

  // The overview follows: the three who churned 200 days ago are no longer lost (and no rule takes them).
  expect(await counts(page)).toEqual({ loyal: "0", potential: "1", marginal: "2", lost: "2" });
  await expect(page.getByText(`${zh("classes.unclassified")}: 3`)).toBeVisible();
  await expectNoSeriousAxe(page);
  await page.screenshot({ path: screenshotPath("classes-overview-zh-1280.png"), fullPage: true });

  // The lost class's list, then its follow-up cases: one contact answered (a case on it), one never did.
  await page.getByTestId("class-card-lost").click();
  await page.waitForURL(/\/contacts\/classes\/lost$/);
  const rows = page.getByTestId("class-contacts").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("class-contacts")).toContainText(world.emails.lostRecent ?? "missing");
  await expect(page.getByTestId("class-masked")).toHaveCount(0);
  await page.getByTestId("class-follow-up-submit").click();
  const done = page.getByTestId("class-follow-up-done");
  await expect(done).toHaveAttribute("data-created", "1");
  await expect(done).toContainText(zh("classes.followUp.done", { created: 1, alreadyOpen: 0, answerFollowedUp: 0, noAnswer: 1 }));
  // Again: nothing doubles.
  await page.getByTestId("class-follow-up-submit").click();
  await expect(page.getByTestId("class-follow-up-done")).toContainText(zh("classes.followUp.done", { created: 0, alreadyOpen: 1, answerFollowedUp: 0, noAnswer: 1 }));
  await expectNoSeriousAxe(page);
  await page.screenshot({ path: screenshotPath("classes-list-zh-1280.png"), fullPage: true });
  await close();
});

test("a viewer sees a class's list with personal data masked and no follow-up, export or rules", async ({ browser }) => {
  test.setTimeout(120_000);
  const { page, close } = await open(browser, world.viewer, "en-US");
  await page.goto("/contacts/classes/marginal");
  await expect(page.getByRole("heading", { name: "Marginal" })).toBeVisible();
  await expect(page.getByTestId("class-masked")).toHaveText(en("classes.list.masked"));
  const table = page.getByTestId("class-contacts");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(table).toContainText("d***@classes.example");
  await expect(table).not.toContainText(world.emails.detractor1 ?? "missing");
  await expect(table).not.toContainText("边缘甲");
  await expect(page.getByTestId("class-follow-up")).toHaveCount(0);
  await expect(page.getByTestId("class-export")).toHaveCount(0);
  await page.goto("/contacts/classes");
  await expect(page.getByTestId("class-settings-link")).toHaveCount(0);
  await page.screenshot({ path: screenshotPath("classes-viewer-overview-en-1280.png"), fullPage: true });
  await close();
});

test("the class pages in en and zh-CN at 1280 and 390 px: no horizontal overflow, no serious axe findings", async ({ browser }) => {
  test.setTimeout(240_000);
  for (const [locale, tag] of [
    ["en-US", "en"],
    ["zh-CN", "zh"],
  ] as const) {
    for (const viewport of [DESKTOP, PHONE]) {
      const { page, close } = await open(browser, world.admin, locale, viewport);
      for (const [path, name] of [
        ["/contacts/classes", "overview"],
        ["/contacts/classes/marginal", "list"],
        ["/contacts/classes/settings", "settings"],
      ] as const) {
        await page.goto(path);
        await expect(page.locator("main h1").first()).toBeVisible();
        await page.screenshot({ path: screenshotPath(`classes-${name}-${tag}-${viewport.width}.png`), fullPage: true });
        await expectNoHorizontalOverflow(page);
        if (viewport.width === DESKTOP.width && tag === "en") await expectNoSeriousAxe(page);
      }
      await close();
    }
  }
});
