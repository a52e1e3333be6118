import { beforeAll, describe, expect, it } from "vitest";
import { messagesFor } from "@/i18n/translate";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { renderRespondentDocument } from "@/server/responses/respondent-document";
import { getRespondentView } from "@/server/responses/get-respondent-view";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization, expectAppError, rowCounts } from "./support/fixtures";

let organizationId: string;
/** A relationship survey, default zh-CN. */
let surveyId: string;
/** A transactional survey, default en. */
let transactionalId: string;
let emailSeq = 0;

function nextEmail(prefix = "customer"): string {
  emailSeq += 1;
  return `${prefix}-${emailSeq}@example.com`;
}

async function invite(options: { email?: string; locale?: "zh-CN" | "en"; attributes?: Record<string, string | number | boolean>; survey?: string } = {}) {
  const { invitation, contact } = await createInvitation({
    organizationId,
    surveyId: options.survey ?? surveyId,
    contact: { email: options.email ?? nextEmail(), locale: options.locale, attributes: options.attributes },
  });
  return { invitation, contact, token: invitation.token };
}

async function newClosedSurvey(): Promise<string> {
  const survey = await createSurvey({ organizationId, userId: null, input: { name: "Soon closed", brandName: "Closing Co" } });
  return survey.id;
}

async function closeSurvey(id: string): Promise<void> {
  await db.survey.updateMany({ where: { id }, data: { status: "CLOSED", closedAt: new Date() } });
}

beforeAll(async () => {
  const org = await createOrganization("Respond Flow Bank");
  organizationId = org.id;
  const relationship = await createSurvey({
    organizationId,
    userId: null,
    input: { name: "  Relationship NPS 2026  ", brandName: "  招商演示银行 ", kind: "RELATIONSHIP" },
  });
  surveyId = relationship.id;
  const transactional = await createSurvey({
    organizationId,
    userId: null,
    input: { name: "Account opening", brandName: "Demo Bank", kind: "TRANSACTIONAL", touchpoint: " 开户 ", defaultLocale: "en" },
  });
  transactionalId = transactional.id;
});

