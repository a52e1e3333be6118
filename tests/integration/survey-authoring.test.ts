import { NextRequest } from "next/server";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Locale } from "@/i18n/locales";
import { messagesFor, type MessageKey } from "@/i18n/translate";
import { SERVQUAL_DIMENSIONS } from "@/lib/servqual";
import { canonicalJson, missingTranslations } from "@/lib/survey-content";
import type { SurveyContent, SurveyContentInput } from "@/schemas/survey-content";
import type { Viewer } from "@/server/auth/session";
import { db } from "@/server/db";
import { submitDriverAnswers } from "@/server/responses/submit-driver-answers";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurvey } from "@/server/surveys/create-survey";
import { getSurveyContent } from "@/server/surveys/get-survey-content";
import { getSurveyPreview } from "@/server/surveys/get-survey-preview";
import { setSurveyStatus } from "@/server/surveys/set-survey-status";
import { updateSurveyContent } from "@/server/surveys/update-survey-content";
import {
  both,
  contentOf,
  createPublishedSurvey,
  createUser,
  GOOD_DRIVER_FORM,
  invite,
  ORIGIN,
  reader,
  viewerFor,
} from "./support/authoring";
import { createOrganization, expectAppError, rowCounts } from "./support/fixtures";

// The content and preview routes read the session; outside a Next.js request it comes from here.
const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/server/auth/session", async () => {
  const { AppError } = await import("@/lib/errors");
  const { hasRole } = await import("@/lib/roles");
  return {
    getViewer: () => Promise.resolve(session.viewer),
    requireRole: (role: Viewer["role"]) => {
      const viewer = session.viewer;
      if (!viewer) return Promise.reject(new AppError("unauthorized", "Sign in first."));
      if (!hasRole(viewer.role, role)) return Promise.reject(new AppError("forbidden", "Role too low."));
      return Promise.resolve(viewer);
    },
  };
});
const contentRoute = await import("@/app/(app)/surveys/[id]/content/route");
const previewRoute = await import("@/app/(app)/surveys/[id]/preview/route");

const LOCALES: Locale[] = ["zh-CN", "en"];
const inAll = (key: MessageKey) => ({ "zh-CN": messagesFor("zh-CN")[key], en: messagesFor("en")[key] });

let organizationId: string;
let otherOrganizationId: string;
let userId: string;

beforeAll(async () => {
  organizationId = (await createOrganization("Authoring Bank")).id;
  otherOrganizationId = (await createOrganization("Authoring Other")).id;
  const user = await createUser("author");
  userId = user.id;
  await db.membership.create({ data: { organizationId, userId, role: "ADMIN" } });
});

beforeEach(() => {
  session.viewer = null;
});

/** Everything a refused save must leave as it was. */
async function snapshot(surveyId: string) {
  const [counts, survey, questions, revisions] = await Promise.all([
    rowCounts(),
    db.survey.findFirstOrThrow({ where: { id: surveyId } }),
    db.question.findMany({ where: { surveyId }, orderBy: { position: "asc" } }),
    db.surveyRevision.findMany({ where: { surveyId }, orderBy: { version: "asc" } }),
  ]);
  return { counts, survey, questions, revisions, revisionCount: await db.surveyRevision.count() };
}

async function revisionsOf(surveyId: string) {
  return db.surveyRevision.findMany({ where: { surveyId }, orderBy: { version: "asc" } });
}

async function save(surveyId: string, input: SurveyContentInput | SurveyContent) {
  return updateSurveyContent({ organizationId, surveyId, userId, input });
}

function withQuestions(content: SurveyContent, edit: (questions: SurveyContent["questions"]) => SurveyContent["questions"]): SurveyContent {
  return { ...content, questions: edit(structuredClone(content.questions)) };
}

/** Answers a survey once through a personal link (step 1, and step 2 when it has drivers). */
async function answer(surveyId: string, score = 9) {
  const { token } = await invite(organizationId, surveyId);
  const result = await submitResponse({ token, input: { score, comment: "很好" } });
  if (result.next === "drivers") await submitDriverAnswers({ token, read: reader(GOOD_DRIVER_FORM) });
  return db.response.findFirstOrThrow({ where: { id: result.responseId }, include: { answers: true } });
}

