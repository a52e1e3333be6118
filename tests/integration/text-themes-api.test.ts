import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getThemes } from "@/app/api/v1/surveys/[id]/themes/route";
import { classifyScore, compareNps, npsFromScores, roundTo, toApiStats } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { createSurvey } from "@/server/surveys/create-survey";
import { readComments } from "@/server/text/read-comments";
import type { ApiThemes } from "@/server/text/get-survey-themes";
import { createOrganization } from "./support/fixtures";
import { insertResponses } from "./support/responses";

const ORIGIN = "http://localhost:3000";
const RANGE = "range=custom&from=2026-01-01&to=2026-03-31";
let organizationId: string;
let surveyId: string;
let foreignSurveyId: string;
let key: string;

// Comments whose themes are known by construction (banking template): each row's expected theme keys.
const KINDS: { comment: string | null; themes: readonly string[] }[] = [
  { comment: "网点排队太久了", themes: ["waiting"] },
  { comment: "排队等了一个小时，柜员态度也很差", themes: ["waiting", "staff_attitude"] },
  { comment: "柜员很热情，服务周到", themes: ["staff_attitude"] },
  { comment: "手机银行老是闪退", themes: ["mobile_app"] },
  { comment: "挺好的", themes: [] },
  { comment: null, themes: [] },
];
const RARE: { comment: string | null; themes: readonly string[] } = { comment: "个人信息被泄露了", themes: ["security_privacy"] };

type Row = { score: number; channel: "LINK" | "EMAIL"; themes: readonly string[]; commented: boolean };
const rows: Row[] = [];

function call(query: string, id = surveyId): Promise<Response> {
  return getThemes(new NextRequest(`${ORIGIN}/api/v1/surveys/${id}/themes?${query}`, { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({ id }),
  });
}

beforeAll(async () => {
  organizationId = (await createOrganization("Themes Bank")).id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  const foreign = (await createOrganization("Themes Foreign")).id;
  foreignSurveyId = (await createSurvey({ organizationId: foreign, userId: null, input: { name: "Theirs", brandName: "X" } })).id;
  key = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "Test" } })).key;
  const random = seededRandom(20261206);
  const data = [];
  for (let i = 0; i < 400; i++) {
    const kind = i < 3 ? RARE : KINDS[Math.floor(random() * KINDS.length)]!;
    // Waiting and attitude complaints come with low scores more often: a theme that matters.
    const low = kind.themes.includes("waiting") ? 0.75 : kind.themes.includes("staff_attitude") && !kind.themes.includes("waiting") ? 0.2 : 0.4;
    const score = random() < low ? Math.floor(random() * 7) : 7 + Math.floor(random() * 4);
    const channel = random() < 0.5 ? ("LINK" as const) : ("EMAIL" as const);
    const day = 1 + Math.floor(random() * 28);
    rows.push({ score, channel, themes: kind.themes, commented: kind.comment !== null });
    data.push({
      organizationId,
      surveyId,
      score,
      category: classifyScore(score),
      comment: kind.comment,
      locale: "zh-CN",
      channel,
      createdAt: new Date(Date.UTC(2026, 1, day, 4)),
    });
  }
  await insertResponses(data);
  await readComments({ organizationId });
});

function expected(subset: Row[], key: string) {
  const withIt = subset.filter((r) => r.themes.includes(key));
  const without = subset.filter((r) => !r.themes.includes(key));
  const commented = subset.filter((r) => r.commented).length;
  const commentedDetractors = subset.filter((r) => r.commented && r.score <= 6).length;
  const a = npsFromScores(withIt.map((r) => r.score));
  const b = npsFromScores(without.map((r) => r.score));
  return {
    mentions: withIt.length,
    share: roundTo(withIt.length / commented, 4),
    detractorShare: roundTo(withIt.filter((r) => r.score <= 6).length / commentedDetractors, 4),
    nps: { ...toApiStats(a), suppressed: false },
    withoutNps: { ...toApiStats(b), suppressed: false },
    p: roundTo(compareNps(a, b).pValue, 4),
  };
}

describe("GET /api/v1/surveys/{id}/themes", () => {
  it("gives each theme's mentions, shares and NPS with and without it, equal to a recomputation from the rows", async () => {
    const response = await call(RANGE);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ApiThemes;
    expect(body.n).toBe(rows.length);
    expect(body.commented).toBe(rows.filter((r) => r.commented).length);
    for (const key of ["waiting", "staff_attitude", "mobile_app"]) {
      const theme = body.themes.find((t) => t.key === key)!;
      expect(theme, key).toMatchObject(expected(rows, key));
    }
    const waiting = body.themes.find((t) => t.key === "waiting")!;
    expect(waiting.label).toEqual({ "zh-CN": "排队等待", en: "Waiting" });
    expect(waiting.nps.nps!).toBeLessThan(waiting.withoutNps.nps!);
    expect(waiting.p!).toBeLessThan(0.05);
    // Every theme of the taxonomy is listed, mentioned or not.
    expect(body.themes.find((t) => t.key === "fees")).toMatchObject({ mentions: 0, share: 0 });
  });

  it("suppresses a rare theme and its complement (n only), so neither can be recovered by subtraction", async () => {
    const body = (await (await call(RANGE)).json()) as ApiThemes;
    const rare = body.themes.find((t) => t.key === "security_privacy")!;
    expect(rare.mentions).toBe(3);
    expect(rare.nps).toMatchObject({ n: 3, nps: null, promoters: null, suppressed: true });
    expect(rare.withoutNps).toMatchObject({ n: rows.length - 3, nps: null, suppressed: true });
    expect(rare.p).toBeNull();
    expect(rare.detractorShare).toBeNull();
  });

  it("applies the dashboard's filters", async () => {
    const body = (await (await call(`${RANGE}&channel=EMAIL`)).json()) as ApiThemes;
    const email = rows.filter((r) => r.channel === "EMAIL");
    expect(body.n).toBe(email.length);
    expect(body.themes.find((t) => t.key === "waiting")).toMatchObject(expected(email, "waiting"));
    const none = (await (await call("range=custom&from=2025-01-01&to=2025-01-31")).json()) as ApiThemes;
    expect(none).toMatchObject({ n: 0, commented: 0 });
    expect(none.themes.every((t) => t.share === null && t.p === null)).toBe(true);
  });

  it("refuses groupBy, unknown parameters and other organisations' surveys in the error shape", async () => {
    for (const [query, status] of [
      [`${RANGE}&groupBy=channel`, 400],
      [`${RANGE}&chanel=EMAIL`, 400],
      [`${RANGE}&attr.nope=x`, 400],
    ] as const) {
      const response = await call(query);
      expect(response.status, query).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    }
    const foreign = await call(RANGE, foreignSurveyId);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