describe("createSurvey", () => {
  it("creates an active survey with trimmed texts and the touchpoint only for transactional surveys", async () => {
    const relationship = await db.survey.findFirstOrThrow({ where: { id: surveyId } });
    expect(relationship).toMatchObject({
      organizationId,
      name: "Relationship NPS 2026",
      brandName: "招商演示银行",
      kind: "RELATIONSHIP",
      status: "ACTIVE",
      touchpoint: null,
      defaultLocale: "zh-CN",
    });
    expect(relationship.publishedAt).toBeInstanceOf(Date);
    expect(relationship.locales).toEqual(["zh-CN", "en"]);

    const transactional = await db.survey.findFirstOrThrow({ where: { id: transactionalId } });
    expect(transactional).toMatchObject({ kind: "TRANSACTIONAL", touchpoint: "开户", defaultLocale: "en", status: "ACTIVE" });
  });

  it("creates exactly the NPS question and the reason question, written in zh-CN and en", async () => {
    for (const id of [surveyId, transactionalId]) {
      const questions = await db.question.findMany({ where: { surveyId: id }, orderBy: { position: "asc" } });
      expect(questions.map((q) => [q.key, q.type, q.position, q.required, q.organizationId])).toEqual([
        ["nps", "NPS", 0, true, organizationId],
        ["reason", "OPEN_TEXT", 1, false, organizationId],
      ]);
      const [nps, reason] = questions;
      expect(nps?.text).toEqual({
        "zh-CN": messagesFor("zh-CN")["respondent.question"],
        en: messagesFor("en")["respondent.question"],
      });
      expect(nps?.settings).toEqual({
        lowLabel: { "zh-CN": messagesFor("zh-CN")["respondent.notLikely"], en: messagesFor("en")["respondent.notLikely"] },
        highLabel: {
          "zh-CN": messagesFor("zh-CN")["respondent.extremelyLikely"],
          en: messagesFor("en")["respondent.extremelyLikely"],
        },
      });
      expect(reason?.text).toEqual({
        "zh-CN": messagesFor("zh-CN")["respondent.commentLabel"],
        en: messagesFor("en")["respondent.commentLabel"],
      });
    }
  });

  it("rejects a transactional survey without touchpoint and writes nothing", async () => {
    const before = await rowCounts();
    await expect(
      createSurvey({ organizationId, userId: null, input: { name: "No touchpoint", brandName: "X", kind: "TRANSACTIONAL" } }),
    ).rejects.toThrow(/touchpoint/);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("createInvitation", () => {
  it("creates the contact with a lower-cased email and a 43-character base64url token", async () => {
    const { invitation, contact } = await invite({ email: "  Li.Wei@Example.COM ", locale: "en", attributes: { region: "华东", tier: "gold" } });
    expect(contact).toMatchObject({ organizationId, email: "li.wei@example.com", locale: "en", attributes: { region: "华东", tier: "gold" } });
    expect(invitation).toMatchObject({ organizationId, surveyId, contactId: contact.id, channel: "LINK", respondedAt: null });
    expect(invitation.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("updates the contact found by email (any case) instead of creating a duplicate, merging attributes", async () => {
    const first = await invite({ email: "Zhang.San@example.com", attributes: { region: "华北", tier: "silver" } });
    const contactsBefore = await db.contact.count({ where: { organizationId } });
    const second = await invite({ email: "ZHANG.SAN@EXAMPLE.COM", locale: "en", attributes: { tier: "gold", branch: "Beijing-01" } });

    expect(second.contact.id).toBe(first.contact.id);
    expect(await db.contact.count({ where: { organizationId } })).toBe(contactsBefore);
    expect(await db.contact.count({ where: { organizationId, email: "zhang.san@example.com" } })).toBe(1);
    const saved = await db.contact.findFirstOrThrow({ where: { id: first.contact.id } });
    expect(saved.locale).toBe("en");
    expect(saved.attributes).toEqual({ region: "华北", tier: "gold", branch: "Beijing-01" });
    // Two personal links for the same contact, each with its own token.
    expect(second.invitation.id).not.toBe(first.invitation.id);
    expect(second.token).not.toBe(first.token);
    expect(await db.invitation.count({ where: { contactId: first.contact.id } })).toBe(2);
  });

  it("gives every invitation a different token", async () => {
    const tokens = await Promise.all(Array.from({ length: 25 }, async () => (await invite()).token));
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("rejects a bad email with nothing written", async () => {
    const before = await rowCounts();
    await expect(invite({ email: "not-an-email" })).rejects.toThrow();
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses to invite into a closed survey, writing nothing", async () => {
    const closed = await newClosedSurvey();
    await closeSurvey(closed);
    const before = await rowCounts();
    await expectAppError(invite({ survey: closed, email: "late@example.com" }), "survey_closed");
    expect(await rowCounts()).toEqual(before);
    expect(await db.contact.count({ where: { organizationId, email: "late@example.com" } })).toBe(0);
  });
});

describe("getRespondentView", () => {
  it("shows an open survey with the question in the chosen language and the brand filled in", async () => {
    const { token } = await invite();
    const zh = await getRespondentView({ token });
    expect(zh).toMatchObject({ state: "start", brand: "招商演示银行", locale: "zh-CN", locales: ["zh-CN", "en"], anonymous: false, submissionKey: null });
    const render = (view: typeof zh) => {
      if (view.state === "not_found") throw new Error("expected a survey");
      return renderRespondentDocument({ view, target: { kind: "answer", token }, preselected: Number.NaN, justAnswered: false });
    };
    const zhPage = render(zh);
    expect(zhPage).toContain("您有多大可能向朋友或同事推荐招商演示银行？");
    expect(zhPage).toContain("完全不可能");
    expect(zhPage).toContain("极有可能");
    expect(zhPage).toContain("您给出这个分数的主要原因是什么？");
    const en = await getRespondentView({ token, requestedLocale: "en" });
    expect(en).toMatchObject({ state: "start", locale: "en" });
    const enPage = render(en);
    expect(enPage).toContain("How likely are you to recommend 招商演示银行 to a friend or colleague?");
    expect(enPage).toContain("Not at all likely");
    expect(enPage).toContain("Extremely likely");
    expect(enPage).toContain("What is the main reason for your score?");
    expect(enPage).not.toContain("{brand}");
  });

  it("is not_found for an unknown or malformed token", async () => {
    expect(await getRespondentView({ token: "A".repeat(43) })).toEqual({ state: "not_found" });
    expect(await getRespondentView({ token: "" })).toEqual({ state: "not_found" });
    expect(await getRespondentView({ token: "short" })).toEqual({ state: "not_found" });
    expect(await getRespondentView({ token: "x".repeat(65) })).toEqual({ state: "not_found" });
    expect(await getRespondentView({ token: "abc/def+ghi=jkl'mnopqrstuvwxyz" })).toEqual({ state: "not_found" });
    expect(await getRespondentView({ token: "' OR 1=1 --aaaaaaaaaaaaaaaaaaaaaa" })).toEqual({ state: "not_found" });
  });

  it("is answered after a response, with the response's category", async () => {
    const { token } = await invite({ locale: "en" });
    await submitResponse({ token, input: { score: 4 } });
    expect(await getRespondentView({ token })).toMatchObject({
      state: "done",
      category: "DETRACTOR",
      resume: null,
      brand: "招商演示银行",
      locale: "en",
      locales: ["zh-CN", "en"],
    });
  });

  it("is closed when the survey is closed (and still answered for links already answered)", async () => {
    const closing = await newClosedSurvey();
    const open = await invite({ survey: closing });
    const answered = await invite({ survey: closing });
    await submitResponse({ token: answered.token, input: { score: 10 } });
    await closeSurvey(closing);
    expect(await getRespondentView({ token: open.token })).toEqual({
      state: "closed",
      brand: "Closing Co",
      locale: "zh-CN",
      locales: ["zh-CN", "en"],
    });
    expect(await getRespondentView({ token: answered.token })).toMatchObject({ state: "done", category: "PROMOTER" });
  });

  it("picks the language: ?lang beats the invitation's language (the contact's, else the survey default: the email's), never the browser", async () => {
    const enContact = await invite({ locale: "en" });
    const zhContact = await invite({ locale: "zh-CN" });
    const noLocale = await invite();
    const view = async (token: string, requestedLocale?: string | null, browserLocale?: "zh-CN" | "en" | null) => {
      const result = await getRespondentView({ token, requestedLocale, browserLocale });
      return result.state === "not_found" ? null : result.locale;
    };
    // requested ?lang wins over everything
    expect(await view(enContact.token, "zh-CN", "en")).toBe("zh-CN");
    expect(await view(zhContact.token, "en", "zh-CN")).toBe("en");
    // contact locale beats the browser
    expect(await view(enContact.token, null, "zh-CN")).toBe("en");
    expect(await view(zhContact.token, undefined, "en")).toBe("zh-CN");
    // an unsupported ?lang is ignored
    expect(await view(enContact.token, "fr", "zh-CN")).toBe("en");
    // a contact without a language got the email in the survey's default language: the link opens in it, whatever
    // the browser says (issue 12: a zh-CN email opened in English); ?lang= still switches
    expect(await view(noLocale.token, null, "en")).toBe("zh-CN");
    expect(await view(noLocale.token, null, null)).toBe("zh-CN");
    expect(await view(noLocale.token, "en", "zh-CN")).toBe("en");
    const enSurvey = await invite({ survey: transactionalId });
    expect(await view(enSurvey.token)).toBe("en");
    expect(await view(enSurvey.token, null, "zh-CN")).toBe("en");
  });

  it("never writes anything, whatever the state", async () => {
    const open = await invite({ attributes: { region: "华南" } });
    const answered = await invite();
    await submitResponse({ token: answered.token, input: { score: 8, comment: "ok" } });
    const closing = await newClosedSurvey();
    const closed = await invite({ survey: closing });
    await closeSurvey(closing);
    const tokens = [open.token, answered.token, closed.token, "A".repeat(43), "bad"];
    const invitationsBefore = await db.invitation.findMany({ where: { organizationId }, orderBy: { id: "asc" } });
    const contactsBefore = await db.contact.findMany({ where: { organizationId }, orderBy: { id: "asc" } });
    const surveysBefore = await db.survey.findMany({ where: { organizationId }, orderBy: { id: "asc" } });
    const countsBefore = await rowCounts();

    for (const token of tokens) {
      await getRespondentView({ token });
      await getRespondentView({ token, requestedLocale: "en", browserLocale: "zh-CN" });
    }

    expect(await rowCounts()).toEqual(countsBefore);
    expect(await db.invitation.findMany({ where: { organizationId }, orderBy: { id: "asc" } })).toEqual(invitationsBefore);
    expect(await db.contact.findMany({ where: { organizationId }, orderBy: { id: "asc" } })).toEqual(contactsBefore);
    expect(await db.survey.findMany({ where: { organizationId }, orderBy: { id: "asc" } })).toEqual(surveysBefore);
  });
});

describe("submitResponse", () => {
  it("stores the response, its category, answers, the attribute snapshot and marks the invitation answered", async () => {
    const { token, invitation, contact } = await invite({
      survey: transactionalId,
      locale: "zh-CN",
      attributes: { region: "华东", tier: "gold", tenure: 7, vip: true },
    });
    const result = await submitResponse({ token, input: { score: "9", comment: "  柜台服务很快\r\n谢谢  ", locale: "en" } });
    expect(result).toMatchObject({ category: "PROMOTER", locale: "en", brand: "Demo Bank" });

    const response = await db.response.findFirstOrThrow({ where: { id: result.responseId } });
    expect(response).toMatchObject({
      organizationId,
      surveyId: transactionalId,
      invitationId: invitation.id,
      contactId: contact.id,
      score: 9,
      category: "PROMOTER",
      comment: "柜台服务很快\n谢谢",
      locale: "en",
      channel: "LINK",
      touchpoint: "开户",
      attributes: { region: "华东", tier: "gold", tenure: 7, vip: true },
      completed: true,
      excluded: false,
    });

    const questions = await db.question.findMany({ where: { surveyId: transactionalId } });
    const questionKey = new Map(questions.map((q) => [q.id, q.key]));
    const answers = await db.answer.findMany({ where: { responseId: response.id } });
    expect(answers.map((a) => [questionKey.get(a.questionId), a.value, a.organizationId]).sort()).toEqual([
      ["nps", 9, organizationId],
      ["reason", "柜台服务很快\n谢谢", organizationId],
    ]);

    const saved = await db.invitation.findFirstOrThrow({ where: { id: invitation.id } });
    expect(saved.respondedAt).toEqual(response.createdAt);
  });

  it.each([
    [0, "DETRACTOR"],
    [6, "DETRACTOR"],
    [7, "PASSIVE"],
    [8, "PASSIVE"],
    [9, "PROMOTER"],
    [10, "PROMOTER"],
  ] as const)("classifies score %i as %s", async (score, category) => {
    const { token } = await invite();
    const result = await submitResponse({ token, input: { score } });
    expect(result.category).toBe(category);
    const response = await db.response.findFirstOrThrow({ where: { id: result.responseId } });
    expect(response.score).toBe(score);
    expect(response.category).toBe(category);
  });

  it("stores no reason answer and a null comment when the comment is blank; the locale falls back to the contact's", async () => {
    const { token } = await invite({ locale: "en" });
    const result = await submitResponse({ token, input: { score: 3, comment: "   \r\n  " } });
    expect(result.locale).toBe("en");
    const response = await db.response.findFirstOrThrow({ where: { id: result.responseId }, include: { answers: true } });
    expect(response.comment).toBeNull();
    expect(response.touchpoint).toBeNull();
    expect(response.answers).toHaveLength(1);
    expect(response.answers[0]?.value).toBe(3);
  });

  it("keeps the attribute snapshot when the contact's attributes change later", async () => {
    const email = nextEmail("snapshot");
    const { token, contact } = await invite({ email, attributes: { region: "华东", tier: "silver" } });
    const result = await submitResponse({ token, input: { score: 7 } });

    // A later invitation updates (merges) the contact's attributes; a direct update replaces them.
    await invite({ email, attributes: { tier: "platinum", branch: "Shanghai-02" } });
    expect((await db.contact.findFirstOrThrow({ where: { id: contact.id } })).attributes).toEqual({
      region: "华东",
      tier: "platinum",
      branch: "Shanghai-02",
    });
    await db.contact.updateMany({ where: { id: contact.id }, data: { attributes: { region: "华南" } } });

    const response = await db.response.findFirstOrThrow({ where: { id: result.responseId } });
    expect(response.attributes).toEqual({ region: "华东", tier: "silver" });
  });

  describe("rejects bad input and stores nothing", () => {
    const cases: { label: string; input: unknown }[] = [
      { label: "score 11", input: { score: 11 } },
      { label: "score -1", input: { score: -1 } },
      { label: 'score "-1"', input: { score: "-1" } },
      { label: 'score "abc"', input: { score: "abc" } },
      { label: "score 3.5", input: { score: 3.5 } },
      { label: 'score "3.5"', input: { score: "3.5" } },
      { label: 'score ""', input: { score: "" } },
      { label: "score null", input: { score: null } },
      { label: "missing score", input: { comment: "no score" } },
      { label: "no body", input: undefined },
      { label: "an array", input: [7] },
      { label: "a comment of 2001 characters", input: { score: 7, comment: "好".repeat(2001) } },
      { label: "a comment that is not a string", input: { score: 7, comment: 42 } },
    ];

    it.each(cases)("$label → validation_failed", async ({ input }) => {
      const { token, invitation } = await invite();
      const before = await rowCounts();
      await expectAppError(submitResponse({ token, input }), "validation_failed");
      expect(await rowCounts()).toEqual(before);
      expect((await db.invitation.findFirstOrThrow({ where: { id: invitation.id } })).respondedAt).toBeNull();
    });

    it("names the failing field in the error details", async () => {
      const { token } = await invite();
      const scoreError = await expectAppError(submitResponse({ token, input: { score: 11 } }), "validation_failed");
      expect(scoreError.status).toBe(422);
      expect(scoreError.details).toEqual({ fields: ["score"] });
      const commentError = await expectAppError(
        submitResponse({ token, input: { score: 5, comment: "x".repeat(2001) } }),
        "validation_failed",
      );
      expect(commentError.details).toEqual({ fields: ["comment"] });
    });

    it.each([
      ["an unknown token", "Q".repeat(43)],
      ["a malformed token", "not a token!"],
      ["an empty token", ""],
      ["a too long token", "a".repeat(65)],
    ])("%s → not_found", async (_label, token) => {
      const before = await rowCounts();
      const error = await expectAppError(submitResponse({ token, input: { score: 9 } }), "not_found");
      expect(error.status).toBe(404);
      expect(await rowCounts()).toEqual(before);
    });

    it("a closed survey → survey_closed", async () => {
      const closing = await newClosedSurvey();
      const { token, invitation } = await invite({ survey: closing });
      await closeSurvey(closing);
      const before = await rowCounts();
      const error = await expectAppError(submitResponse({ token, input: { score: 9, comment: "late" } }), "survey_closed");
      expect(error.status).toBe(410);
      expect(await rowCounts()).toEqual(before);
      expect((await db.invitation.findFirstOrThrow({ where: { id: invitation.id } })).respondedAt).toBeNull();
    });
  });

  it("answers already_answered to a second submit and keeps the first answer", async () => {
    const { token, invitation } = await invite();
    const first = await submitResponse({ token, input: { score: 10, comment: "first" } });
    const respondedAt = (await db.invitation.findFirstOrThrow({ where: { id: invitation.id } })).respondedAt;
    const before = await rowCounts();

    const error = await expectAppError(submitResponse({ token, input: { score: 0, comment: "second" } }), "already_answered");
    expect(error.status).toBe(409);

    expect(await rowCounts()).toEqual(before);
    const responses = await db.response.findMany({ where: { invitationId: invitation.id } });
    expect(responses.map((r) => [r.id, r.score, r.comment])).toEqual([[first.responseId, 10, "first"]]);
    expect((await db.invitation.findFirstOrThrow({ where: { id: invitation.id } })).respondedAt).toEqual(respondedAt);
  });

  it("accepts exactly one of 10 concurrent submits of the same token", async () => {
    const { token, invitation } = await invite();
    const before = await rowCounts();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => submitResponse({ token, input: { score: i, comment: `attempt ${i}` } })),
    );

    const fulfilled = results.filter((r): r is PromiseFulfilledResult<Awaited<ReturnType<typeof submitResponse>>> => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(9);
    for (const failure of rejected) {
      expect(failure.reason).toBeInstanceOf(AppError);
      expect(failure.reason).toMatchObject({ code: "already_answered" });
    }

    const responses = await db.response.findMany({ where: { invitationId: invitation.id }, include: { answers: true } });
    expect(responses).toHaveLength(1);
    const [response] = responses;
    expect(response?.id).toBe(fulfilled[0]?.value.responseId);
    expect(response?.comment).toBe(`attempt ${response?.score ?? "?"}`);
    expect(response?.answers).toHaveLength(2);
    const after = await rowCounts();
    expect(after.responses).toBe(before.responses + 1);
    expect(after.answers).toBe(before.answers + 2);
    expect((await db.invitation.findFirstOrThrow({ where: { id: invitation.id } })).respondedAt).toEqual(response?.createdAt);
  });
});
