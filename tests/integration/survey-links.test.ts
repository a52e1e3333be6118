import { NextRequest } from "next/server";
import QRCode from "qrcode";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ZodError } from "zod";
import type { Viewer } from "@/server/auth/session";
import { db } from "@/server/db";
import type { SurveyLinkActor } from "@/server/survey-links/actor";
import { createSurveyLink } from "@/server/survey-links/create-survey-link";
import { disableSurveyLink } from "@/server/survey-links/disable-survey-link";
import { getSurveyLinkQr, QR_OPTIONS, QR_PNG_WIDTH } from "@/server/survey-links/get-survey-link-qr";
import { listSurveyLinks } from "@/server/survey-links/list-survey-links";
import { createOrganization, expectAppError } from "./support/fixtures";

const ORIGIN = "https://nps.example.test";

// The QR route reads the session and the request's origin; outside a Next.js request both come from here.
const session = vi.hoisted(() => ({ viewer: null as Viewer | null }));
vi.mock("@/server/http/origin", () => ({ getPublicOrigin: () => Promise.resolve("https://nps.example.test") }));
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
const { GET: getQr } = await import("@/app/(app)/surveys/[id]/links/[linkId]/qr/route");

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let admin: SurveyLinkActor;
let otherAdmin: SurveyLinkActor;
let surveyId: string;
let secondSurveyId: string;
let otherSurveyId: string;

async function makeSurvey(organizationId: string, name: string): Promise<string> {
  return (await db.survey.create({ data: { organizationId, name, brandName: "Bank", status: "ACTIVE" } })).id;
}

function viewerFor(actor: SurveyLinkActor): Viewer {
  return {
    userId: actor.userId ?? "00000000-0000-0000-0000-000000000000",
    name: "Tester",
    email: "tester@example.com",
    locale: "en",
    organizationId: actor.organizationId,
    organizationName: "Org",
    role: actor.role,
    minN: 30,
    suppressN: 5,
    timeZone: "Asia/Shanghai",
  };
}

function callQr(survey: string, link: string, format?: string): Promise<Response> {
  const query = format === undefined ? "" : `?format=${encodeURIComponent(format)}`;
  return getQr(new NextRequest(`http://localhost:3000/surveys/${survey}/links/${link}/qr${query}`), {
    params: Promise.resolve({ id: survey, linkId: link }),
  });
}

beforeAll(async () => {
  const org = await createOrganization("Links Bank");
  const other = await createOrganization("Links Other");
  const user = await db.user.create({ data: { email: `links-admin-${org.id}@example.com`, name: "Link Admin", passwordHash: "x" } });
  admin = { organizationId: org.id, userId: user.id, role: "ADMIN" };
  otherAdmin = { organizationId: other.id, userId: null, role: "OWNER" };
  surveyId = await makeSurvey(org.id, "Counter survey");
  secondSurveyId = await makeSurvey(org.id, "Second survey");
  otherSurveyId = await makeSurvey(other.id, "Other org survey");
});

describe("creating a link", () => {
  it("stores a tagged QR link with an unguessable token", async () => {
    const link = await createSurveyLink({
      actor: admin,
      surveyId,
      input: { name: " 浦东支行柜台 ", channel: "QR", attributeKey: "branch", attributeValue: "浦东支行" },
    });
    expect(link).toMatchObject({
      surveyId,
      name: "浦东支行柜台",
      channel: "QR",
      attributeKey: "branch",
      attributeValue: "浦东支行",
      disabledAt: null,
      createdBy: "Link Admin",
      responses: 0,
    });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.surveyLink.findFirstOrThrow({ where: { id: link.id } });
    expect(row).toMatchObject({ organizationId: admin.organizationId, surveyId, token: link.token, createdById: admin.userId });
  });

  it("stores an untagged LINK when no channel or tag is given", async () => {
    const link = await createSurveyLink({ actor: admin, surveyId, input: { name: "Website footer", attributeKey: "", attributeValue: "" } });
    expect(link).toMatchObject({ channel: "LINK", attributeKey: null, attributeValue: null });
  });

  it("gives every link its own token", async () => {
    const links = await Promise.all(Array.from({ length: 5 }, (_, i) => createSurveyLink({ actor: admin, surveyId, input: { name: `bulk ${i}` } })));
    expect(new Set(links.map((l) => l.token)).size).toBe(5);
  });

  it("rejects invalid input without writing anything", async () => {
    const before = await db.surveyLink.count({ where: { organizationId: admin.organizationId } });
    const invalid = [
      { name: "" },
      { name: "x".repeat(81) },
      { name: "x", attributeKey: "Branch", attributeValue: "v" },
      { name: "x", attributeKey: "branch" },
      { name: "x", attributeValue: "浦东支行" },
      { name: "x", attributeKey: "branch", attributeValue: "v".repeat(81) },
      { name: "x", channel: "EMAIL" as "LINK" },
    ];
    for (const input of invalid) {
      await expect(createSurveyLink({ actor: admin, surveyId, input })).rejects.toBeInstanceOf(ZodError);
    }
    expect(await db.surveyLink.count({ where: { organizationId: admin.organizationId } })).toBe(before);
  });

  it("is for ADMIN and OWNER only", async () => {
    await expectAppError(createSurveyLink({ actor: { ...admin, role: "MANAGER" }, surveyId, input: { name: "x" } }), "forbidden");
    await expectAppError(createSurveyLink({ actor: { ...admin, role: "VIEWER" }, surveyId, input: { name: "x" } }), "forbidden");
    const link = await createSurveyLink({ actor: { ...admin, role: "OWNER" }, surveyId, input: { name: "Owner's link" } });
    expect(link.name).toBe("Owner's link");
  });

  it("cannot target another organisation's survey (or a survey id that is not one)", async () => {
    await expectAppError(createSurveyLink({ actor: otherAdmin, surveyId, input: { name: "x" } }), "not_found");
    await expectAppError(createSurveyLink({ actor: admin, surveyId: otherSurveyId, input: { name: "x" } }), "not_found");
    await expectAppError(createSurveyLink({ actor: admin, surveyId: "not-a-uuid", input: { name: "x" } }), "not_found");
  });
});

