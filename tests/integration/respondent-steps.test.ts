import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/s/[token]/route";
import { POST } from "@/app/s/[token]/answer/route";
import { messagesFor } from "@/i18n/translate";
import { DEFAULT_BOOTSTRAP_SEED } from "@/lib/relative-weights";
import { readAnalyticsParams } from "@/schemas/analytics";
import { resolveFilter } from "@/server/analytics/filter";
import { db } from "@/server/db";
import { listDriverQuestions } from "@/server/drivers/list-driver-questions";
import { loadDriverDataFromAggregate, loadDriverDataFromAnswers } from "@/server/drivers/load-driver-data";
import { getRespondentView } from "@/server/responses/get-respondent-view";
import { renderRespondentDocument } from "@/server/responses/respondent-document";
import { submitDriverAnswers } from "@/server/responses/submit-driver-answers";
import { submitResponse } from "@/server/responses/submit-response";
import { setSurveyStatus } from "@/server/surveys/set-survey-status";
import { generateToken } from "@/server/distribution/token";
import { issueFormKey } from "@/server/survey-links/form-key";
import {
  answerRequest,
  both,
  createLink,
  createPublishedSurvey,
  DRIVERS,
  GOOD_DRIVER_FORM,
  GOOD_DRIVER_VALUES,
  invite,
  pageRequest,
  reader,
  rollupTotals,
} from "./support/authoring";
import { createOrganization, expectAppError, rowCounts } from "./support/fixtures";

let organizationId: string;
/** Published, with one driver question of every type (RATING required). */
let surveyId: string;

const page = (token: string, query = "", headers: Record<string, string> = {}) => GET(pageRequest(token, query, headers), { params: Promise.resolve({ token }) });
const postAnswer = (token: string, fields: Record<string, string | string[] | undefined>, headers: Record<string, string> = {}) =>
  POST(answerRequest(token, fields, headers), { params: Promise.resolve({ token }) });

async function answersByKey(responseId: string): Promise<Record<string, unknown>> {
  const answers = await db.answer.findMany({ where: { responseId }, include: { question: true } });
  return Object.fromEntries(answers.map((a) => [a.question.key, a.value]));
}

beforeAll(async () => {
  organizationId = (await createOrganization("Respondent Steps Bank")).id;
  surveyId = await createPublishedSurvey({
    organizationId,
    overrides: { thankYou: { promoterAsk: both("欢迎在应用商店为我们评分", "Please rate us in the app store"), promoterUrl: "https://reviews.example.com/demo" } },
  });
});

describe("step 1 of a survey with driver questions", () => {
  it("records the score as a partial response that counts for NPS; the page then shows the drivers", async () => {
    const { token, invitation, contact } = await invite(organizationId, surveyId);
    const rollupBefore = await rollupTotals(surveyId);
    const result = await submitResponse({ token, input: { score: "3", comment: "排队太久" } });
    expect(result).toMatchObject({ category: "DETRACTOR", next: "drivers", resume: null });

    const response = await db.response.findFirstOrThrow({ where: { id: result.responseId } });
    expect(response).toMatchObject({
      organizationId,
      surveyId,
      invitationId: invitation.id,
      contactId: contact.id,
      score: 3,
      category: "DETRACTOR",
      comment: "排队太久",
      completed: false,
      completedAt: null,
      surveyVersion: 1,
      touchpoint: "开户",
    });
    expect(await answersByKey(response.id)).toEqual({ nps: 3, reason: "排队太久" });

    const rollup = await rollupTotals(surveyId);
    expect(rollup.daily.n).toBe(rollupBefore.daily.n + 1);
    expect(rollup.daily.h[3]).toBe((rollupBefore.daily.h[3] ?? 0) + 1);
    expect(rollup.monthly.n).toBe(rollupBefore.monthly.n + 1);

    const view = await getRespondentView({ token });
    expect(view).toMatchObject({ state: "drivers", category: "DETRACTOR", resume: null });
    const html = await (await page(token, "?lang=en")).text();
    expect(html).toContain('data-testid="drivers-form"');
    expect(html).toContain('<input type="hidden" name="step" value="drivers">');
    for (const driver of DRIVERS) expect(html, driver.key).toContain(`id="q-${driver.key}"`);
    expect(html).toContain('name="q_sq_rel_e"');
    expect(html).toContain('name="q_kano_login_d"');
    // Another step-1 submit for the same invitation is refused; nothing doubles.
    await expectAppError(submitResponse({ token, input: { score: 10 } }), "already_answered");
    expect((await rollupTotals(surveyId)).daily.n).toBe(rollup.daily.n);
  });

  it("the answer route redirects a step-1 form to the drivers page (303)", async () => {
    const { token } = await invite(organizationId, surveyId, "en");
    const response = await postAnswer(token, { score: "8", comment: "ok", locale: "en" });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.pathname).toBe(`/s/${token}`);
    expect(location.searchParams.get("done")).toBeNull();
    expect(location.searchParams.get("lang")).toBe("en");
    expect((await db.response.findFirstOrThrow({ where: { invitation: { token } } })).completed).toBe(false);
  });
});

