/**
 * A lone UTF-16 surrogate in a JSON body ("\ud800": valid JSON, but no valid Unicode text) is a 400 with a clear
 * message on every JSON route — the respondent's answer, the builder's content PUT and the trigger API — and
 * writes nothing (it was a 500 from the database before).
 */
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as answer } from "@/app/s/[token]/answer/route";
import { POST as trigger } from "@/app/api/v1/surveys/[id]/invitations/route";
import type { Viewer } from "@/server/auth/session";
import { FULL_READ_SCOPES } from "@/lib/api-scopes";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { db } from "@/server/db";
import { createPublishedSurvey, createUser, invite, ORIGIN, viewerFor } from "./support/authoring";
import { createOrganization, rowCounts } from "./support/fixtures";

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

let organizationId: string;
let surveyId: string;
let apiKey: string;

beforeAll(async () => {
  organizationId = (await createOrganization("Unicode Bank")).id;
  const user = await createUser("unicode");
  await db.membership.create({ data: { organizationId, userId: user.id, role: "ADMIN" } });
  session.viewer = viewerFor(organizationId, user.id, "ADMIN");
  surveyId = await createPublishedSurvey({ organizationId, userId: user.id, name: "Unicode" });
  apiKey = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "CRM", scopes: [...FULL_READ_SCOPES, "campaigns:write"] } })).key;
});

async function expectLoneSurrogate400(response: Response, path: string): Promise<void> {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("bad_request");
  expect(body.error.message).toContain("lone UTF-16 surrogate");
  expect(body.error.message).toContain(path);
}

describe("a lone UTF-16 surrogate in JSON", () => {
  it.each([
    ["a high surrogate alone", "\\ud800"],
    ["a low surrogate alone", "x\\udc00y"],
    ["a pair reversed", "\\udc00\\ud800"],
  ])("the answer route: %s → 400, nothing stored", async (_name, escaped) => {
    const { token } = await invite(organizationId, surveyId);
    const before = await rowCounts();
    const response = await answer(
      new NextRequest(`${ORIGIN}/s/${token}/answer`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"score":9,"comment":"${escaped}"}`,
      }),
      { params: Promise.resolve({ token }) },
    );
    await expectLoneSurrogate400(response, "comment");
    expect(await rowCounts()).toEqual(before);
  });

  it("a valid pair (an emoji) and CJK text are fine", async () => {
    const { token } = await invite(organizationId, surveyId);
    const response = await answer(
      new NextRequest(`${ORIGIN}/s/${token}/answer`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"score":9,"comment":"\\ud83d\\ude00 手机银行很好用"}`,
      }),
      { params: Promise.resolve({ token }) },
    );
    expect(response.status).toBe(201);
  });

  it("the builder's content PUT → 400 naming the field; the survey is unchanged", async () => {
    const get = await contentRoute.GET(new NextRequest(`${ORIGIN}/surveys/${surveyId}/content`), { params: Promise.resolve({ id: surveyId }) });
    const { content, version } = (await get.json()) as { content: { questions: { text: Record<string, string> }[] }; version: number };
    const before = await db.survey.findFirstOrThrow({ where: { organizationId, id: surveyId } });
    const first = content.questions[0]!;
    first.text["zh-CN"] = `\ud800${first.text["zh-CN"] ?? ""}`;
    // JSON.stringify writes a lone surrogate as the escape \ud800 (well-formed JSON, not valid Unicode text).
    const body = JSON.stringify({ ...content, version });
    expect(body).toContain("\\ud800");
    const response = await contentRoute.PUT(
      new NextRequest(`${ORIGIN}/surveys/${surveyId}/content`, { method: "PUT", headers: { "content-type": "application/json" }, body }),
      { params: Promise.resolve({ id: surveyId }) },
    );
    await expectLoneSurrogate400(response, "questions[0].text.zh-CN");
    expect(await db.survey.findFirstOrThrow({ where: { organizationId, id: surveyId } })).toEqual(before);
  });

  it("the trigger API → 400, also in an object key; no contact or invitation written", async () => {
    const before = await rowCounts();
    for (const body of [
      `{"contacts":[{"email":"u@example.com","name":"\\udfff"}]}`,
      `{"contacts":[{"email":"u@example.com","attributes":{"\\ud800":"x"}}]}`,
    ]) {
      const response = await trigger(
        new NextRequest(`${ORIGIN}/api/v1/surveys/${surveyId}/invitations`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
          body,
        }),
        { params: Promise.resolve({ id: surveyId }) },
      );
      await expectLoneSurrogate400(response, "contacts[0]");
    }
    expect(await rowCounts()).toEqual(before);
  });
});