describe("listing links", () => {
  it("lists the survey's links newest first, with responses through each (excluded ones not counted)", async () => {
    const older = await createSurveyLink({ actor: admin, surveyId: secondSurveyId, input: { name: "Older", channel: "QR" } });
    const newer = await createSurveyLink({ actor: admin, surveyId: secondSurveyId, input: { name: "Newer" } });
    const response = (excluded: boolean, surveyLinkId: string | null) => ({
      organizationId: admin.organizationId,
      surveyId: secondSurveyId,
      score: 9,
      category: "PROMOTER" as const,
      locale: "zh-CN",
      channel: "QR" as const,
      excluded,
      surveyLinkId,
    });
    await db.response.createMany({
      data: [response(false, older.id), response(false, older.id), response(true, older.id), response(false, newer.id), response(false, null)],
    });
    const links = await listSurveyLinks({ actor: { ...admin, role: "MANAGER" }, surveyId: secondSurveyId });
    expect(links.map((l) => [l.name, l.responses])).toEqual([
      ["Newer", 1],
      ["Older", 2],
    ]);
    // The other survey's links are not in this list.
    const first = await listSurveyLinks({ actor: admin, surveyId });
    expect(first.map((l) => l.id)).not.toContain(older.id);
    expect(first.every((l) => l.surveyId === surveyId)).toBe(true);
  });

  it("needs the MANAGER role or higher", async () => {
    await expectAppError(listSurveyLinks({ actor: { ...admin, role: "VIEWER" }, surveyId }), "forbidden");
  });

  it("never shows another organisation's survey or links", async () => {
    await expectAppError(listSurveyLinks({ actor: otherAdmin, surveyId }), "not_found");
    await createSurveyLink({ actor: otherAdmin, surveyId: otherSurveyId, input: { name: "Theirs" } });
    const ours = await listSurveyLinks({ actor: admin, surveyId });
    expect(ours.map((l) => l.name)).not.toContain("Theirs");
  });
});

describe("disabling a link", () => {
  it("sets disabledAt once and keeps it (idempotent)", async () => {
    const link = await createSurveyLink({ actor: admin, surveyId, input: { name: "To disable" } });
    const disabled = await disableSurveyLink({ actor: admin, surveyId, linkId: link.id });
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    const again = await disableSurveyLink({ actor: admin, surveyId, linkId: link.id });
    expect(again.disabledAt).toEqual(disabled.disabledAt);
    const listed = (await listSurveyLinks({ actor: admin, surveyId })).find((l) => l.id === link.id);
    expect(listed?.disabledAt).toEqual(disabled.disabledAt);
  });

  it("is for ADMIN and OWNER only", async () => {
    const link = await createSurveyLink({ actor: admin, surveyId, input: { name: "Manager cannot" } });
    await expectAppError(disableSurveyLink({ actor: { ...admin, role: "MANAGER" }, surveyId, linkId: link.id }), "forbidden");
    expect((await db.surveyLink.findFirstOrThrow({ where: { id: link.id } })).disabledAt).toBeNull();
  });

  it("cannot touch another organisation's link, nor a link through another survey", async () => {
    const link = await createSurveyLink({ actor: admin, surveyId, input: { name: "Protected" } });
    await expectAppError(disableSurveyLink({ actor: otherAdmin, surveyId, linkId: link.id }), "not_found");
    await expectAppError(disableSurveyLink({ actor: admin, surveyId: secondSurveyId, linkId: link.id }), "not_found");
    await expectAppError(disableSurveyLink({ actor: admin, surveyId, linkId: "nope" }), "not_found");
    expect((await db.surveyLink.findFirstOrThrow({ where: { id: link.id } })).disabledAt).toBeNull();
  });
});

