import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/s/[token]/answer/route";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurvey } from "@/server/surveys/create-survey";
import { generateToken } from "@/server/distribution/token";
import { issueFormKey } from "@/server/survey-links/form-key";
import { answerRequest } from "./support/authoring";
import { createOrganization, expectAppError } from "./support/fixtures";

// The respondent's write path under a burst (issue 11): every valid answer stored exactly once, no error.

let organizationId: string;
let surveyId: string;

async function invitations(count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const { invitation } = await createInvitation({ organizationId, surveyId, contact: { email: `burst-${generateToken().toLowerCase()}@example.com` } });
    tokens.push(invitation.token);
  }
  return tokens;
}

/** Responses and answers stored for these invitation tokens, and how many invitations have more than one. */
async function storedFor(tokens: string[]) {
  const responses = await db.response.findMany({ where: { invitation: { token: { in: tokens } } }, select: { id: true, invitationId: true, score: true } });
  const answers = await db.answer.count({ where: { responseId: { in: responses.map((r) => r.id) } } });
  const invitationsAnswered = new Set(responses.map((r) => r.invitationId)).size;
  return { responses: responses.length, invitationsAnswered, answers, scores: responses.map((r) => r.score) };
}

beforeAll(async () => {
  const org = await createOrganization("Burst Bank");
  organizationId = org.id;
  const survey = await createSurvey({ organizationId, userId: null, input: { name: "Burst", brandName: "Burst Bank" } });
  surveyId = survey.id;
});

describe("a burst of respondents", () => {
  it("300 concurrent step-1 submits through the service store each answer exactly once, with no error", { timeout: 120_000 }, async () => {
    const tokens = await invitations(300);
    const outcomes = await Promise.allSettled(
      tokens.map((token, i) => submitResponse({ token, input: { score: i % 11, comment: i % 3 === 0 ? `评论 ${i}` : undefined, locale: "zh-CN" } })),
    );
    const failed = outcomes.filter((o) => o.status === "rejected");
    expect(failed.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
    const stored = await storedFor(tokens);
    expect(stored.responses).toBe(300);
    expect(stored.invitationsAnswered).toBe(300);
    // One score answer each, plus a reason answer for every third (they carry a comment).
    expect(stored.answers).toBe(300 + 100);
    // Every detractor got exactly one case.
    const detractors = await db.response.count({ where: { invitation: { token: { in: tokens } }, category: "DETRACTOR" } });
    const cases = await db.case.count({ where: { response: { invitation: { token: { in: tokens } } } } });
    expect(cases).toBe(detractors);
  });

  it("the same link posted 20 times at once (and public links with one key) store one response", async () => {
    const [token] = await invitations(1);
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => submitResponse({ token: token!, input: { score: 8, comment: "同一个" } })));
    // Every attempt is the same answer: the first stores it, the others find it (a retry), none fails.
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    const ids = new Set(outcomes.map((o) => (o as PromiseFulfilledResult<{ responseId: string }>).value.responseId));
    expect(ids.size).toBe(1);
    expect((await storedFor([token!])).responses).toBe(1);

    const linkToken = generateToken();
    const link = await db.surveyLink.create({ data: { organizationId, surveyId, token: linkToken, name: "QR at the branch" } });
    const keys = Array.from({ length: 30 }, () => issueFormKey(link.id));
    const posts = keys.flatMap((key) => [key, key].map((k) => submitResponse({ token: linkToken, input: { score: 9, key: k } })));
    const linkOutcomes = await Promise.allSettled(posts);
    expect(linkOutcomes.filter((o) => o.status === "rejected")).toEqual([]);
    expect(await db.response.count({ where: { submissionKey: { in: keys } } })).toBe(30);
  });
});

describe("sending an answer again (a retry whose first reply was lost)", () => {
  it("the same answer on a personal link succeeds with the stored response; another answer is refused", async () => {
    const [token] = await invitations(1);
    const first = await submitResponse({ token: token!, input: { score: 3, comment: "  排队太久 " } });
    const again = await submitResponse({ token: token!, input: { score: "3", comment: "排队太久" } });
    expect(again).toEqual(first);
    await expectAppError(submitResponse({ token: token!, input: { score: 4, comment: "排队太久" } }), "already_answered");
    await expectAppError(submitResponse({ token: token!, input: { score: 3 } }), "already_answered");
    expect((await storedFor([token!])).responses).toBe(1);
    expect(await db.case.count({ where: { responseId: first.responseId } })).toBe(1);
  });

  it("the form posted twice redirects both times to the thank-you page; a different answer to the page (already answered)", async () => {
    const [token] = await invitations(1);
    const fields = { score: "10", comment: "很好", locale: "en" };
    const post = (f: Record<string, string>) => POST(answerRequest(token!, f), { params: Promise.resolve({ token: token! }) });
    const first = await post(fields);
    const second = await post(fields);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(new URL(second.headers.get("location")!).searchParams.get("done")).toBe("1");
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    const other = await post({ ...fields, score: "2" });
    expect(other.status).toBe(303);
    expect(new URL(other.headers.get("location")!).searchParams.get("done")).toBeNull();
    expect((await storedFor([token!])).responses).toBe(1);
  });
});
