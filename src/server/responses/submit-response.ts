import "server-only";
import { Prisma } from "@/generated/prisma/client";
import type { Channel, QuestionType } from "@/generated/prisma/enums";
import { pickLocale } from "@/i18n/locales";
import { brandIn } from "@/lib/brand";
import { AppError } from "@/lib/errors";
import {
  PER_ADDRESS_LIMIT,
  PER_ADDRESS_WINDOW_SECONDS,
  PER_LINK_LIMIT,
  PER_LINK_WINDOW_SECONDS,
  retryAfterFor,
} from "@/lib/link-guard";
import { decideCase, type CaseRuleLike } from "@/lib/case-rules";
import { classifyScore, type NpsCategory } from "@/lib/nps";
import { driverQuestions } from "@/lib/survey-content";
import { submitResponseSchema, tokenSchema } from "@/schemas/response";
import { FOLLOW_UP_KEY, NPS_KEY } from "@/schemas/survey-content";
import { answersCountedInTransaction } from "@/server/analytics/pending-responses";
import { addResponseAggregates, scheduleFold } from "@/server/analytics/response-aggregates";
import { markAnswerContacts, responseFollowUpsInsert } from "@/server/outcomes/follow-ups";
import { openCaseForResponse } from "@/server/cases/open-case-for-response";
import { emitResponseEvents, RESPONSE_EVENT_TYPES } from "@/server/webhooks/emit-domain-events";
import { subscribedEndpointsJson, type SubscribedEndpoint } from "@/server/webhooks/emit-webhook-event";
import { uuidv7 } from "@/server/contacts/upsert-contacts";
import { db, TX_OPTIONS } from "@/server/db";
import { recordConsent } from "@/server/privacy/record-consent";
import { verifyFormKey } from "@/server/survey-links/form-key";
import { findLinkResponse } from "./find-link-response";

/**
 * `input` is untrusted (form or JSON); it is validated here. `client` is the keyed hash of the client's address
 * (form-key.ts `hashClientAddress`): public links limit answers per address with it; null when unknown.
 */
export type SubmitResponseOptions = { token: string; input: unknown; client?: string | null };

export type SubmitResponseResult = {
  responseId: string;
  category: NpsCategory | null;
  locale: string;
  brand: string;
  /** "drivers" when the survey asks more after the score; the response is then partial until they are sent. */
  next: "drivers" | "done";
  /** For anonymous (public-link) responses: the key naming this response in the follow-on URL. */
  resume: string | null;
};

type Tx = Prisma.TransactionClient;

/** What answering needs of a survey: read in one statement, after its row is share-locked. */
export type SurveyForAnswer = {
  id: string;
  organizationId: string;
  status: string;
  touchpoint: string | null;
  version: number;
  brandName: string;
  /** The brand per language (src/lib/brand.ts). */
  brandNames: unknown;
  defaultLocale: string;
  questions: { id: string; key: string; type: QuestionType; required: boolean }[];
};

function invalid(parsed: { error: { issues: { path: PropertyKey[]; message: string }[] } }): never {
  const issue = parsed.error.issues[0];
  throw new AppError("validation_failed", issue ? `${issue.path.map(String).join(".")}: ${issue.message}` : "Invalid answer.", {
    fields: parsed.error.issues.map((i) => i.path.map(String).join(".")),
  });
}

/**
 * Step 1 of answering: the score and the follow-up comment. A personal link records one response per
 * invitation (the invitation row is locked and a unique key (organizationId, invitationId) makes a double
 * submit impossible, even across processes). Sending the same answer again (a retry whose first reply was
 * lost) finds the stored response and succeeds without writing; a different answer gets `already_answered`.
 * A public link records an anonymous response per form: the form's one-time key is unique, so a double
 * submit finds the first. When the survey has driver questions the response stays partial
 * (completed = false) until step 2.
 *
 * The transaction is kept short for bursts (docs/decisions/0010-respondent-write-path.md): one statement
 * locks the invitation and share-locks the survey, one reads the survey and its questions, then the writes;
 * the follow-up case is looked at only when one can open (a detractor, or the organisation has case rules).
 */
