import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { POST } from "@/app/s/[token]/answer/route";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization, rowCounts } from "./support/fixtures";

const ORIGIN = "http://localhost:3000";
const UNKNOWN_TOKEN = "Z".repeat(43);

let organizationId: string;
let surveyId: string;
let closedSurveyId: string;
let seq = 0;

async function newToken(options: { survey?: string; locale?: "zh-CN" | "en" } = {}): Promise<string> {
  seq += 1;
  const { invitation } = await createInvitation({
    organizationId,
    surveyId: options.survey ?? surveyId,
    contact: { email: `route-${seq}@example.com`, locale: options.locale, attributes: { tier: "gold" } },
  });
  return invitation.token;
}

function post(token: string, init: { body?: string; headers?: Record<string, string>; query?: string }): Promise<Response> {
  const request = new NextRequest(`${ORIGIN}/s/${encodeURIComponent(token)}/answer${init.query ?? ""}`, {
    method: "POST",
    body: init.body,
    headers: init.headers,
  });
  return POST(request, { params: Promise.resolve({ token }) });
}

function postForm(token: string, fields: Record<string, string>, options: { headers?: Record<string, string>; query?: string } = {}) {
  return post(token, {
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...options.headers },
    query: options.query,
  });
}

function postJson(token: string, body: unknown, headers: Record<string, string> = {}) {
  return post(token, {
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });
}

async function responsesFor(token: string) {
  return db.response.findMany({ where: { invitation: { token } }, include: { answers: true } });
}

async function respondedAt(token: string): Promise<Date | null> {
  return (await db.invitation.findFirstOrThrow({ where: { token } })).respondedAt;
}

/** A JSON error body must be exactly {"error":{"code","message"}}. */
async function expectJsonError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body: unknown = await response.json();
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
  const message = (body as { error: { message: string } }).error.message;
  expect(message.length).toBeGreaterThan(0);
}

async function expectHtmlError(response: Response, status: number, lang: string, ...texts: string[]): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(response.headers.get("location")).toBeNull();
  const html = await response.text();
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).toContain(`<html lang="${lang}">`);
  for (const text of texts) expect(html).toContain(text);
  return html;
}

beforeAll(async () => {
  const org = await createOrganization("Routes Retail");
  organizationId = org.id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Store visit", brandName: "Demo Mart" } })).id;
  closedSurveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Old", brandName: "Demo Mart" } })).id;
});

describe("GET /api/health", () => {
  it("answers 200 with exactly {status: ok, db: ok}, not cached", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe('{"status":"ok","db":"ok"}');
  });
});

