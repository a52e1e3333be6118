/**
 * Shared steps for the end-to-end specs: sign in, create a survey, invite a contact, read the NPS headline.
 * Expected figures are always computed with the product's own maths (src/lib/nps.ts) and formatting
 * (src/lib/format.ts), never hard-coded.
 */
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";
import pg from "pg";
import type { Locale } from "../../src/i18n/locales";
import { createTranslator, type Translate } from "../../src/i18n/translate";
import { DEFAULT_PORTS } from "../../scripts/lib/ports";
import { DEMO_PASSWORD } from "../../src/lib/demo-accounts";
import { formatNps, formatNumber, formatPercentages } from "../../src/lib/format";
import type { NpsStats } from "../../src/lib/nps";

export const SCREENSHOT_DIR = path.join("test-results", "screenshots");
export const screenshotPath = (name: string) => path.join(SCREENSHOT_DIR, name);

export const en = createTranslator("en");
export const zh = createTranslator("zh-CN");
export const translatorFor = (locale: Locale): Translate => (locale === "en" ? en : zh);

/** A short unique suffix so that reruns against the same database never collide. */
export function unique(prefix = "e2e"): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}

export const ADMIN_EMAIL = "admin@demo-bank.example";

/** Signs in through the real login form and waits for the dashboard. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("[data-testid=login-form] button[type=submit]:enabled").click();
  await page.waitForURL(/\/dashboard(\?|$)/);
}

export type NewSurvey = {
  name: string;
  brandName: string;
  kind?: "RELATIONSHIP" | "TRANSACTIONAL";
  touchpoint?: string;
  defaultLocale?: Locale;
  template?: "standard" | "servqual" | "kano";
};

/**
 * Creates a draft survey through /surveys and returns its id (read from the redirect to the builder,
 * /surveys/<id>/edit), leaving the browser in the builder.
 */
export async function createDraftSurvey(page: Page, survey: NewSurvey): Promise<string> {
  await page.goto("/surveys");
  const form = page.getByTestId("create-survey-form");
  await form.locator("#name").fill(survey.name);
  await form.locator("#brandName").fill(survey.brandName);
  await form.locator("#kind").selectOption(survey.kind ?? "RELATIONSHIP");
  if (survey.kind === "TRANSACTIONAL") {
    await expect(form.locator("#touchpoint")).toBeVisible();
    await form.locator("#touchpoint").fill(survey.touchpoint ?? "");
  } else {
    await expect(form.locator("#touchpoint")).toHaveCount(0);
  }
  await form.locator("#defaultLocale").selectOption(survey.defaultLocale ?? "zh-CN");
  await form.locator("#template").selectOption(survey.template ?? "standard");
  await form.locator("button[type=submit]:enabled").click();
  await page.waitForURL(/\/surveys\/[0-9a-f-]{36}\/edit$/);
  const id = new URL(page.url()).pathname.split("/").at(-2) ?? "";
  await expect(page.getByTestId("survey-name")).toHaveValue(survey.name);
  return id;
}

/** Publishes a survey from its page (draft → active) and waits until the page says so. */
export async function publishSurvey(page: Page, surveyId: string): Promise<void> {
  await page.goto(`/surveys/${surveyId}`);
  await page.getByTestId("survey-publish").click();
  await expect(page.getByTestId("survey-lifecycle")).toHaveAttribute("data-status", "ACTIVE");
}

/** Creates a survey from the standard template and publishes it; returns its id with the browser on its page. */
export async function createSurvey(page: Page, survey: NewSurvey): Promise<string> {
  const id = await createDraftSurvey(page, survey);
  await publishSurvey(page, id);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(survey.name);
  return id;
}

export type NewContact = { email: string; name?: string; locale?: Locale | "" };

/**
 * Invites a contact from the survey page the browser is on and returns the personal link shown in the
 * status box (an absolute URL).
 */
export async function inviteContact(page: Page, contact: NewContact): Promise<string> {
  const form = page.getByTestId("invite-form");
  await form.locator("#invite-email").fill(contact.email);
  await form.locator("#invite-name").fill(contact.name ?? "");
  await form.locator("#invite-locale").selectOption(contact.locale ?? "");
  await form.locator("button[type=submit]:enabled").click();
  // The status box names the contact that was just invited, so a previous invitation's link is never read.
  const status = page.getByRole("status").filter({ hasText: contact.email.toLowerCase() });
  await expect(status).toBeVisible();
  const link = status.getByTestId("new-link");
  const href = await link.getAttribute("href");
  expect(href).toMatch(/\/s\/[A-Za-z0-9_-]{22,64}$/);
  await expect(link).toHaveText(href ?? "");
  return href ?? "";
}