export async function submitResponse({ token, input, client = null }: SubmitResponseOptions): Promise<SubmitResponseResult> {
  const parsedToken = tokenSchema.safeParse(token);
  if (!parsedToken.success) throw new AppError("not_found", "This survey link is not valid.");
  const parsed = submitResponseSchema.safeParse(input);
  if (!parsed.success) invalid(parsed);
  const data = parsed.data;

  try {
    const owner = await findTokenOwner(parsedToken.data);
    if (!owner) throw new AppError("not_found", "This survey link is not valid.");
    const countNow = await answersCountedInTransaction();
    const result = await db.$transaction(async (tx) => {
      const invitation = await lockInvitation(tx, owner.organizationId, parsedToken.data);
      if (invitation) return answerInvitation(tx, invitation, data, countNow);
      return answerPublicLink(tx, owner.organizationId, parsedToken.data, data, client, countNow);
    }, TX_OPTIONS);
    if (!countNow) scheduleFold(owner.organizationId);
    return result;
  } catch (error) {
    if (isUniqueViolation(error)) {
      const existing = await findAnonymousResponse(parsedToken.data, input);
      if (existing) return existing;
      // Two submits of one personal link at the same moment: the loser answers as a repeat would.
      const owner = await findTokenOwner(parsedToken.data);
      const repeat = await db.$transaction(async (tx) => {
        const invitation = owner ? await lockInvitation(tx, owner.organizationId, parsedToken.data) : null;
        return invitation?.respondedAt ? answerInvitation(tx, invitation, data, true) : null;
      }, TX_OPTIONS);
      if (repeat) return repeat;
      throw new AppError("already_answered", "This link has already been answered.");
    }
    throw error;
  }
}

/** A unique key refused the row: P2002 from a model query, P2010 (raw query failed) with SQLSTATE 23505 from ours. */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  return error.code === "P2010" && (/\b23505\b/.test(JSON.stringify(error.meta ?? {})) || /23505|unique constraint/i.test(error.message));
}

/**
 * Holds the survey's content steady while answering: a key-share lock on the survey row waits for a builder
 * save or status change in progress (both lock it FOR UPDATE) and makes them wait for this answer, so the
 * questions read after it are the ones the answers are written against, and a save sees every response
 * already made. KEY SHARE is the lock the response's foreign key takes on that row anyway, so it adds no
 * contention between respondents (FOR SHARE would, and it would also block plain updates of the row).
 */
export async function lockSurveyContent(tx: Tx, organizationId: string, surveyId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Survey" WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${surveyId}::uuid FOR KEY SHARE`;
}

/**
 * Whose link a token is, read without a lock before the respondent's transaction: tokens are unique per
 * organisation and looked up by their own index (on Citus this read asks every shard — docs/decisions/0012 —
 * while every lock and write after it names the organisation, so it runs on that organisation's shard only).
 */
async function findTokenOwner(token: string): Promise<{ organizationId: string } | null> {
  const rows = await db.$queryRaw<{ organizationId: string }[]>`
    (SELECT "organizationId" FROM "Invitation" WHERE "token" = ${token} LIMIT 1)
    UNION ALL
    (SELECT "organizationId" FROM "SurveyLink" WHERE "token" = ${token} LIMIT 1)`;
  return rows[0] ?? null;
}

type LockedInvitation = {
  id: string;
  organizationId: string;
  surveyId: string;
  respondedAt: Date | null;
  locale: string | null;
  unitId: string | null;
  employeeId: string | null;
  channel: Channel;
  contactId: string;
  contactLocale: string | null;
  attributes: unknown;
  /** The invitation's unit's code (case rules may match on it). */
  unitCode: string | null;
  /** The locked survey row's version (xmin): names the survey content read under that lock (see readSurvey). */
  surveyRow: string;
} & RespondentContext;

/**
 * What the answer's follow-up needs from the organisation, read by the lock statement (no round trip of its own): the
 * active case rules (in their order) and the webhook endpoints subscribed to the answer's events.
 */
