/**
 * Bad input never gets stored and never gets a 5xx: the respondent endpoint against malformed answers and
 * tokens, tenant isolation of survey pages, and the health contract.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { COMMENT_MAX_LENGTH } from "../../src/schemas/response";
import pg from "pg";
import { ADMIN_EMAIL, createSurvey, e2eDatabaseUrl, en, invitationRow, inviteContact, readN, signIn, tokenOf, unique } from "./helpers";

test.use({ locale: "en-US" });

const answerUrl = (token: string) => `/s/${token}/answer`;
/** What an English-speaking respondent's browser sends (the APIRequestContext sends no Accept-Language). */
const BROWSER_HEADERS = { "accept-language": "en-US,en;q=0.9" };

async function expectJsonError(response: APIResponse, status: number, code: string) {
  expect(response.status(), await response.text()).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/json");
  const body: unknown = await response.json();
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
  expect((body as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
}

async function expectHtmlError(response: APIResponse, status: number, title: string) {
  expect(response.status(), await response.text()).toBe(status);
  expect(response.headers()["content-type"]).toContain("text/html");
  expect(await response.text()).toContain(title);
}

async function readCounts(admin: Page, surveyId: string) {
  await admin.goto(`/surveys/${surveyId}`);
  const survey = await readN(admin);
  await admin.goto("/dashboard");
  const all = await readN(admin);
  return { survey, all };
}

test.describe("the respondent endpoint rejects bad answers and stores nothing", () => {
  test("bad scores, comments, tokens and bodies are 4xx; a valid answer is recorded once", async ({ page: admin, request }) => {
    await signIn(admin, ADMIN_EMAIL);
    const surveyId = await createSurvey(admin, { name: unique("Bad input"), brandName: "Bad Input Bank", defaultLocale: "en" });
    const contact = { email: `${unique("bad")}@example.com`, name: "王小明", locale: "en" as const };
    const link = await inviteContact(admin, contact);
    const token = tokenOf(link);
    const before = await readCounts(admin, surveyId);
    expect(before.survey).toBe(0);

    const scoreError = en("respondent.error.score");
    const commentError = en("respondent.error.comment", { max: COMMENT_MAX_LENGTH });
    const tooLong = "好".repeat(COMMENT_MAX_LENGTH + 1);
    const formCases: { label: string; form: Record<string, string>; message: string }[] = [
      { label: "score=11", form: { score: "11" }, message: scoreError },
      { label: "score=-1", form: { score: "-1" }, message: scoreError },
      { label: "score=abc", form: { score: "abc" }, message: scoreError },
      { label: "score=3.5", form: { score: "3.5" }, message: scoreError },
      { label: "score empty", form: { score: "" }, message: scoreError },
      { label: "no score", form: { comment: "no score at all" }, message: scoreError },
      { label: `${COMMENT_MAX_LENGTH + 1}-char comment`, form: { score: "5", comment: tooLong }, message: commentError },
    ];
    for (const { label, form, message } of formCases) {
      await test.step(`form ${label}`, async () => {
        const response = await request.post(answerUrl(token), { form, headers: BROWSER_HEADERS, maxRedirects: 0 });
        await expectHtmlError(response, 422, en("respondent.error.title"));
        expect(await response.text()).toContain(message);
      });
    }

    const jsonCases: { label: string; data: unknown }[] = [
      { label: "score 11", data: { score: 11 } },
      { label: "score -1", data: { score: -1 } },
      { label: 'score "abc"', data: { score: "abc" } },
      { label: "score 3.5", data: { score: 3.5 } },
      { label: "score null", data: { score: null } },
      { label: "score true", data: { score: true } },
      { label: "no score", data: { comment: "nothing else" } },
      { label: `${COMMENT_MAX_LENGTH + 1}-char comment`, data: { score: 5, comment: tooLong } },
      { label: "comment not a string", data: { score: 5, comment: { text: "x" } } },
    ];
    for (const { label, data } of jsonCases) {
      await test.step(`JSON ${label}`, async () => {
        const response = await request.post(answerUrl(token), { data, maxRedirects: 0 });
        await expectJsonError(response, 422, "validation_failed");
      });
    }

    await test.step("JSON that is not an object, and a body that is neither form nor JSON", async () => {
      const array = await request.post(answerUrl(token), {
        headers: { "content-type": "application/json" },
        data: "[5]",
        maxRedirects: 0,
      });
      await expectJsonError(array, 400, "bad_request");
      const broken = await request.post(answerUrl(token), {
        headers: { "content-type": "application/json" },
        data: '{"score": 5',
        maxRedirects: 0,
      });
      await expectJsonError(broken, 400, "bad_request");
      const text = await request.post(answerUrl(token), {
        headers: { "content-type": "text/plain", accept: "application/json" },
        data: "score=5",
        maxRedirects: 0,
      });
      await expectJsonError(text, 415, "unsupported_media_type");
    });

    await test.step("unknown and malformed tokens are 404", async () => {
      const unknownToken = randomBytes(32).toString("base64url");
      for (const bad of [unknownToken, "abc", "not-a-valid-token!!", `${token}x`.slice(1, 21)]) {
        const form = await request.post(answerUrl(encodeURIComponent(bad)), { form: { score: "7" }, headers: BROWSER_HEADERS, maxRedirects: 0 });
        await expectHtmlError(form, 404, en("respondent.notFound.title"));
        const json = await request.post(answerUrl(encodeURIComponent(bad)), { data: { score: 7 }, maxRedirects: 0 });
        await expectJsonError(json, 404, "not_found");
      }
    });

    await test.step("nothing was stored", async () => {
      const after = await readCounts(admin, surveyId);
      expect(after).toEqual(before);
      await admin.goto(`/surveys/${surveyId}`);
      await expect(admin.getByTestId("no-responses")).toBeVisible();
      await expect(invitationRow(admin, contact.email).locator("td").nth(1)).toHaveText(en("survey.invitations.pending"));
      // The respondent can still answer: the page shows the form.
      const page = await request.get(`/s/${token}`);
      expect(page.status()).toBe(200);
      expect(await page.text()).toContain('name="score"');
    });

    await test.step("a valid answer (comment of exactly the maximum length) is recorded: 303 to the thank-you page", async () => {
      const response = await request.post(answerUrl(token), {
        form: { score: "6", comment: "好".repeat(COMMENT_MAX_LENGTH), locale: "en" },
        maxRedirects: 0,
      });
      expect(response.status(), await response.text()).toBe(303);
      const location = new URL(response.headers()["location"] ?? "", "http://placeholder");
      expect(location.pathname).toBe(`/s/${token}`);
      expect(location.searchParams.get("done")).toBe("1");
      expect(location.searchParams.get("lang")).toBe("en");
    });

    await test.step("a second answer is refused: 303 to the already-answered page (form), 409 (JSON)", async () => {
      const again = await request.post(answerUrl(token), { form: { score: "10" }, maxRedirects: 0 });
      expect(again.status()).toBe(303);
      const location = new URL(again.headers()["location"] ?? "", "http://placeholder");
      expect(location.pathname).toBe(`/s/${token}`);
      expect(location.searchParams.get("done")).toBeNull();
      const landing = await request.get(`${location.pathname}${location.search}`);
      expect(landing.status()).toBe(200);
      const html = await landing.text();
      expect(html).toContain('data-testid="already-answered"');
      expect(html).not.toContain('name="score"');

      const json = await request.post(answerUrl(token), { data: { score: 10 }, maxRedirects: 0 });
      await expectJsonError(json, 409, "already_answered");
    });

    await test.step("exactly one answer, the first valid one, was stored", async () => {
      const after = await readCounts(admin, surveyId);
      expect(after).toEqual({ survey: 1, all: before.all + 1 });
      await admin.goto(`/surveys/${surveyId}`);
      await expect(admin.getByTestId("count-detractors").getByTestId("count")).toHaveText("1");
      await expect(admin.getByTestId("count-promoters").getByTestId("count")).toHaveText("0");
      await expect(invitationRow(admin, contact.email).locator("td").nth(1)).toHaveText(en("survey.invitations.responded"));
    });
  });
});

test.describe("survey pages of other organisations are not found", () => {
  // The e2e database holds a single organisation and there is no UI to create a second one, so a survey id
  // that is not this organisation's is simulated with a random UUID. The true two-organisation cross-read
  // (another tenant's real survey id) is covered by the integration tests against Postgres.
  for (const [label, id] of [
    ["a random valid UUID", randomUUID()],
    ["a malformed id", "not-a-uuid"],
    ["an id with SQL in it", "1' OR '1'='1"],
  ] as const) {
    test(`${label} gives the not-found page and no data`, async ({ page }) => {
      await signIn(page, ADMIN_EMAIL);
      const response = await page.goto(`/surveys/${encodeURIComponent(id)}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("error.notFound.title"));
      await expect(page.getByText(en("error.notFound.body"))).toBeVisible();
      await expect(page.getByTestId("nps-headline")).toHaveCount(0);
      await expect(page.getByTestId("invitations")).toHaveCount(0);
      await expect(page.getByTestId("invite-form")).toHaveCount(0);
      await expect(page.getByTestId("no-responses")).toHaveCount(0);
    });
  }
});

test("another organisation's real survey is not found for the demo admin, and its data never shows", async ({ page }) => {
  // A second tenant, written straight into the e2e database (there is no sign-up screen yet).
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  const slug = unique("other-org");
  const surveyName = unique("Other tenant survey");
  let otherSurveyId: string;
  try {
    const org = await client.query<{ id: string }>(
      `INSERT INTO "Organization" (id, name, slug, "updatedAt") VALUES (gen_random_uuid(), 'Other Bank', $1, now()) RETURNING id`,
      [slug],
    );
    const orgId = org.rows[0]?.id;
    const survey = await client.query<{ id: string }>(
      `INSERT INTO "Survey" (id, "organizationId", name, "brandName", status, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, 'Other Bank', 'ACTIVE', now()) RETURNING id`,
      [orgId, surveyName],
    );
    otherSurveyId = survey.rows[0]?.id ?? "";
    await client.query(
      `INSERT INTO "Response" (id, "organizationId", "surveyId", score, category, locale, channel, "updatedAt")
       SELECT gen_random_uuid(), $1, $2, 0, 'DETRACTOR', 'en', 'LINK', now() FROM generate_series(1, 50)`,
      [orgId, otherSurveyId],
    );
    // Counted in that organisation's dashboard figures too (the bulk-load path), so a leak would show.
    await client.query(`SELECT rebuild_response_aggregates($1::uuid)`, [orgId]);
  } finally {
    await client.end();
  }

  await signIn(page, ADMIN_EMAIL);
  const nBefore = await readN(page);
  const response = await page.goto(`/surveys/${otherSurveyId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText(surveyName)).toHaveCount(0);
  await expect(page.getByTestId("nps-headline")).toHaveCount(0);
  // The dashboard ignores a survey filter that is not this organisation's: own figures only.
  await page.goto(`/dashboard?survey=${otherSurveyId}`);
  expect(await readN(page)).toBe(nBefore);
  await page.goto("/surveys");
  await expect(page.getByText(surveyName)).toHaveCount(0);
});

test("an unknown personal link answers 404 with a kind explanation", async ({ page }) => {
  const response = await page.goto(`/s/${"Q".repeat(43)}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("link-not-found")).toContainText(en("respondent.notFound.title"));
});

test("GET /api/health answers exactly {status: ok, db: ok}", async ({ request }: { request: APIRequestContext }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(await response.json()).toStrictEqual({ status: "ok", db: "ok" });
});