describe("QR codes", () => {
  it("encode the link's public URL, as SVG and PNG", async () => {
    const link = await createSurveyLink({ actor: admin, surveyId, input: { name: "QR", channel: "QR" } });
    const url = `${ORIGIN}/s/${link.token}`;
    const svg = await getSurveyLinkQr({ actor: { ...admin, role: "MANAGER" }, surveyId, linkId: link.id, format: "svg", origin: ORIGIN });
    expect(svg.url).toBe(url);
    expect(new TextDecoder().decode(svg.body)).toBe(await QRCode.toString(url, { ...QR_OPTIONS, type: "svg" }));
    const png = await getSurveyLinkQr({ actor: admin, surveyId, linkId: link.id, format: "png", origin: ORIGIN });
    expect(Buffer.from(png.body).equals(await QRCode.toBuffer(url, { ...QR_OPTIONS, type: "png", width: QR_PNG_WIDTH }))).toBe(true);
  });

  it("are for MANAGER and above, within the organisation", async () => {
    const link = await createSurveyLink({ actor: admin, surveyId, input: { name: "QR roles" } });
    const options = { surveyId, linkId: link.id, format: "svg" as const, origin: ORIGIN };
    await expectAppError(getSurveyLinkQr({ ...options, actor: { ...admin, role: "VIEWER" } }), "forbidden");
    await expectAppError(getSurveyLinkQr({ ...options, actor: otherAdmin }), "not_found");
    await expectAppError(getSurveyLinkQr({ ...options, surveyId: secondSurveyId, actor: admin }), "not_found");
  });
});

describe("GET /surveys/<id>/links/<linkId>/qr", () => {
  let linkId: string;
  let token: string;
  beforeAll(async () => {
    const link = await createSurveyLink({ actor: admin, surveyId, input: { name: "浦东支行 Counter", channel: "QR", attributeKey: "branch", attributeValue: "浦东支行" } });
    linkId = link.id;
    token = link.token;
  });

  it("answers an SVG download (the default format)", async () => {
    session.viewer = viewerFor({ ...admin, role: "MANAGER" });
    for (const format of [undefined, "svg"]) {
      const response = await callQr(surveyId, linkId, format);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="qr-counter\.svg"; filename\*=UTF-8''/);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      const body = await response.text();
      expect(body.startsWith("<svg") || body.startsWith("<?xml")).toBe(true);
      expect(body).toBe(await QRCode.toString(`${ORIGIN}/s/${token}`, { ...QR_OPTIONS, type: "svg" }));
    }
  });

  it("answers a PNG download", async () => {
    session.viewer = viewerFor(admin);
    const response = await callQr(surveyId, linkId, "png");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="qr-counter\.png"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_MAGIC);
    expect(Number(response.headers.get("content-length"))).toBe(bytes.byteLength);
    const expected = await QRCode.toBuffer(`${ORIGIN}/s/${token}`, { ...QR_OPTIONS, type: "png", width: QR_PNG_WIDTH });
    expect(Buffer.from(bytes).equals(expected)).toBe(true);
  });

  it("answers 4xx JSON for bad input, no session, a low role and other tenants — never 5xx", async () => {
    const expectError = async (response: Response, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
    };
    session.viewer = viewerFor(admin);
    await expectError(await callQr(surveyId, linkId, "gif"), 422, "validation_failed");
    await expectError(await callQr(surveyId, "not-a-uuid", "png"), 404, "not_found");
    await expectError(await callQr("not-a-uuid", linkId, "png"), 404, "not_found");
    await expectError(await callQr(secondSurveyId, linkId, "png"), 404, "not_found");
    session.viewer = viewerFor(otherAdmin);
    await expectError(await callQr(surveyId, linkId, "svg"), 404, "not_found");
    session.viewer = viewerFor({ ...admin, role: "VIEWER" });
    await expectError(await callQr(surveyId, linkId, "svg"), 403, "forbidden");
    session.viewer = null;
    await expectError(await callQr(surveyId, linkId, "svg"), 401, "unauthorized");
  });
});