describe("createSurvey from a template", () => {
  it("standard: the NPS question and the follow-up with a wording per category, in zh-CN and en; active with revision 1", async () => {
    const survey = await createSurvey({ organizationId, userId, input: { name: "Standard", brandName: "演示银行" } });
    expect(survey).toMatchObject({ status: "ACTIVE", version: 1 });
    expect(survey.publishedAt).toBeInstanceOf(Date);
    const questions = await db.question.findMany({ where: { surveyId: survey.id }, orderBy: { position: "asc" } });
    expect(questions.map((q) => ({ key: q.key, type: q.type, position: q.position, required: q.required, text: q.text, settings: q.settings }))).toEqual([
      {
        key: "nps",
        type: "NPS",
        position: 0,
        required: true,
        text: inAll("respondent.question"),
        settings: { lowLabel: inAll("respondent.notLikely"), highLabel: inAll("respondent.extremelyLikely") },
      },
      {
        key: "reason",
        type: "OPEN_TEXT",
        position: 1,
        required: false,
        text: inAll("respondent.commentLabel"),
        settings: {
          byCategory: {
            PROMOTER: inAll("template.followUp.PROMOTER"),
            PASSIVE: inAll("template.followUp.PASSIVE"),
            DETRACTOR: inAll("template.followUp.DETRACTOR"),
          },
        },
      },
    ]);
    for (const q of questions) {
      const text = q.text as Record<string, string>;
      expect(text["zh-CN"]?.trim(), q.key).toBeTruthy();
      expect(text.en?.trim(), q.key).toBeTruthy();
      expect(text["zh-CN"]).not.toBe(text.en);
    }
    const revisions = await revisionsOf(survey.id);
    expect(revisions.map((r) => [r.version, r.createdById, r.organizationId])).toEqual([[1, userId, organizationId]]);
    const { content } = await getSurveyContent({ organizationId, surveyId: survey.id });
    expect(canonicalJson(revisions[0]?.content)).toBe(canonicalJson(content));
  });

  it("servqual: one SERVQUAL item per dimension on a 7-point scale, written in both languages", async () => {
    const survey = await createSurvey({ organizationId, userId, input: { name: "SQ", brandName: "演示银行", template: "servqual" } });
    const questions = await db.question.findMany({ where: { surveyId: survey.id }, orderBy: { position: "asc" } });
    expect(questions.map((q) => [q.key, q.type, q.position])).toEqual([
      ["nps", "NPS", 0],
      ["reason", "OPEN_TEXT", 1],
      ...SERVQUAL_DIMENSIONS.map((d, i) => [`sq_${d}`, "SERVQUAL", i + 2]),
    ]);
    for (const dimension of SERVQUAL_DIMENSIONS) {
      const q = questions.find((row) => row.key === `sq_${dimension}`);
      expect(q?.settings).toEqual({ dimension, scale: 7 });
      expect(q?.text).toEqual(inAll(`template.servqual.${dimension}`));
      expect(q?.required).toBe(false);
    }
    const { content, missing } = await getSurveyContent({ organizationId, surveyId: survey.id });
    expect(missing).toEqual([]);
    expect(missingTranslations(content, LOCALES)).toEqual([]);
  });

  it("kano: a functional / dysfunctional pair per feature, written in both languages", async () => {
    const survey = await createSurvey({ organizationId, userId, input: { name: "Kano", brandName: "演示银行", template: "kano", defaultLocale: "en" } });
    const questions = await db.question.findMany({ where: { surveyId: survey.id }, orderBy: { position: "asc" } });
    expect(questions.map((q) => [q.key, q.type])).toEqual([
      ["nps", "NPS"],
      ["reason", "OPEN_TEXT"],
      ["kano_mobile_login", "KANO"],
      ["kano_instant_alerts", "KANO"],
    ]);
    for (const feature of ["mobile_login", "instant_alerts"] as const) {
      const q = questions.find((row) => row.key === `kano_${feature}`);
      expect(q?.text).toEqual(inAll(`template.kano.${feature}`));
      expect(q?.settings).toEqual({ functional: inAll(`template.kano.${feature}.functional`), dysfunctional: inAll(`template.kano.${feature}.dysfunctional`) });
    }
    expect((await getSurveyContent({ organizationId, surveyId: survey.id })).missing).toEqual([]);
    expect(await db.surveyRevision.count({ where: { surveyId: survey.id } })).toBe(1);
  });

  it("draft: status DRAFT, not published, no revision", async () => {
    const survey = await createSurvey({ organizationId, userId, draft: true, input: { name: "Draft", brandName: "B", template: "servqual" } });
    expect(survey).toMatchObject({ status: "DRAFT", publishedAt: null, version: 1 });
    expect(await db.question.count({ where: { surveyId: survey.id } })).toBe(7);
    expect(await db.surveyRevision.count({ where: { surveyId: survey.id } })).toBe(0);
    const read = await getSurveyContent({ organizationId, surveyId: survey.id });
    expect(read).toMatchObject({ status: "DRAFT", version: 1, hasResponses: false });
    expect(read.savedKeys.map((k) => k.key)).toEqual(["nps", "reason", ...SERVQUAL_DIMENSIONS.map((d) => `sq_${d}`)]);
  });
});