export function tokenOf(link: string): string {
  return new URL(link).pathname.split("/").pop() ?? "";
}

/** The row of the invitations table for a contact (matched by email). */
export function invitationRow(page: Page, email: string): Locator {
  return page.getByTestId("invitations").locator("tbody tr").filter({ hasText: email.toLowerCase() });
}

/** Asserts the NPS headline inside `scope` shows exactly what the product's maths says for `stats`. */
export async function expectHeadline(scope: Page | Locator, stats: NpsStats, locale: Locale): Promise<void> {
  const t = translatorFor(locale);
  const headline = scope.getByTestId("nps-headline");
  await expect(headline).toBeVisible();
  await expect(headline.getByTestId("nps-n")).toHaveText(formatNumber(stats.n, locale));
  await expect(headline.getByTestId("nps-value")).toHaveText(formatNps(stats.nps, locale));
  await expect(headline.getByTestId("nps-ci")).toContainText(
    t("dashboard.ci", { low: formatNps(stats.ciLow, locale), high: formatNps(stats.ciHigh, locale) }),
  );
  await expect(headline.getByTestId("nps-mean")).toHaveText(formatNumber(stats.mean, locale, 1));
  const shares = formatPercentages([stats.promoters, stats.passives, stats.detractors], locale);
  const segments = [
    ["promoters", stats.promoters, shares[0]],
    ["passives", stats.passives, shares[1]],
    ["detractors", stats.detractors, shares[2]],
  ] as const;
  for (const [key, count, share] of segments) {
    const segment = headline.getByTestId(`count-${key}`);
    await expect(segment.getByTestId("count")).toHaveText(formatNumber(count, locale));
    await expect(segment.getByTestId("share")).toHaveText(share ?? "—");
  }
}

/** Parses a number as formatNumber prints it in en / zh-CN ("1,234"). */
export function parseDisplayedInteger(text: string): number {
  const cleaned = text.replace(/[,\s\u00a0]/g, "");
  expect(cleaned, `"${text}" should be an integer`).toMatch(/^\d+$/);
  return Number(cleaned);
}

/** Reads n and the three counts shown in a headline. */
export async function readHeadlineCounts(scope: Page | Locator) {
  const headline = scope.getByTestId("nps-headline");
  await expect(headline).toBeVisible();
  const read = async (testId: string) => parseDisplayedInteger((await headline.getByTestId(testId).innerText()).trim());
  return {
    n: await read("nps-n"),
    promoters: parseDisplayedInteger(await headline.getByTestId("count-promoters").getByTestId("count").innerText()),
    passives: parseDisplayedInteger(await headline.getByTestId("count-passives").getByTestId("count").innerText()),
    detractors: parseDisplayedInteger(await headline.getByTestId("count-detractors").getByTestId("count").innerText()),
    nps: (await headline.getByTestId("nps-value").innerText()).trim(),
  };
}

/** n on a page: 0 when the page says "no responses", else the headline's n. */
export async function readN(page: Page): Promise<number> {
  const none = page.getByTestId("no-responses");
  const headline = page.getByTestId("nps-headline");
  await expect(none.or(headline)).toBeVisible();
  if (await none.isVisible()) return 0;
  return parseDisplayedInteger((await headline.getByTestId("nps-n").innerText()).trim());
}

/** The e2e server's database (scripts/e2e-server.ts), for setting up what no screen can (a second tenant). */
export function e2eDatabaseUrl(): string {
  const external = process.env.DATABASE_URL_TEST;
  if (external) {
    const url = new URL(external);
    url.pathname = "/nps_e2e";
    return url.toString();
  }
  return `postgresql://postgres:postgres@127.0.0.1:${process.env.E2E_DB_PORT || DEFAULT_PORTS.e2e}/nps_e2e`;
}

/** Runs one query on the e2e server's database (a fresh connection each time) and returns its rows. */
export async function queryE2eDatabase<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export type AxeFinding = { id: string; impact: string | null | undefined; help: string; nodes: string[] };

/** axe's serious and critical findings on the page (WCAG 2.1 A and AA), the first five places of each. */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} — ${n.failureSummary ?? ""}`) }));
}

export async function expectNoSeriousAxe(page: Page): Promise<void> {
  expect(await seriousAxeFindings(page)).toEqual([]);
}

/** The page does not scroll sideways (its content is no wider than the viewport). */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "the page should not scroll sideways").toBeLessThanOrEqual(0);
}