describe("step 2", () => {
  it("with errors writes nothing; the form route answers 422 HTML with the values kept and each question named", async () => {
    const { token } = await invite(organizationId, surveyId, "en");
    const { responseId } = await submitResponse({ token, input: { score: 6 } });
    const before = await rowCounts();
    const bad: Record<string, string | string[]> = Object.fromEntries(
      Object.entries({ ...GOOD_DRIVER_FORM, q_csat: "9", q_more: "好".repeat(2001) }).filter(([name]) => name !== "q_rating" && name !== "q_kano_login_d"),
    );

    const error = await expectAppError(submitDriverAnswers({ token, read: reader(bad) }), "validation_failed");
    expect((error.details as { answerErrors: unknown }).answerErrors).toEqual({ rating: "required", csat: "invalid", kano_login: "incomplete", more: "too_long" });
    expect(await rowCounts()).toEqual(before);

    const response = await postAnswer(token, { ...bad, step: "drivers", locale: "en" });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("location")).toBeNull();
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('data-testid="answer-errors"');
    const en = messagesFor("en");
    // The summary names each failing question and links to it.
    for (const [key, text] of [
      ["rating", "Rate the counter service"],
      ["csat", "How satisfied were you?"],
      ["kano_login", "Fingerprint login"],
      ["more", "Anything else?"],
    ]) {
      expect(html, key).toContain(`<a href="#q-${key}">${text}</a>`);
      expect(html, key).toContain(`id="q-${key}-error"`);
    }
    expect(html).toContain(en["respond.error.required"]);
    expect(html).toContain(en["respond.error.incomplete"]);
    expect(html).not.toContain('id="q-ces-error"');
    // The values sent are kept.
    expect(html).toMatch(/name="q_ces" value="6"[^>]* checked/);
    expect(html).toMatch(/name="q_channel" value="staff"[^>]* checked/);
    expect(html).toMatch(/name="q_liked" value="price"[^>]* checked/);
    expect(html).toMatch(/name="q_liked" value="speed"[^>]* checked/);
    expect(html).not.toMatch(/name="q_liked" value="staff"[^>]* checked/);
    expect(html).toMatch(/name="q_sq_rel_e" value="7"[^>]* checked/);
    expect(html).toMatch(/name="q_kano_login_f" value="like"[^>]* checked/);
    expect(html).toContain(`>${"好".repeat(2001)}</textarea>`);
    expect(await rowCounts()).toEqual(before);
    const stored = await db.response.findFirstOrThrow({ where: { id: responseId } });
    expect(stored).toMatchObject({ completed: false, completedAt: null });
  });

  it("valid answers are stored in the documented shapes and complete the response; the route redirects to the thanks page", async () => {
    const { token } = await invite(organizationId, surveyId, "zh-CN");
    const first = await submitResponse({ token, input: { score: 10, comment: "非常好" } });
    const rollupBefore = await rollupTotals(surveyId);
    const response = await postAnswer(token, { ...GOOD_DRIVER_FORM, step: "drivers", locale: "zh-CN", q_unknown: "ignored" });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("done")).toBe("1");
    expect(location.searchParams.get("lang")).toBe("zh-CN");

    const stored = await db.response.findFirstOrThrow({ where: { id: first.responseId } });
    expect(stored.completed).toBe(true);
    expect(stored.completedAt).toBeInstanceOf(Date);
    expect(await answersByKey(first.responseId)).toEqual({ nps: 10, reason: "非常好", ...GOOD_DRIVER_VALUES });
    // Completing does not count the score twice.
    expect(await rollupTotals(surveyId)).toEqual(rollupBefore);

    const thanks = await (await page(token, location.search)).text();
    expect(thanks).toContain('data-testid="thanks"');
    expect(thanks).toContain('data-category="PROMOTER"');
  });

  it("a second step-2 submit changes nothing", async () => {
    const { token } = await invite(organizationId, surveyId);
    const { responseId } = await submitResponse({ token, input: { score: 7 } });
    const done = await submitDriverAnswers({ token, read: reader(GOOD_DRIVER_FORM) });
    expect(done).toMatchObject({ responseId, alreadyComplete: false, category: "PASSIVE" });
    const before = { counts: await rowCounts(), response: await db.response.findFirstOrThrow({ where: { id: responseId } }), answers: await answersByKey(responseId) };

    const again = await submitDriverAnswers({ token, read: reader({ ...GOOD_DRIVER_FORM, q_rating: "1", q_csat: "1" }) });
    expect(again).toMatchObject({ responseId, alreadyComplete: true });
    const invalidAgain = await submitDriverAnswers({ token, read: reader({ q_rating: "99" }) });
    expect(invalidAgain.alreadyComplete).toBe(true);
    const json = await POST(
      new (await import("next/server")).NextRequest(`http://localhost:3000/s/${token}/answer`, {
        method: "POST",
        body: JSON.stringify({ step: "drivers", q_rating: 2 }),
        headers: { "content-type": "application/json" },
      }),
      { params: Promise.resolve({ token }) },
    );
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ status: "already_complete" });

    expect(await rowCounts()).toEqual(before.counts);
    expect(await db.response.findFirstOrThrow({ where: { id: responseId } })).toEqual(before.response);
    expect(await answersByKey(responseId)).toEqual(before.answers);
    expect((await getRespondentView({ token })).state).toBe("done");
  });

  it("10 concurrent step-2 submits write the answers once", async () => {
    const { token } = await invite(organizationId, surveyId);
    const { responseId } = await submitResponse({ token, input: { score: 9 } });
    const before = await rowCounts();
    const results = await Promise.all(Array.from({ length: 10 }, () => submitDriverAnswers({ token, read: reader(GOOD_DRIVER_FORM) })));
    expect(results.filter((r) => !r.alreadyComplete)).toHaveLength(1);
    expect(results.filter((r) => r.alreadyComplete)).toHaveLength(9);
    expect(await rowCounts()).toEqual({ ...before, answers: before.answers + DRIVERS.length });
    expect(await db.answer.count({ where: { responseId } })).toBe(DRIVERS.length + 1);
    expect(await answersByKey(responseId)).toEqual({ nps: 9, ...GOOD_DRIVER_VALUES });
  });

  it("the key-driver pre-aggregate counts step 2's answers (docs/decisions/0032): served, and equal to the raw answers", async () => {
    for (const [score, rating] of [[9, "5"], [2, "1"], [7, "3"]] as const) {
      const { token } = await invite(organizationId, surveyId);
      await submitResponse({ token, input: { score } });
      await submitDriverAnswers({ token, read: reader({ ...GOOD_DRIVER_FORM, q_rating: rating }) });
    }
    const { timeZone } = await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
    const parsed = readAnalyticsParams({ range: "all" });
    if (!parsed.success) throw new Error(parsed.error.message);
    const filter = resolveFilter({ ...parsed.data, survey: [surveyId] }, { organizationId, timeZone });
    const questions = await listDriverQuestions(organizationId, surveyId);
    const options = { sampleLimit: 20_000, seed: DEFAULT_BOOTSTRAP_SEED };
    const raw = await loadDriverDataFromAnswers(filter, questions, options);
    expect(raw.moments.n).toBeGreaterThanOrEqual(3);
    expect(await loadDriverDataFromAggregate(filter, questions, options)).toEqual(raw);
  });

  it("an optional question left blank is not stored; only the answered ones are", async () => {
    const { token } = await invite(organizationId, surveyId);
    const { responseId } = await submitResponse({ token, input: { score: 5 } });
    await submitDriverAnswers({ token, read: reader({ q_rating: "1", q_sq_rel_p: "2" }) });
    expect(await answersByKey(responseId)).toEqual({ nps: 5, rating: 1, sq_rel: { expectation: null, perception: 2 } });
  });

  it("step 2 without a step 1 is not found; after the survey closes it is refused", async () => {
    const { token } = await invite(organizationId, surveyId);
    const before = await rowCounts();
    await expectAppError(submitDriverAnswers({ token, read: reader(GOOD_DRIVER_FORM) }), "not_found");
    expect(await rowCounts()).toEqual(before);

    const closing = await createPublishedSurvey({ organizationId, name: "Closing" });
    const pending = await invite(organizationId, closing);
    const { responseId } = await submitResponse({ token: pending.token, input: { score: 9 } });
    await setSurveyStatus({ organizationId, surveyId: closing, userId: null, transition: "close" });
    await expectAppError(submitDriverAnswers({ token: pending.token, read: reader(GOOD_DRIVER_FORM) }), "survey_closed");
    expect(await db.answer.count({ where: { responseId } })).toBe(1);
    // The partial response stays, counted; its page no longer offers the drivers.
    expect((await getRespondentView({ token: pending.token })).state).toBe("done");
  });
});