describe("editing a draft", () => {
  it("removes, adds and retypes questions freely, without versions or revisions", async () => {
    const survey = await createSurvey({ organizationId, userId, draft: true, input: { name: "Free", brandName: "B", template: "kano" } });
    const before = await contentOf(organizationId, survey.id);
    const next = withQuestions(before, (questions) => [
      ...questions.filter((q) => q.key !== "kano_instant_alerts").map((q) => (q.key === "kano_mobile_login" ? { key: q.key, type: "CSAT" as const, required: true, text: both("满意", "Satisfied"), settings: {} } : q)),
      { key: "channel", type: "SINGLE_CHOICE", required: false, text: both("渠道", "Channel"), settings: { options: [{ key: "app", label: both("应用", "App") }, { key: "branch", label: both("网点", "Branch") }] } },
    ]);
    expect(await save(survey.id, next)).toEqual({ changed: true, version: 1 });
    const rows = await db.question.findMany({ where: { surveyId: survey.id }, orderBy: { position: "asc" } });
    expect(rows.map((q) => [q.key, q.type, q.position, q.required])).toEqual([
      ["nps", "NPS", 0, true],
      ["reason", "OPEN_TEXT", 1, false],
      ["kano_mobile_login", "CSAT", 2, true],
      ["channel", "SINGLE_CHOICE", 3, false],
    ]);
    expect(await db.surveyRevision.count({ where: { surveyId: survey.id } })).toBe(0);
    expect((await db.survey.findFirstOrThrow({ where: { id: survey.id } })).version).toBe(1);
    expect(canonicalJson(await contentOf(organizationId, survey.id))).toBe(canonicalJson(next));
  });

  it("refuses invalid content with the issues at their fields and writes nothing", async () => {
    const survey = await createSurvey({ organizationId, userId, draft: true, input: { name: "Invalid", brandName: "B" } });
    const content = await contentOf(organizationId, survey.id);
    const before = await snapshot(survey.id);
    const bad = withQuestions(content, (questions) => [questions[0]!, { ...questions[1]!, type: "CSAT", settings: {} }] as SurveyContent["questions"]);
    const error = await expectAppError(save(survey.id, bad), "validation_failed");
    expect((error.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain("questions.1.type");
    const noNpsFirst = withQuestions(content, (questions) => [...questions].reverse());
    const error2 = await expectAppError(save(survey.id, noNpsFirst), "validation_failed");
    expect((error2.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain("questions.0");
    await expectAppError(save(survey.id, { ...content, kind: "TRANSACTIONAL", touchpoint: null }), "validation_failed");
    expect(await snapshot(survey.id)).toEqual(before);
  });

  it("accepts missing translations while a draft, but publishing needs them all; then records revision 1 with the content", async () => {
    const survey = await createSurvey({ organizationId, userId, draft: true, input: { name: "Half written", brandName: "B" } });
    const content = await contentOf(organizationId, survey.id);
    const half = withQuestions(content, (questions) => [
      ...questions,
      { key: "speed", type: "RATING", required: false, text: { "zh-CN": "速度" }, settings: { lowLabel: both("慢", "Slow"), highLabel: { en: "Fast" } } },
    ]);
    expect(await save(survey.id, { ...half, thankYou: { promoterAsk: { en: "Please review us" } } })).toEqual({ changed: true, version: 1 });

    const before = await snapshot(survey.id);
    const error = await expectAppError(setSurveyStatus({ organizationId, surveyId: survey.id, userId, transition: "publish" }), "translations_missing");
    expect((error.details as { missing: unknown[] }).missing).toEqual([
      { path: "questions.2.text", locale: "en" },
      { path: "questions.2.settings.highLabel", locale: "zh-CN" },
      { path: "thankYou.promoterAsk", locale: "zh-CN" },
    ]);
    expect(await snapshot(survey.id)).toEqual(before);
    expect(await getSurveyContent({ organizationId, surveyId: survey.id })).toMatchObject({
      missing: [
        { path: "questions.2.text", locale: "en" },
        { path: "questions.2.settings.highLabel", locale: "zh-CN" },
        { path: "thankYou.promoterAsk", locale: "zh-CN" },
      ],
    });

    const fixed = withQuestions(half, (questions) =>
      questions.map((q) => (q.key === "speed" && q.type === "RATING" ? { ...q, text: both("速度", "Speed"), settings: { lowLabel: both("慢", "Slow"), highLabel: both("快", "Fast") } } : q)),
    );
    const written = { ...fixed, thankYou: { promoterAsk: both("请给我们好评", "Please review us"), promoterUrl: "https://reviews.example.com/b" } };
    expect(await save(survey.id, written)).toEqual({ changed: true, version: 1 });
    const published = await setSurveyStatus({ organizationId, surveyId: survey.id, userId, transition: "publish" });
    expect(published).toMatchObject({ status: "ACTIVE", version: 1, closedAt: null });
    expect(published.publishedAt).toBeInstanceOf(Date);
    const revisions = await revisionsOf(survey.id);
    expect(revisions.map((r) => [r.version, r.createdById])).toEqual([[1, userId]]);
    expect(canonicalJson(revisions[0]?.content)).toBe(canonicalJson(written));
  });
});

describe("editing a published survey", () => {
  it("each changed save bumps the version and writes a revision equal to the saved content", async () => {
    const surveyId = await createPublishedSurvey({ organizationId, userId });
    const v1 = await contentOf(organizationId, surveyId);
    const edited = withQuestions({ ...v1, name: "Renamed", brandName: "新品牌" }, (questions) =>
      questions.map((q) => (q.key === "csat" ? { ...q, text: both("您满意吗（修订）？", "Were you satisfied (edited)?") } : q)),
    );
    expect(await save(surveyId, edited)).toEqual({ changed: true, version: 2 });
    const survey = await db.survey.findFirstOrThrow({ where: { id: surveyId } });
    expect(survey).toMatchObject({ version: 2, name: "Renamed", brandName: "新品牌", status: "ACTIVE" });
    const revisions = await revisionsOf(surveyId);
    expect(revisions.map((r) => r.version)).toEqual([1, 2]);
    expect(canonicalJson(revisions[0]?.content)).toBe(canonicalJson(v1));
    expect(canonicalJson(revisions[1]?.content)).toBe(canonicalJson(edited));
    expect(canonicalJson(revisions[1]?.content)).toBe(canonicalJson(await contentOf(organizationId, surveyId)));
    expect(revisions[1]?.createdById).toBe(userId);

    const third = { ...edited, followUpEnabled: !edited.followUpEnabled };
    expect(await save(surveyId, third)).toEqual({ changed: true, version: 3 });
    expect((await revisionsOf(surveyId)).map((r) => r.version)).toEqual([1, 2, 3]);
  });

  it("saving the content unchanged (even with keys in another order) changes nothing", async () => {
    const surveyId = await createPublishedSurvey({ organizationId, userId });
    const content = await contentOf(organizationId, surveyId);
    const before = await snapshot(surveyId);
    expect(await save(surveyId, content)).toEqual({ changed: false, version: 1 });
    const reversed = JSON.parse(JSON.stringify(content, (_key, value: unknown) =>
      value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    )) as SurveyContent;
    expect(await save(surveyId, reversed)).toEqual({ changed: false, version: 1 });
    const after = await snapshot(surveyId);
    expect(after).toEqual(before);
  });

  it("concurrent saves are serialised: consecutive versions, one revision each, the last save wins", async () => {
    const surveyId = await createPublishedSurvey({ organizationId, userId });
    const content = await contentOf(organizationId, surveyId);
    const saves = Array.from({ length: 6 }, (_, i) => ({ ...content, name: `Concurrent ${i}` }));
    const results = await Promise.all(saves.map((input) => save(surveyId, input)));
    expect(results.every((r) => r.changed)).toBe(true);
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
    const revisions = await revisionsOf(surveyId);
    expect(revisions.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const survey = await db.survey.findFirstOrThrow({ where: { id: surveyId } });
    expect(survey.version).toBe(7);
    expect(canonicalJson(revisions.at(-1)?.content)).toBe(canonicalJson(await contentOf(organizationId, surveyId)));
    expect((revisions.at(-1)?.content as { name: string }).name).toBe(survey.name);
  });

  it("a published survey must stay written in every language", async () => {
    const surveyId = await createPublishedSurvey({ organizationId, userId });
    const content = await contentOf(organizationId, surveyId);
    const before = await snapshot(surveyId);
    const missingEn = withQuestions(content, (questions) => questions.map((q) => (q.key === "ces" ? { ...q, text: { "zh-CN": "省力吗？", en: " " } } : q)));
    const error = await expectAppError(save(surveyId, missingEn), "translations_missing");
    expect((error.details as { missing: unknown }).missing).toEqual([{ path: `questions.${content.questions.findIndex((q) => q.key === "ces")}.text`, locale: "en" }]);
    expect(await snapshot(surveyId)).toEqual(before);
  });
});

describe("once a survey has responses", () => {
  let surveyId: string;
  let content: SurveyContent;
  let firstResponseId: string;

  beforeAll(async () => {
    surveyId = await createPublishedSurvey({ organizationId, userId, name: "Locked" });
    const response = await answer(surveyId);
    firstResponseId = response.id;
    expect(response.answers.length).toBeGreaterThan(2);
    content = await contentOf(organizationId, surveyId);
    expect((await getSurveyContent({ organizationId, surveyId })).hasResponses).toBe(true);
  });

  const refusals: [string, (c: SurveyContent) => SurveyContent, { key: string; reason: string }[]][] = [
    ["a removed question", (c) => withQuestions(c, (qs) => qs.filter((q) => q.key !== "csat")), [{ key: "csat", reason: "removed" }]],
    ["a removed follow-up question", (c) => withQuestions(c, (qs) => qs.filter((q) => q.key !== "reason")), [{ key: "reason", reason: "removed" }]],
    ["a changed type (CSAT → CES)", (c) => withQuestions(c, (qs) => qs.map((q) => (q.key === "csat" ? { ...q, type: "CES" as const, settings: {} } : q))), [{ key: "csat", reason: "type_changed" }]],
    [
      "single → multiple choice",
      (c) => withQuestions(c, (qs) => qs.map((q) => (q.key === "channel" && q.type === "SINGLE_CHOICE" ? { ...q, type: "MULTIPLE_CHOICE" as const } : q))),
      [{ key: "channel", reason: "type_changed" }],
    ],
    [
      "a removed option",
      (c) => withQuestions(c, (qs) => qs.map((q) => (q.key === "liked" && q.type === "MULTIPLE_CHOICE" ? { ...q, settings: { options: q.settings.options.filter((o) => o.key !== "price") } } : q))),
      [{ key: "liked", reason: "options_removed" }],
    ],
    [
      "a SERVQUAL item moved to another dimension",
      (c) => withQuestions(c, (qs) => qs.map((q) => (q.key === "sq_rel" && q.type === "SERVQUAL" ? { ...q, settings: { ...q.settings, dimension: "empathy" as const } } : q))),
      [{ key: "sq_rel", reason: "dimension_changed" }],
    ],
    ["a changed survey kind", (c) => ({ ...c, kind: "RELATIONSHIP", touchpoint: null }), [{ key: "kind", reason: "type_changed" }]],
  ];

  for (const [name, edit, violations] of refusals) {
    it(`refuses ${name} with survey_locked and writes nothing`, async () => {
      const before = await snapshot(surveyId);
      const error = await expectAppError(save(surveyId, edit(content)), "survey_locked");
      expect(error.status).toBe(409);
      expect((error.details as { violations: unknown }).violations).toEqual(violations);
      expect(await snapshot(surveyId)).toEqual(before);
    });
  }

  it("NPS end labels are wording, but a retyped driver in the same save is still refused", async () => {
    const before = await snapshot(surveyId);
    const retyped = withQuestions(content, (qs) => qs.map((q) => (q.key === "nps" ? { key: "nps", type: "NPS" as const, required: true, text: q.text, settings: { lowLabel: both("差", "Bad"), highLabel: both("好", "Good") } } : q)));
    const bad = withQuestions(retyped, (qs) => [qs[0]!, ...qs.slice(1).map((q) => (q.key === "rating" ? { ...q, type: "CSAT" as const, settings: {} } : q))]);
    const error = await expectAppError(save(surveyId, bad), "survey_locked");
    expect((error.details as { violations: unknown }).violations).toEqual([{ key: "rating", reason: "type_changed" }]);
    expect(await snapshot(surveyId)).toEqual(before);
  });

  it("allows wording, order, required flags, new options and new questions: a new version, ids kept, later answers carry the new version", async () => {
    const oldQuestions = await db.question.findMany({ where: { surveyId } });
    const idByKey = new Map(oldQuestions.map((q) => [q.key, q.id]));
    const survey = await db.survey.findFirstOrThrow({ where: { id: surveyId } });
    const edited = withQuestions(content, (qs) => {
      const [nps, reason, ...drivers] = qs;
      const reworded = drivers.map((q) => {
        if (q.key === "csat") return { ...q, required: true, text: both("您对服务满意吗？（改）", "Satisfied? (edited)") };
        if (q.key === "channel" && q.type === "SINGLE_CHOICE") return { ...q, settings: { options: [...q.settings.options, { key: "other", label: both("其他", "Other") }] } };
        return q;
      });
      return [
        { ...nps!, text: both("您会向朋友推荐{brand}吗？", "Would you recommend {brand}?") },
        reason!,
        ...reworded.reverse(),
        { key: "new_ces", type: "CES" as const, required: false, text: both("新问题", "New question"), settings: {} },
      ];
    });
    expect(await save(surveyId, edited)).toEqual({ changed: true, version: survey.version + 1 });
    const newVersion = survey.version + 1;
    const rows = await db.question.findMany({ where: { surveyId }, orderBy: { position: "asc" } });
    expect(rows.map((q) => q.key)).toEqual(edited.questions.map((q) => q.key));
    for (const row of rows) {
      if (row.key === "new_ces") expect(idByKey.has(row.key)).toBe(false);
      else expect(row.id, row.key).toBe(idByKey.get(row.key));
    }
    // The first response's answers still point at the (kept) questions.
    const oldAnswers = await db.answer.findMany({ where: { responseId: firstResponseId }, include: { question: true } });
    expect(oldAnswers.length).toBeGreaterThan(2);
    for (const a of oldAnswers) expect(a.questionId).toBe(idByKey.get(a.question.key));
    expect((await db.response.findFirstOrThrow({ where: { id: firstResponseId } })).surveyVersion).toBe(survey.version);

    const later = await answer(surveyId, 3);
    expect(later.surveyVersion).toBe(newVersion);
    const revision = await db.surveyRevision.findFirstOrThrow({ where: { surveyId, version: newVersion } });
    expect(canonicalJson(revision.content)).toBe(canonicalJson(edited));
    content = await contentOf(organizationId, surveyId);
  });
});

describe("tenant scoping", () => {
  it("another organisation's survey is not found for every authoring service, and nothing changes", async () => {
    const surveyId = await createPublishedSurvey({ organizationId, userId, name: "Scoped" });
    const content = await contentOf(organizationId, surveyId);
    const before = await snapshot(surveyId);
    const other = otherOrganizationId;
    await expectAppError(getSurveyContent({ organizationId: other, surveyId }), "not_found");
    await expectAppError(updateSurveyContent({ organizationId: other, surveyId, userId: null, input: { ...content, name: "Hijacked" } }), "not_found");
    await expectAppError(setSurveyStatus({ organizationId: other, surveyId, userId: null, transition: "close" }), "not_found");
    await expectAppError(getSurveyPreview({ organizationId: other, surveyId, locale: null, step: "start", score: Number.NaN }), "not_found");
    expect(await snapshot(surveyId)).toEqual(before);
  });

  it("malformed and unknown ids are not found", async () => {
    const content = await contentOf(organizationId, await createPublishedSurvey({ organizationId, userId, name: "Ids" }));
    for (const surveyId of ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      await expectAppError(getSurveyContent({ organizationId, surveyId }), "not_found");
      await expectAppError(updateSurveyContent({ organizationId, surveyId, userId, input: content }), "not_found");
      await expectAppError(setSurveyStatus({ organizationId, surveyId, userId, transition: "publish" }), "not_found");
    }
  });
});

describe("setSurveyStatus transitions", () => {
  it("draft → active → closed → active, and every other move is a conflict that changes nothing", async () => {
    const survey = await createSurvey({ organizationId, userId, draft: true, input: { name: "Lifecycle", brandName: "B" } });
    const move = (transition: "publish" | "close" | "reopen") => setSurveyStatus({ organizationId, surveyId: survey.id, userId, transition });
    const expectConflict = async (transition: "publish" | "close" | "reopen") => {
      const before = await snapshot(survey.id);
      await expectAppError(move(transition), "conflict");
      expect(await snapshot(survey.id)).toEqual(before);
    };

    await expectConflict("close");
    await expectConflict("reopen");
    const active = await move("publish");
    expect(active).toMatchObject({ status: "ACTIVE", closedAt: null });
    await expectConflict("publish");
    await expectConflict("reopen");
    const closed = await move("close");
    expect(closed.status).toBe("CLOSED");
    expect(closed.closedAt).toBeInstanceOf(Date);
    await expectConflict("close");
    await expectConflict("publish");
    const reopened = await move("reopen");
    expect(reopened).toMatchObject({ status: "ACTIVE", closedAt: null });
    expect(reopened.publishedAt?.getTime()).toBe(active.publishedAt?.getTime());
    expect(await db.surveyRevision.count({ where: { surveyId: survey.id } })).toBe(1);
  });

  it("a survey created active cannot be published again", async () => {
    const survey = await createSurvey({ organizationId, userId, input: { name: "Active", brandName: "B" } });
    await expectAppError(setSurveyStatus({ organizationId, surveyId: survey.id, userId, transition: "publish" }), "conflict");
  });
});

describe("the builder's content route", () => {
  let surveyId: string;

  beforeAll(async () => {
    surveyId = await createPublishedSurvey({ organizationId, userId, name: "Route" });
  });

  const as = (role: Viewer["role"] | null, org = organizationId) => {
    session.viewer = role ? viewerFor(org, userId, role) : null;
  };
  const get = (id = surveyId) => contentRoute.GET(new NextRequest(`${ORIGIN}/surveys/${id}/content`), { params: Promise.resolve({ id }) });
  const put = (body: unknown, options: { id?: string; contentType?: string } = {}) => {
    const id = options.id ?? surveyId;
    return contentRoute.PUT(
      new NextRequest(`${ORIGIN}/surveys/${id}/content`, {
        method: "PUT",
        body: typeof body === "string" ? body : JSON.stringify(body),
        headers: { "content-type": options.contentType ?? "application/json" },
      }),
      { params: Promise.resolve({ id }) },
    );
  };
  const errorOf = async (response: Response) => ((await response.json()) as { error: Record<string, unknown> }).error;

  it("GET: MANAGER and up read the content; VIEWER gets 403; no session 401", async () => {
    for (const role of ["OWNER", "ADMIN", "MANAGER"] as const) {
      as(role);
      const response = await get();
      expect(response.status, role).toBe(200);
      const body = (await response.json()) as { content: SurveyContent; version: number; status: string; hasResponses: boolean };
      expect(body).toMatchObject({ version: 1, status: "ACTIVE", hasResponses: false });
      expect(canonicalJson(body.content)).toBe(canonicalJson(await contentOf(organizationId, surveyId)));
    }
    as("VIEWER");
    const forbidden = await get();
    expect(forbidden.status).toBe(403);
    expect((await errorOf(forbidden)).code).toBe("forbidden");
    as(null);
    expect((await get()).status).toBe(401);
  });

  it("GET of another organisation's survey: 404", async () => {
    as("OWNER", otherOrganizationId);
    const response = await get();
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe("not_found");
  });

  it("PUT: ADMIN saves; MANAGER and VIEWER get 403 and nothing is written", async () => {
    const content = await contentOf(organizationId, surveyId);
    const edited = { ...content, name: "Saved through the route" };
    for (const role of ["MANAGER", "VIEWER"] as const) {
      as(role);
      const before = await snapshot(surveyId);
      const response = await put(edited);
      expect(response.status, role).toBe(403);
      expect((await errorOf(response)).code).toBe("forbidden");
      expect(await snapshot(surveyId)).toEqual(before);
    }
    as(null);
    expect((await put(edited)).status).toBe(401);

    as("ADMIN");
    const response = await put(edited);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ changed: true, version: 2 });
    expect((await db.survey.findFirstOrThrow({ where: { id: surveyId } })).name).toBe("Saved through the route");
    const again = await put(edited);
    expect(await again.json()).toEqual({ changed: false, version: 2 });
  });

  it("PUT refusals carry what to fix: issues (422), missing (422), violations (409)", async () => {
    as("ADMIN");
    const content = await contentOf(organizationId, surveyId);

    const invalid = await put({ ...content, questions: content.questions.slice(1) });
    expect(invalid.status).toBe(422);
    const invalidError = await errorOf(invalid);
    expect(invalidError).toMatchObject({ code: "validation_failed", message: expect.any(String) });
    expect((invalidError.issues as { path: string; message: string }[]).map((i) => i.path)).toContain("questions.0");

    const untranslated = await put(withQuestions(content, (qs) => qs.map((q) => (q.key === "csat" ? { ...q, text: { "zh-CN": "满意吗？" } } : q))));
    expect(untranslated.status).toBe(422);
    const missingError = await errorOf(untranslated);
    expect(missingError.code).toBe("translations_missing");
    expect(missingError.missing).toEqual([{ path: `questions.${content.questions.findIndex((q) => q.key === "csat")}.text`, locale: "en" }]);

    await answer(surveyId);
    const before = await snapshot(surveyId);
    const locked = await put(withQuestions(content, (qs) => qs.filter((q) => q.key !== "kano_login")));
    expect(locked.status).toBe(409);
    const lockedError = await errorOf(locked);
    expect(lockedError.code).toBe("survey_locked");
    expect(lockedError.violations).toEqual([{ key: "kano_login", reason: "removed" }]);
    expect(await snapshot(surveyId)).toEqual(before);
  });

  it("PUT: not JSON → 415, malformed JSON → 400, another organisation → 404", async () => {
    as("ADMIN");
    const content = await contentOf(organizationId, surveyId);
    expect((await put("name=x", { contentType: "application/x-www-form-urlencoded" })).status).toBe(415);
    const malformed = await put("{not json", {});
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).code).toBe("bad_request");
    as("OWNER", otherOrganizationId);
    const before = await snapshot(surveyId);
    const foreign = await put({ ...content, name: "Hijacked" });
    expect(foreign.status).toBe(404);
    expect(await snapshot(surveyId)).toEqual(before);
  });

  it("the preview renders the respondent page for MANAGER+ (drafts included), records nothing, and is 403 for VIEWER", async () => {
    const draft = await createPublishedSurvey({ organizationId, userId, publish: false, name: "Preview draft" });
    const preview = (query: string) => previewRoute.GET(new NextRequest(`${ORIGIN}/surveys/${draft}/preview${query}`), { params: Promise.resolve({ id: draft }) });
    as("MANAGER");
    const before = await rowCounts();
    const start = await preview("?lang=en&score=3");
    expect(start.status).toBe(200);
    const page = await start.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain(messagesFor("en")["respond.preview.banner"]);
    expect(page).toMatch(/value="3" required checked/);
    expect(page).not.toContain("/answer");
    const drivers = await (await preview("?lang=zh-CN&step=drivers&score=9")).text();
    expect(drivers).toContain('data-testid="drivers-form"');
    expect(drivers).toContain("柜台服务评分");
    const done = await (await preview("?lang=en&step=done&score=10")).text();
    expect(done).toContain('data-category="PROMOTER"');
    expect(await rowCounts()).toEqual(before);
    as("VIEWER");
    expect((await preview("")).status).toBe(403);
  });
});