describe("POST /s/[token]/answer — HTML form", () => {
  it("stores the answer and redirects 303 to the thank-you page", async () => {
    const token = await newToken({ locale: "en" });
    const response = await postForm(token, { score: "9", comment: "  Friendly staff\r\nand short queue " });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.origin).toBe(ORIGIN);
    expect(location.pathname).toBe(`/s/${token}`);
    expect(Object.fromEntries(location.searchParams)).toEqual({ done: "1", lang: "en" });

    const stored = await responsesFor(token);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ score: 9, category: "PROMOTER", comment: "Friendly staff\nand short queue", locale: "en" });
    expect(stored[0]?.answers).toHaveLength(2);
    expect(await respondedAt(token)).toEqual(stored[0]?.createdAt);
  });

  it("takes the submitted locale for the thank-you page", async () => {
    const token = await newToken();
    const response = await postForm(token, { score: "0", locale: "zh-CN" });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("done")).toBe("1");
    expect(location.searchParams.get("lang")).toBe("zh-CN");
    expect(await responsesFor(token)).toMatchObject([{ score: 0, category: "DETRACTOR" }]);
  });

  it("answers multipart/form-data with 415 (the respondent form posts urlencoded), storing nothing", async () => {
    const token = await newToken();
    const form = new FormData();
    form.set("score", "7");
    const before = await rowCounts();
    const response = await POST(new NextRequest(`${ORIGIN}/s/${token}/answer`, { method: "POST", body: form }), {
      params: Promise.resolve({ token }),
    });
    expect(response.status).toBe(415);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers an error in the language the respondent was answering in (the form's locale)", async () => {
    const token = await newToken();
    const response = await postForm(token, { score: "11", locale: "en" }, { headers: { "accept-language": "zh-CN" } });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('lang="en"');
    expect(html).toContain("Please choose a score from 0 to 10.");
  });

  it("answers in the browser's best-ranked supported language (fr-FR,en;q=0.8 → en)", async () => {
    const token = await newToken();
    const response = await postForm(token, { score: "11" }, { headers: { "accept-language": "fr-FR,en;q=0.8" } });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('lang="en"');
  });

  it("caps the body at 64 KiB even without a content-length (streamed body), storing nothing", async () => {
    const token = await newToken();
    const before = await rowCounts();
    const big = new TextEncoder().encode(`score=5&comment=${"a".repeat(100 * 1024)}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 8192) controller.enqueue(big.slice(i, i + 8192));
        controller.close();
      },
    });
    const request = new NextRequest(`${ORIGIN}/s/${token}/answer`, {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as NonNullable<ConstructorParameters<typeof NextRequest>[1]> & { duplex: "half" });
    expect(request.headers.get("content-length")).toBeNull();
    const response = await POST(request, { params: Promise.resolve({ token }) });
    expect(response.status).toBe(413);
    expect(await rowCounts()).toEqual(before);
  });

  it.each([
    ["score 11", { score: "11" }],
    ["score -1", { score: "-1" }],
    ["score abc", { score: "abc" }],
    ["score 7.5", { score: "7.5" }],
    ["an empty score", { score: "" }],
    ["no score", { comment: "forgot the score" }],
  ])("answers %s with a 422 HTML page asking for a score, storing nothing", async (_label, fields) => {
    const token = await newToken();
    const before = await rowCounts();
    const html = await expectHtmlError(
      await postForm(token, fields, { query: "?lang=en" }),
      422,
      "en",
      "Your answer could not be saved",
      "Please choose a score from 0 to 10.",
      `href="/s/${token}"`,
    );
    expect(html).toContain("Back to the survey");
    expect(await rowCounts()).toEqual(before);
    expect(await respondedAt(token)).toBeNull();
  });

  it("answers a too long comment with a 422 HTML page in the browser's language, storing nothing", async () => {
    const token = await newToken();
    const before = await rowCounts();
    await expectHtmlError(
      await postForm(token, { score: "8", comment: "很".repeat(2001) }, { headers: { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" } }),
      422,
      "zh-CN",
      "您的回答未能保存",
      "您的留言过长（最多 2000 字）。",
    );
    expect(await rowCounts()).toEqual(before);
    expect(await respondedAt(token)).toBeNull();
  });

  it.each([
    ["an unknown token", UNKNOWN_TOKEN],
    ["a malformed token", "bad token"],
    ["a token with markup", '"><script>alert(1)</script>'],
  ])("answers %s with a 404 HTML page and no link back", async (_label, token) => {
    const before = await rowCounts();
    const html = await expectHtmlError(
      await postForm(token, { score: "10" }, { query: "?lang=en" }),
      404,
      "en",
      "This survey link is not valid",
      "The link may be incomplete. Please open it again from your email.",
    );
    expect(html).not.toContain("<a ");
    expect(html).not.toContain("<script>");
    expect(await rowCounts()).toEqual(before);
  });

  it("answers a closed survey with a 410 HTML page, storing nothing", async () => {
    const token = await newToken({ survey: closedSurveyId });
    await db.survey.updateMany({ where: { id: closedSurveyId }, data: { status: "CLOSED" } });
    try {
      const before = await rowCounts();
      await expectHtmlError(
        await postForm(token, { score: "10" }, { query: "?lang=en" }),
        410,
        "en",
        "Thank you for your interest — this survey no longer accepts answers.",
      );
      expect(await rowCounts()).toEqual(before);
      expect(await respondedAt(token)).toBeNull();
    } finally {
      await db.survey.updateMany({ where: { id: closedSurveyId }, data: { status: "ACTIVE" } });
    }
  });

  it("redirects an already answered link 303 to the survey page (no done flag) and keeps the first answer", async () => {
    const token = await newToken();
    expect((await postForm(token, { score: "10", comment: "first" })).status).toBe(303);
    const before = await rowCounts();
    const answeredAt = await respondedAt(token);

    const response = await postForm(token, { score: "2", comment: "second" });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.pathname).toBe(`/s/${token}`);
    expect(location.search).toBe("");

    expect(await rowCounts()).toEqual(before);
    expect(await responsesFor(token)).toMatchObject([{ score: 10, comment: "first" }]);
    expect(await respondedAt(token)).toEqual(answeredAt);
  });

  it("answers text/plain with 415 (HTML for a browser), storing nothing", async () => {
    const token = await newToken();
    const before = await rowCounts();
    await expectHtmlError(
      await post(token, { body: "score=9", headers: { "content-type": "text/plain" }, query: "?lang=en" }),
      415,
      "en",
      "Something in the form was not right. Please try again.",
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("answers a declared body over 64 KiB with 413, storing nothing", async () => {
    const token = await newToken();
    const before = await rowCounts();
    await expectHtmlError(
      await postForm(token, { score: "9" }, { headers: { "content-length": String(64 * 1024 + 1) }, query: "?lang=en" }),
      413,
      "en",
    );
    expect(await rowCounts()).toEqual(before);
    expect(await respondedAt(token)).toBeNull();
  });
});

describe("POST /s/[token]/answer — JSON", () => {
  it("stores the answer and answers 201 with the category", async () => {
    const token = await newToken();
    const response = await postJson(token, { score: 6, comment: "slow checkout", locale: "en" });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ status: "recorded", category: "DETRACTOR", next: "done", resume: null });
    expect(await responsesFor(token)).toMatchObject([{ score: 6, category: "DETRACTOR", comment: "slow checkout", locale: "en" }]);
    expect(await respondedAt(token)).not.toBeNull();
  });

  it("accepts the score as a string", async () => {
    const token = await newToken();
    const response = await postJson(token, { score: "8" });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ status: "recorded", category: "PASSIVE", next: "done", resume: null });
  });

  it.each([
    ["score 11", { score: 11 }],
    ["score -1", { score: -1 }],
    ["score abc", { score: "abc" }],
    ["score 3.5", { score: 3.5 }],
    ["score null", { score: null }],
    ["missing score", {}],
    ["a 2001-character comment", { score: 5, comment: "x".repeat(2001) }],
  ])("answers %s with 422 validation_failed, storing nothing", async (_label, body) => {
    const token = await newToken();
    const before = await rowCounts();
    await expectJsonError(await postJson(token, body), 422, "validation_failed");
    expect(await rowCounts()).toEqual(before);
    expect(await respondedAt(token)).toBeNull();
  });

  it.each([
    ["an unknown token", UNKNOWN_TOKEN],
    ["a malformed token", "x"],
  ])("answers %s with 404 not_found", async (_label, token) => {
    const before = await rowCounts();
    await expectJsonError(await postJson(token, { score: 9 }), 404, "not_found");
    expect(await rowCounts()).toEqual(before);
  });

  it("answers a closed survey with 410 survey_closed, storing nothing", async () => {
    const token = await newToken({ survey: closedSurveyId });
    await db.survey.updateMany({ where: { id: closedSurveyId }, data: { status: "CLOSED" } });
    try {
      const before = await rowCounts();
      await expectJsonError(await postJson(token, { score: 9 }), 410, "survey_closed");
      expect(await rowCounts()).toEqual(before);
      expect(await respondedAt(token)).toBeNull();
    } finally {
      await db.survey.updateMany({ where: { id: closedSurveyId }, data: { status: "ACTIVE" } });
    }
  });

  it.each([
    ["broken JSON", '{"score": 9'],
    ["an array", "[9]"],
    ["a bare number", "9"],
    ["null", "null"],
    ["an empty body", ""],
  ])("answers %s with 400 bad_request, storing nothing", async (_label, body) => {
    const token = await newToken();
    const before = await rowCounts();
    await expectJsonError(await postJson(token, body), 400, "bad_request");
    expect(await rowCounts()).toEqual(before);
    expect(await respondedAt(token)).toBeNull();
  });

  it("answers text/plain with 415 unsupported_media_type when the client wants JSON", async () => {
    const token = await newToken();
    const before = await rowCounts();
    await expectJsonError(
      await post(token, { body: '{"score":9}', headers: { "content-type": "text/plain", accept: "application/json" } }),
      415,
      "unsupported_media_type",
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("answers a declared body over 64 KiB with 413 payload_too_large", async () => {
    const token = await newToken();
    const before = await rowCounts();
    await expectJsonError(
      await postJson(token, { score: 9 }, { "content-length": String(64 * 1024 + 1) }),
      413,
      "payload_too_large",
    );
    expect(await rowCounts()).toEqual(before);
    expect(await respondedAt(token)).toBeNull();
  });

  it("answers an actual JSON body over 64 KiB with 413 even without a content-length", async () => {
    const token = await newToken();
    const before = await rowCounts();
    await expectJsonError(await postJson(token, { score: 9, comment: "x".repeat(70 * 1024) }), 413, "payload_too_large");
    expect(await rowCounts()).toEqual(before);
  });

  it("answers a second submit with 409 already_answered and keeps one response", async () => {
    const token = await newToken();
    expect((await postJson(token, { score: 10 })).status).toBe(201);
    const before = await rowCounts();
    await expectJsonError(await postJson(token, { score: 1 }), 409, "already_answered");
    expect(await rowCounts()).toEqual(before);
    expect(await responsesFor(token)).toMatchObject([{ score: 10 }]);
  });
});