describe("a survey without driver questions", () => {
  it("completes at step 1", async () => {
    const plain = await createPublishedSurvey({ organizationId, drivers: [], name: "Plain" });
    const { token } = await invite(organizationId, plain);
    const result = await submitResponse({ token, input: { score: 9, comment: "好" } });
    expect(result.next).toBe("done");
    const response = await db.response.findFirstOrThrow({ where: { id: result.responseId } });
    expect(response.completed).toBe(true);
    expect(response.completedAt).toBeInstanceOf(Date);
    const redirect = await postAnswer((await invite(organizationId, plain)).token, { score: "4" });
    expect(redirect.status).toBe(303);
    expect(new URL(redirect.headers.get("location") ?? "").searchParams.get("done")).toBe("1");
  });
});

describe("public links (anonymous)", () => {
  it("GET shows the start form with a one-time key; POST with it records an anonymous response tagged with the link", async () => {
    const link = await createLink(organizationId, surveyId);
    const before = await rowCounts();
    const html = await (await page(link.token)).text();
    const key = /name="key" value="([A-Za-z0-9_-]{43})"/.exec(html)?.[1];
    expect(key).toBeDefined();
    expect(await rowCounts()).toEqual(before);
    const view = await getRespondentView({ token: link.token });
    expect(view).toMatchObject({ state: "start", anonymous: true, submissionKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(view.state === "start" && view.submissionKey).not.toBe(key);

    const fields = { score: "2", comment: "等了很久", key, locale: "zh-CN" };
    const first = await postAnswer(link.token, fields);
    expect(first.status).toBe(303);
    const location = new URL(first.headers.get("location") ?? "");
    expect(location.searchParams.get("r")).toBe(key);
    const responses = await db.response.findMany({ where: { surveyLinkId: link.id } });
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({
      contactId: null,
      invitationId: null,
      surveyLinkId: link.id,
      submissionKey: key,
      channel: "QR",
      attributes: { branch: "浦东支行" },
      score: 2,
      category: "DETRACTOR",
      completed: false,
    });

    // The same POST again (double tap, back button): the same response, no second row.
    const repeat = await postAnswer(link.token, fields);
    expect(repeat.status).toBe(303);
    expect(repeat.headers.get("location")).toBe(first.headers.get("location"));
    const repeated = await submitResponse({ token: link.token, input: { score: 9, key } });
    expect(repeated).toMatchObject({ responseId: responses[0]?.id, category: "DETRACTOR", resume: key, next: "drivers" });
    expect(await db.response.count({ where: { surveyLinkId: link.id } })).toBe(1);
    expect(await rowCounts()).toEqual({ ...before, responses: before.responses + 1, answers: before.answers + 2 });

    // Resume with the key: step 2, then the thanks page.
    const drivers = await (await page(link.token, `?r=${key}`)).text();
    expect(drivers).toContain('data-testid="drivers-form"');
    expect(drivers).toContain(`<input type="hidden" name="r" value="${key}">`);
    const step2 = await postAnswer(link.token, { ...GOOD_DRIVER_FORM, step: "drivers", r: key, locale: "zh-CN" });
    expect(step2.status).toBe(303);
    const stored = await db.response.findFirstOrThrow({ where: { surveyLinkId: link.id } });
    expect(stored.completed).toBe(true);
    expect(await answersByKey(stored.id)).toEqual({ nps: 2, reason: "等了很久", ...GOOD_DRIVER_VALUES });
  });

  it("a bad step 2 through a public link is shown again (422) with the link's resume key kept", async () => {
    const link = await createLink(organizationId, surveyId);
    const key = issueFormKey(link.id);
    const { responseId } = await submitResponse({ token: link.token, input: { score: 9, key } });
    const before = await rowCounts();
    const response = await postAnswer(link.token, { step: "drivers", r: key, locale: "en", q_rating: "0" });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('data-testid="answer-errors"');
    expect(html).toContain('<a href="#q-rating">Rate the counter service</a>');
    expect(html).toContain(`<input type="hidden" name="r" value="${key}">`);
    expect(await rowCounts()).toEqual(before);
    expect((await db.response.findFirstOrThrow({ where: { id: responseId } })).completed).toBe(false);
    // Without the key, step 2 of a public link has no response to continue: 404, nothing written.
    const lost = await postAnswer(link.token, { ...GOOD_DRIVER_FORM, step: "drivers", locale: "en" });
    expect(lost.status).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });

  it("two different keys make two responses; the same key sent concurrently makes one", async () => {
    const link = await createLink(organizationId, surveyId);
    const a = issueFormKey(link.id);
    const b = issueFormKey(link.id);
    const ra = await submitResponse({ token: link.token, input: { score: 8, key: a } });
    const rb = await submitResponse({ token: link.token, input: { score: 8, key: b } });
    expect(ra.responseId).not.toBe(rb.responseId);
    const c = issueFormKey(link.id);
    const results = await Promise.all(Array.from({ length: 5 }, () => submitResponse({ token: link.token, input: { score: 10, key: c } })));
    expect(new Set(results.map((r) => r.responseId)).size).toBe(1);
    expect(await db.response.count({ where: { surveyLinkId: link.id } })).toBe(3);
  });

  it("a missing or malformed key is refused with nothing written", async () => {
    const link = await createLink(organizationId, surveyId);
    const before = await rowCounts();
    await expectAppError(submitResponse({ token: link.token, input: { score: 8 } }), "validation_failed");
    await expectAppError(submitResponse({ token: link.token, input: { score: 8, key: "short" } }), "validation_failed");
    expect(await rowCounts()).toEqual(before);
  });

  it("a disabled link shows the closed page and accepts nothing", async () => {
    const link = await createLink(organizationId, surveyId, { disabledAt: new Date() });
    const before = await rowCounts();
    expect((await getRespondentView({ token: link.token })).state).toBe("closed");
    const html = await (await page(link.token, "?lang=en")).text();
    expect(html).toContain('data-testid="closed"');
    expect(html).not.toContain('name="score"');
    await expectAppError(submitResponse({ token: link.token, input: { score: 9, key: generateToken() } }), "survey_closed");
    const response = await postAnswer(link.token, { score: "9", key: generateToken() });
    expect(response.status).toBe(410);
    expect(await rowCounts()).toEqual(before);
  });

  it("a closed survey's link: closed; a draft survey's link: not open; nothing written", async () => {
    const closed = await createPublishedSurvey({ organizationId, name: "Closed link" });
    await setSurveyStatus({ organizationId, surveyId: closed, userId: null, transition: "close" });
    const closedLink = await createLink(organizationId, closed);
    const draft = await createPublishedSurvey({ organizationId, name: "Draft link", publish: false });
    const draftLink = await createLink(organizationId, draft);
    const before = await rowCounts();
    expect((await getRespondentView({ token: closedLink.token })).state).toBe("closed");
    await expectAppError(submitResponse({ token: closedLink.token, input: { score: 9, key: generateToken() } }), "survey_closed");
    expect((await getRespondentView({ token: draftLink.token })).state).toBe("not_open");
    expect(await (await page(draftLink.token)).text()).toContain('data-testid="not-open"');
    await expectAppError(submitResponse({ token: draftLink.token, input: { score: 9, key: generateToken() } }), "survey_not_open");
    expect(await rowCounts()).toEqual(before);
  });

  it("`resume` of another link's response is not accepted", async () => {
    const linkA = await createLink(organizationId, surveyId);
    const linkB = await createLink(organizationId, surveyId);
    const key = issueFormKey(linkA.id);
    const { responseId } = await submitResponse({ token: linkA.token, input: { score: 4, key } });

    const viewB = await getRespondentView({ token: linkB.token, resume: key });
    expect(viewB.state).toBe("start");
    expect(viewB.state === "start" && viewB.submissionKey).not.toBe(key);
    expect((await getRespondentView({ token: linkA.token, resume: key })).state).toBe("drivers");

    const before = await rowCounts();
    await expectAppError(submitDriverAnswers({ token: linkB.token, resume: key, read: reader(GOOD_DRIVER_FORM) }), "not_found");
    // Reusing A's key on B neither joins A's response nor makes a new one.
    await expectAppError(submitResponse({ token: linkB.token, input: { score: 10, key } }), "already_answered");
    expect(await rowCounts()).toEqual(before);
    expect(await db.response.findFirstOrThrow({ where: { id: responseId } })).toMatchObject({ completed: false, surveyLinkId: linkA.id, score: 4 });
  });
});

describe("conditional wording and the thank-you page", () => {
  it("the start page carries the follow-up wording of every category, with the one-click score preselected", async () => {
    const { token } = await invite(organizationId, surveyId, "en");
    const before = await rowCounts();
    const html = await (await page(token, "?score=3")).text();
    expect(await rowCounts()).toEqual(before);
    expect(html).toMatch(/name="score" value="3" required checked/);
    expect(html.match(/ checked/g)).toHaveLength(1);
    const en = messagesFor("en");
    expect(html).toContain(`<span class="r-fu r-fu-detractor">${en["template.followUp.DETRACTOR"]}</span>`);
    expect(html).toContain(`<span class="r-fu r-fu-passive">${en["template.followUp.PASSIVE"]}</span>`);
    expect(html).toContain(`<span class="r-fu r-fu-promoter">${en["template.followUp.PROMOTER"].replaceAll("{brand}", "浦发演示银行")}</span>`);
    expect(html).toContain(`<span class="r-fu r-fu-any">${en["respondent.commentLabel"]}</span>`);
    expect(html).not.toContain("{brand}");
  });

  it("the respondent stylesheet switches the wording by the chosen score's category", async () => {
    const { readFile } = await import("node:fs/promises");
    const css = await readFile(new URL("../../public/respondent.css", import.meta.url), "utf8");
    for (const category of ["promoter", "passive", "detractor", "any"]) expect(css, category).toContain(`r-fu-${category}`);
    expect(css).toContain(":has(");
  });

  async function thanksPage(options: { followUpEnabled: boolean; anonymous: boolean; score: number; consent?: boolean }) {
    const survey = await createPublishedSurvey({
      organizationId,
      drivers: [],
      name: `Thanks ${options.followUpEnabled} ${options.anonymous}`,
      overrides: {
        followUpEnabled: options.followUpEnabled,
        thankYou: { promoterAsk: both("欢迎在应用商店为我们评分", "Please rate us in the app store"), promoterUrl: "https://reviews.example.com/demo" },
      },
    });
    let token: string;
    let query: string;
    if (options.anonymous) {
      const link = await createLink(organizationId, survey);
      token = link.token;
      const key = issueFormKey(link.id);
      await submitResponse({ token, input: { score: options.score, key, locale: "en" } });
      query = `?r=${key}&done=1&lang=en`;
    } else {
      token = (await invite(organizationId, survey, "en")).token;
      await submitResponse({ token, input: { score: options.score, locale: "en", ...(options.consent ? { consent: "on" } : {}) } });
      query = "?done=1&lang=en";
    }
    return (await page(token, query)).text();
  }

  it("promoters get the ask and its link; passives and detractors do not", async () => {
    const promoter = await thanksPage({ followUpEnabled: true, anonymous: false, score: 10 });
    expect(promoter).toContain('data-category="PROMOTER"');
    expect(promoter).toContain('data-testid="promoter-ask"');
    expect(promoter).toContain("Please rate us in the app store");
    expect(promoter).toContain('href="https://reviews.example.com/demo"');
    for (const score of [7, 0]) {
      const other = await thanksPage({ followUpEnabled: true, anonymous: false, score });
      expect(other).toContain('data-testid="thanks"');
      expect(other).not.toContain("promoter-ask");
      expect(other).not.toContain("Please rate us in the app store");
      expect(other).not.toContain("reviews.example.com");
    }
    const anonymousPromoter = await thanksPage({ followUpEnabled: false, anonymous: true, score: 9 });
    expect(anonymousPromoter).toContain('href="https://reviews.example.com/demo"');
  });

  it("detractors are told someone will follow up only when follow-up is enabled, they are not anonymous and they agreed to be contacted", async () => {
    const en = messagesFor("en");
    const followUp = en["respondent.thanks.DETRACTOR"].replaceAll("{brand}", "浦发演示银行");
    const noFollowUp = en["respond.thanks.DETRACTOR.noFollowUp"].replaceAll("{brand}", "浦发演示银行");
    const personal = await thanksPage({ followUpEnabled: true, anonymous: false, score: 2, consent: true });
    expect(personal).toContain('data-category="DETRACTOR"');
    expect(personal).toContain(followUp);
    for (const options of [
      // Issue 12 (PIPL): no promise of contact to a respondent who did not tick "may contact me".
      { followUpEnabled: true, anonymous: false },
      { followUpEnabled: false, anonymous: false, consent: true },
      { followUpEnabled: false, anonymous: false },
      { followUpEnabled: true, anonymous: true },
      { followUpEnabled: false, anonymous: true },
    ]) {
      const html = await thanksPage({ ...options, score: 2 });
      expect(html, JSON.stringify(options)).toContain('data-category="DETRACTOR"');
      expect(html, JSON.stringify(options)).not.toContain(followUp);
      expect(html, JSON.stringify(options)).toContain(noFollowUp);
    }
  });

  it("renderRespondentDocument of a done view without justAnswered says 'already answered', not thanks", async () => {
    const { token } = await invite(organizationId, surveyId, "en");
    await submitResponse({ token, input: { score: 9 } });
    await submitDriverAnswers({ token, read: reader(GOOD_DRIVER_FORM) });
    const view = await getRespondentView({ token });
    if (view.state === "not_found") throw new Error("unexpected");
    const html = renderRespondentDocument({ view, target: { kind: "answer", token }, preselected: Number.NaN, justAnswered: false });
    expect(html).toContain('data-testid="already-answered"');
    expect(html).not.toContain("promoter-ask");
  });
});

describe("one-click links", () => {
  it("GET ?score=9 records nothing but notes the first click once", async () => {
    const { token } = await invite(organizationId, surveyId);
    const before = await rowCounts();
    const rollup = await rollupTotals(surveyId);
    const first = await page(token, "?score=9");
    expect(first.status).toBe(200);
    expect(await first.text()).toMatch(/value="9" required checked/);
    expect(await rowCounts()).toEqual(before);
    expect(await rollupTotals(surveyId)).toEqual(rollup);
    const clicked = (await db.invitation.findFirstOrThrow({ where: { token } })).clickedAt;
    expect(clicked).toBeInstanceOf(Date);
    expect((await db.invitation.findFirstOrThrow({ where: { token } })).respondedAt).toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 20));
    await page(token, "?score=9");
    await page(token, "?score=2&lang=en");
    const after = await db.invitation.findFirstOrThrow({ where: { token } });
    expect(after.clickedAt?.getTime()).toBe(clicked?.getTime());
    expect(after.respondedAt).toBeNull();
    expect(await rowCounts()).toEqual(before);
  });
});