type RespondentContext = { caseRules: CaseRuleLike[]; endpoints: SubscribedEndpoint[] };

function respondentContextColumns(organizationId: string): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(json_agg(json_build_object('id', r."id", 'position', r."position", 'active', r."active", 'match', r."match", 'priority', r."priority",
                                                 'ownerId', r."ownerId", 'ownerUnitId', r."ownerUnitId") ORDER BY r."position", r."id"), '[]'::json)
            FROM "CaseRule" r WHERE r."organizationId" = ${organizationId}::uuid AND r."active") AS "caseRules",
           ${subscribedEndpointsJson(organizationId, RESPONSE_EVENT_TYPES)} AS "endpoints"`;
}

/** The JSON columns as objects (the driver may hand json over as text). */
function respondentContext(row: { caseRules: unknown; endpoints: unknown }): RespondentContext {
  const parse = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
  return { caseRules: parse(row.caseRules) as CaseRuleLike[], endpoints: parse(row.endpoints) as SubscribedEndpoint[] };
}

/**
 * One round trip: the invitation locked FOR UPDATE, its survey KEY SHARE-locked, and what the answer copies from the contact.
 * Every table is filtered by the organisation itself (not through a correlated subquery): Citus locks rows only in
 * a query it can route to one shard.
 */
async function lockInvitation(tx: Tx, organizationId: string, token: string): Promise<LockedInvitation | null> {
  const rows = await tx.$queryRaw<(Omit<LockedInvitation, keyof RespondentContext> & { caseRules: unknown; endpoints: unknown })[]>`
    SELECT i."id", i."organizationId", i."surveyId", i."respondedAt", i."locale", i."unitId", i."employeeId",
           i."channel"::text AS "channel", i."contactId", c."locale" AS "contactLocale", c."attributes",
           (SELECT u."code" FROM "OrgUnit" u WHERE u."organizationId" = ${organizationId}::uuid AND u."id" = i."unitId") AS "unitCode",
           ${respondentContextColumns(organizationId)},
           s."xmin"::text AS "surveyRow"
    FROM "Invitation" i
    JOIN "Contact" c ON c."organizationId" = i."organizationId" AND c."id" = i."contactId"
    JOIN "Survey" s ON s."organizationId" = i."organizationId" AND s."id" = i."surveyId"
    WHERE i."organizationId" = ${organizationId}::uuid AND i."token" = ${token}
    FOR UPDATE OF i FOR KEY SHARE OF s`;
  const row = rows[0];
  return row ? { ...row, ...respondentContext(row) } : null;
}

/**
 * Survey content by row version. Every change of a survey's questions or settings updates its row in the same
 * transaction (update-survey-content, set-survey-status: both FOR UPDATE), which gives the row a new xmin; the
 * lock statement returns the xmin of the row version it locked (the latest committed one), so an entry read
 * under that version is the content answers must be written against. Small and bounded: oldest out first.
 */
const surveyCache = new Map<string, SurveyForAnswer>();
const SURVEY_CACHE_MAX = 500;

/**
 * The survey and its questions. `row` (the xmin the survey lock returned) finds them in the cache; otherwise
 * they are read in a statement of its own, whose snapshot is taken after the lock (never in the lock
 * statement itself: a row re-read after waiting for a builder's save would come with the old questions).
 */
async function readSurvey(tx: Tx | typeof db, organizationId: string, surveyId: string, row?: string): Promise<SurveyForAnswer> {
  const key = row ? `${surveyId}:${row}` : null;
  const cached = key ? surveyCache.get(key) : undefined;
  if (cached) return cached;
  const rows = await tx.$queryRaw<(Omit<SurveyForAnswer, "questions"> & { questions: unknown; row: string })[]>`
    SELECT s."id", s."organizationId", s."status"::text AS "status", s."touchpoint", s."version", s."brandName", s."brandNames", s."defaultLocale", s."xmin"::text AS "row",
           COALESCE((SELECT json_agg(json_build_object('id', q."id", 'key', q."key", 'type', q."type", 'required', q."required") ORDER BY q."position")
                     FROM "Question" q WHERE q."organizationId" = s."organizationId" AND q."surveyId" = s."id"), '[]'::json) AS "questions"
    FROM "Survey" s WHERE s."organizationId" = ${organizationId}::uuid AND s."id" = ${surveyId}::uuid`;
  const found = rows[0];
  if (!found) throw new AppError("not_found", "This survey link is not valid.");
  const { row: version, questions: raw, ...columns } = found;
  const survey: SurveyForAnswer = { ...columns, questions: (typeof raw === "string" ? JSON.parse(raw) : raw) as SurveyForAnswer["questions"] };
  // Only what was read under the lock's row version is cached (the same version: nothing changed in between).
  if (key && version === row) {
    if (surveyCache.size >= SURVEY_CACHE_MAX) surveyCache.delete(surveyCache.keys().next().value ?? "");
    surveyCache.set(key, survey);
  }
  return survey;
}

type Step1 = { score: number; comment?: string; locale?: string; key?: string; consent?: boolean };

function openOrThrow(survey: { status: string }) {
  if (survey.status === "CLOSED") throw new AppError("survey_closed", "This survey is closed.");
  if (survey.status === "DRAFT") throw new AppError("survey_not_open", "This survey is not open yet.");
}

function checkFollowUp(survey: SurveyForAnswer, comment: string | undefined) {
  const followUp = survey.questions.find((q) => q.key === FOLLOW_UP_KEY);
  if (followUp?.required && !comment) {
    throw new AppError("validation_failed", "comment: Please answer the follow-up question.", { fields: ["comment"], required: ["comment"] });
  }
}

const hasDriversIn = (survey: SurveyForAnswer) => driverQuestions(survey.questions).length > 0;

async function answerInvitation(tx: Tx, invitation: LockedInvitation, data: Step1, countNow: boolean): Promise<SubmitResponseResult> {
  const survey = await readSurvey(tx, invitation.organizationId, invitation.surveyId, invitation.surveyRow);
  if (invitation.respondedAt) return repeatedAnswer(tx, invitation, survey, data);
  openOrThrow(survey);
  checkFollowUp(survey, data.comment);
  const locale = pickLocale(data.locale, invitation.locale, invitation.contactLocale, survey.defaultLocale);
  const result = await writeStep1(tx, survey, data, locale, {
    invitationId: invitation.id,
    contactId: invitation.contactId,
    unitId: invitation.unitId,
    employeeId: invitation.employeeId,
    contactConsent: data.consent === true,
    channel: invitation.channel,
    attributes: (invitation.attributes ?? {}) as Prisma.InputJsonObject,
    unitCode: invitation.unitCode,
    caseRules: invitation.caseRules,
    endpoints: invitation.endpoints,
    countNow,
  });
  // The consent as given (PIPL): the wording shown, its version, the language and the time, with the response.
  if (data.consent === true) await recordConsent(tx, invitation.organizationId, result.responseId, { locale: result.locale, brand: result.brand, at: result.createdAt });
  return { responseId: result.responseId, category: result.category, locale: result.locale, brand: result.brand, next: result.next, resume: null };
}

/**
 * A personal link that already has its answer. The very same score and comment again is a retry (the first
 * reply was lost, or the respondent pressed "send again" on the retry page): it succeeds with the stored
 * response, writing nothing. Anything else is `already_answered`.
 */
async function repeatedAnswer(tx: Tx, invitation: LockedInvitation, survey: SurveyForAnswer, data: Step1): Promise<SubmitResponseResult> {
  const stored = await tx.response.findUnique({
    where: { organizationId_invitationId: { organizationId: invitation.organizationId, invitationId: invitation.id } },
    select: { id: true, score: true, comment: true, category: true, locale: true, completed: true },
  });
  if (!stored || stored.score !== data.score || (stored.comment ?? undefined) !== data.comment) {
    throw new AppError("already_answered", "This link has already been answered.");
  }
  const next = !stored.completed && survey.status === "ACTIVE" && hasDriversIn(survey) ? "drivers" : "done";
  return { responseId: stored.id, category: stored.category, locale: stored.locale, brand: brandIn(survey, stored.locale), next, resume: null };
}

type LockedLink = {
  id: string;
  surveyId: string;
  channel: Channel;
  attributeKey: string | null;
  attributeValue: string | null;
  disabledAt: Date | null;
  surveyRow: string;
};

async function answerPublicLink(tx: Tx, organizationId: string, token: string, data: Step1, client: string | null, countNow: boolean): Promise<SubmitResponseResult> {
  const rows = await tx.$queryRaw<(LockedLink & { caseRules: unknown; endpoints: unknown })[]>`
    SELECT l."id", l."surveyId", l."channel"::text AS "channel", l."attributeKey", l."attributeValue", l."disabledAt",
           ${respondentContextColumns(organizationId)},
           s."xmin"::text AS "surveyRow"
    FROM "SurveyLink" l
    JOIN "Survey" s ON s."organizationId" = l."organizationId" AND s."id" = l."surveyId"
    WHERE l."organizationId" = ${organizationId}::uuid AND l."token" = ${token}
    FOR KEY SHARE OF s`;
  const link = rows[0];
  if (!link) throw new AppError("not_found", "This survey link is not valid.");
  const survey = await readSurvey(tx, organizationId, link.surveyId, link.surveyRow);
  openOrThrow(survey);
  if (link.disabledAt) throw new AppError("survey_closed", "This survey link is no longer active.");
  const key = tokenSchema.safeParse(data.key ?? "");
  if (!key.success) {
    throw new AppError("validation_failed", "key: The form is missing its one-time key; reload the page.", { fields: ["key"] });
  }
  // The key must be one this server issued for this link with the page (the client cannot make up keys).
  const keyCheck = verifyFormKey(link.id, key.data);
  if (keyCheck !== "ok") {
    // A key another link's form made (and already used) is "already answered", as before keys were signed.
    const used = await tx.response.findUnique({ where: { organizationId_submissionKey: { organizationId, submissionKey: key.data } }, select: { id: true } });
    if (used) throw new AppError("already_answered", "This form has already been sent.");
    const message = keyCheck === "expired" ? "key: This form has expired; reload the page." : "key: The form's one-time key is not valid; reload the page.";
    throw new AppError("validation_failed", message, { fields: ["key"], key: keyCheck });
  }
  checkFollowUp(survey, data.comment);
  await enforceLinkRateLimits(tx, organizationId, link.id, key.data, client);
  const locale = pickLocale(data.locale, survey.defaultLocale);
  const attributes: Record<string, string> = link.attributeKey && link.attributeValue ? { [link.attributeKey]: link.attributeValue } : {};
  const result = await writeStep1(tx, survey, data, locale, {
    surveyLinkId: link.id,
    submissionKey: key.data,
    clientHash: client,
    channel: link.channel,
    attributes,
    unitCode: null,
    ...respondentContext(link),
    countNow,
  });
  return { responseId: result.responseId, category: result.category, locale: result.locale, brand: result.brand, next: result.next, resume: key.data };
}

async function writeStep1(
  tx: Tx,
  survey: SurveyForAnswer,
  data: Step1,
  locale: string,
  source: {
    invitationId?: string;
    contactId?: string;
    surveyLinkId?: string;
    submissionKey?: string;
    clientHash?: string | null;
    unitId?: string | null;
    employeeId?: string | null;
    contactConsent?: boolean;
    channel: Channel;
    attributes: Prisma.InputJsonObject;
    unitCode: string | null;
    /** Counted in this transaction (Citus: answersCountedInTransaction) rather than left pending for a fold. */
    countNow: boolean;
  } & RespondentContext,
) {
  const { organizationId } = survey;
  const category = classifyScore(data.score);
  const hasDrivers = hasDriversIn(survey);
  const now = new Date();
  const responseId = uuidv7(now.getTime());
  const answers: { questionId: string; value: string }[] = [];
  const npsQuestion = survey.questions.find((q) => q.type === "NPS" || q.key === NPS_KEY);
  const reasonQuestion = survey.questions.find((q) => q.key === FOLLOW_UP_KEY);
  if (npsQuestion) answers.push({ questionId: npsQuestion.id, value: JSON.stringify(data.score) });
  if (reasonQuestion && data.comment) answers.push({ questionId: reasonQuestion.id, value: JSON.stringify(data.comment) });
  // One round trip: the response, its answers, its pending row, and (personal link) the invitation marked answered. A second
  // response for the invitation or the form key fails on its unique key (the caller turns it into a repeat).
  await tx.$executeRaw`
    WITH r AS (
      INSERT INTO "Response" ("id", "organizationId", "surveyId", "invitationId", "contactId", "surveyLinkId", "submissionKey", "unitId",
                              "employeeId", "contactConsent", "clientHash", "score", "category", "comment", "locale", "channel", "touchpoint", "attributes",
                              "surveyVersion", "completed", "completedAt", "createdAt", "updatedAt")
      VALUES (${responseId}::uuid, ${organizationId}::uuid, ${survey.id}::uuid, ${source.invitationId ?? null}::uuid, ${source.contactId ?? null}::uuid,
              ${source.surveyLinkId ?? null}::uuid, ${source.submissionKey ?? null}, ${source.unitId ?? null}::uuid, ${source.employeeId ?? null}::uuid,
              ${source.contactConsent ?? false}, ${source.clientHash ?? null}, ${data.score}::smallint, ${category}::"NpsCategory", ${data.comment ?? null}, ${locale},
              ${source.channel}::"Channel", ${survey.touchpoint}, ${JSON.stringify(source.attributes)}::jsonb, ${survey.version}::int,
              ${!hasDrivers}, ${hasDrivers ? null : now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
      RETURNING "id"
    ), a AS (
      INSERT INTO "Answer" ("id", "organizationId", "responseId", "questionId", "value", "createdAt", "updatedAt")
      SELECT x."id", ${organizationId}::uuid, r."id", x."questionId", x."value", ${now}::timestamptz, ${now}::timestamptz
      FROM r, unnest(${answers.map(() => uuidv7(now.getTime()))}::uuid[], ${answers.map((a) => a.questionId)}::uuid[], ${answers.map((a) => a.value)}::jsonb[]) AS x("id", "questionId", "value")
    ), p AS (
      INSERT INTO "ResponsePending" ("organizationId", "responseId", "createdAt")
      SELECT ${organizationId}::uuid, r."id", ${now}::timestamptz FROM r WHERE NOT ${source.countNow}::boolean
    )
    UPDATE "Invitation" SET "respondedAt" = ${now}::timestamptz
    WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${source.invitationId ?? null}::uuid AND EXISTS (SELECT 1 FROM r)`;
  const response = { id: responseId, createdAt: now };
  // Pending: counted in the pre-aggregates (and its outcome follow-ups written) by a fold after the commit, many
  // answers in one statement; every reader adds pending responses meanwhile (docs/decisions/0034). On Citus counted
  // here, with the follow-ups in the same statement.
  if (source.countNow) {
    await addResponseAggregates(tx, organizationId, [response.id], source.contactId ? [responseFollowUpsInsert(organizationId, [response.id]), markAnswerContacts(organizationId, [response.id])] : []);
  }
  // The case rules read with the lock decide whether a case opens (the same decision openCaseForResponse makes from the
  // stored response): only then does the case need its statements (owner, insert, event).
  const candidate = { score: data.score, category, touchpoint: survey.touchpoint, surveyId: survey.id, attributes: source.attributes, unitCode: source.unitCode };
  const opened = decideCase(source.caseRules, candidate).open ? await openCaseForResponse(tx, organizationId, response.id) : null;
  const caseId = opened?.created ? opened.caseId : null;
  await emitResponseEvents(tx, { organizationId, responseId, surveyId: survey.id, score: data.score, category, completed: !hasDrivers, unitId: source.unitId ?? null, caseId, now }, source.endpoints);
  return { responseId: response.id, createdAt: response.createdAt, category, locale, brand: brandIn(survey, locale), next: hasDrivers ? ("drivers" as const) : ("done" as const) };
}

/**
 * The public link's rate limits (docs/decisions/0015), counted from the link's stored answers so every app
 * process agrees: at most PER_ADDRESS_LIMIT answers per client address in PER_ADDRESS_WINDOW_SECONDS and
 * PER_LINK_LIMIT from everyone in PER_LINK_WINDOW_SECONDS. Answers of one address to one link wait for each
 * other on a transaction-scoped advisory lock (so a parallel flood cannot slip past the count); different
 * respondents never wait for each other. A key that already made its response (a retry) is not limited: it
 * goes on to find that response.
 */
async function enforceLinkRateLimits(tx: Tx, organizationId: string, linkId: string, key: string, client: string | null): Promise<void> {
  if (client) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`link-client:${linkId}:${client}`}, 0))`;
  const now = new Date();
  const linkSince = new Date(now.getTime() - PER_LINK_WINDOW_SECONDS * 1000);
  const clientSince = new Date(now.getTime() - PER_ADDRESS_WINDOW_SECONDS * 1000);
  const rows = await tx.$queryRaw<{ replay: boolean; linkN: number; linkOldest: Date | null; clientN: number; clientOldest: Date | null }[]>`
    SELECT EXISTS (SELECT 1 FROM "Response" WHERE "organizationId" = ${organizationId}::uuid AND "submissionKey" = ${key}) AS "replay",
           l.n AS "linkN", l.oldest AS "linkOldest", c.n AS "clientN", c.oldest AS "clientOldest"
    FROM (SELECT count(*)::int AS n, min(t) AS oldest FROM (
            SELECT "createdAt" AS t FROM "Response"
            WHERE "organizationId" = ${organizationId}::uuid AND "surveyLinkId" = ${linkId}::uuid AND "createdAt" > ${linkSince}::timestamptz
            ORDER BY "createdAt" DESC LIMIT ${PER_LINK_LIMIT}::int) x) l,
         (SELECT count(*)::int AS n, min(t) AS oldest FROM (
            SELECT "createdAt" AS t FROM "Response"
            WHERE ${client}::text IS NOT NULL AND "organizationId" = ${organizationId}::uuid AND "surveyLinkId" = ${linkId}::uuid
              AND "clientHash" = ${client}::text AND "createdAt" > ${clientSince}::timestamptz
            ORDER BY "createdAt" DESC LIMIT ${PER_ADDRESS_LIMIT}::int) y) c`;
  const counts = rows[0];
  if (!counts || counts.replay) return;
  if (counts.clientN >= PER_ADDRESS_LIMIT) {
    const retryAfter = retryAfterFor(counts.clientOldest, PER_ADDRESS_WINDOW_SECONDS, now);
    throw new AppError("rate_limited", `Too many answers from this address; try again in ${retryAfter} seconds.`, { retryAfter, scope: "address" });
  }
  if (counts.linkN >= PER_LINK_LIMIT) {
    const retryAfter = retryAfterFor(counts.linkOldest, PER_LINK_WINDOW_SECONDS, now);
    throw new AppError("rate_limited", `This link is receiving too many answers; try again in ${retryAfter} seconds.`, { retryAfter, scope: "link" });
  }
}

/** A repeated anonymous submit (same one-time key) answers with the response the first one made. */
async function findAnonymousResponse(token: string, input: unknown): Promise<SubmitResponseResult | null> {
  const link = await db.surveyLink.findFirst({ where: { token }, select: { id: true, organizationId: true, surveyId: true } });
  if (!link) return null;
  const found = await findLinkResponse(db, link, (input as { key?: unknown } | null)?.key);
  if (!found) return null;
  const survey = await readSurvey(db, link.organizationId, link.surveyId);
  const pending = !found.completed && hasDriversIn(survey);
  return {
    responseId: found.id,
    category: found.category,
    locale: found.locale,
    brand: brandIn(survey, found.locale),
    next: pending ? "drivers" : "done",
    resume: found.submissionKey,
  };
}
