import { randomUUID } from "node:crypto";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getDrivers } from "@/app/api/v1/surveys/[id]/drivers/route";
import { classifyScore } from "@/lib/nps";
import { seededRandom } from "@/lib/random";
import { momentsOfRows, relativeWeightsFromSums, round2 } from "@/lib/relative-weights";
import { readAnalyticsParams } from "@/schemas/analytics";
import { apiDriversSchema } from "@/schemas/drivers";
import { apiDriversWithThemesSchema, type ApiDriversWithThemesBody } from "@/schemas/theme-drivers";
import { createApiKey } from "@/server/api-keys/create-api-key";
import { db } from "@/server/db";
import { getDriversView } from "@/server/drivers/get-drivers";
import { createSurvey } from "@/server/surveys/create-survey";
import { loadTaxonomy } from "@/server/text/taxonomy";
import { readComments } from "@/server/text/read-comments";
import { createOrganization } from "./support/fixtures";
import { insertAnswers } from "./support/answers";
import { insertResponses } from "./support/responses";

const ORIGIN = "http://localhost:3000";
const RANGE = "range=custom&from=2026-01-01&to=2026-03-31";
let organizationId: string;
let surveyId: string;
let key: string;
const questionIds: string[] = [];
// Per response: the two ratings, the comment's themes (null: no comment), the score.
const rows: { x: [number, number]; themes: string[] | null; score: number }[] = [];

// Comments whose banking-template themes are known: queues drive the score down hard, staff a little.
const COMMENTS: { text: string; themes: string[] }[] = [
  { text: "网点排队太久了", themes: ["waiting"] },
  { text: "柜员很热情", themes: ["staff_attitude"] },
  { text: "还行", themes: [] },
];

function call(query: string): Promise<Response> {
  return getDrivers(new NextRequest(`${ORIGIN}/api/v1/surveys/${surveyId}/drivers?${query}`, { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({ id: surveyId }),
  });
}

beforeAll(async () => {
  organizationId = (await createOrganization("Theme Drivers Bank")).id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "Bank" } })).id;
  key = (await createApiKey({ actor: { organizationId, userId: null, role: "ADMIN" }, input: { name: "Test" } })).key;
  for (const [j, k] of ["d_speed", "d_app"].entries()) {
    questionIds.push((await db.question.create({ data: { organizationId, surveyId, key: k, type: "RATING", position: 10 + j, text: { en: k } } })).id);
  }
  const random = seededRandom(14);
  const data = [];
  const answers = [];
  for (let i = 0; i < 400; i++) {
    const x: [number, number] = [1 + Math.floor(random() * 5), 1 + Math.floor(random() * 5)];
    const comment = random() < 0.15 ? null : COMMENTS[Math.floor(random() * COMMENTS.length)]!;
    const waiting = comment?.themes.includes("waiting") ? 1 : 0;
    const staff = comment?.themes.includes("staff_attitude") ? 1 : 0;
    const score = Math.max(0, Math.min(10, Math.round(8 - 6 * waiting + 0.5 * staff + 0.3 * (x[0] - 3) + (random() - 0.5) * 2)));
    const id = randomUUID();
    rows.push({ x, themes: comment ? comment.themes : null, score });
    data.push({ id, organizationId, surveyId, score, category: classifyScore(score), comment: comment?.text ?? null, locale: "zh-CN", channel: "LINK" as const, createdAt: new Date(Date.UTC(2026, 1, 1 + (i % 27), 3)) });
    answers.push({ organizationId, responseId: id, questionId: questionIds[0]!, value: x[0] }, { organizationId, responseId: id, questionId: questionIds[1]!, value: x[1] });
  }
  await insertResponses(data);
  await insertAnswers(answers);
  await readComments({ organizationId });
}, 120_000);

describe("themes as drivers", () => {
  it("GET …/drivers?includeThemes=true: a planted theme that drives the score gets the top importance, equal to a recomputation from the raw rows", async () => {
    const response = await call(`${RANGE}&includeThemes=true`);
    const body = (await response.json()) as ApiDriversWithThemesBody;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(apiDriversWithThemesSchema.parse(body)).toEqual(body);
    const themes = (await loadTaxonomy(organizationId)).map((r) => r.key);
    const commented = rows.filter((r) => r.themes !== null);
    expect(body.status).toBe("ok");
    expect(body.n).toBe(commented.length);
    expect(body.drivers).toHaveLength(2 + themes.length);
    const top = body.drivers[0]!;
    expect(top.questionId).toBeNull();
    expect("themeKey" in top && top.themeKey).toBe("waiting");
    expect(top.correlation!).toBeLessThan(-0.5);
    expect(top.scale).toEqual({ min: 0, max: 1 });
    // Recomputed from the rows: both ratings, then every theme of the taxonomy as 0/1, then the score.
    const flat = commented.flatMap((r) => [...r.x, ...themes.map((t) => (r.themes!.includes(t) ? 1 : 0)), r.score]);
    const weights = relativeWeightsFromSums(momentsOfRows(flat, 2 + themes.length + 1));
    expect(top.importance).toBe(round2(weights.importance![2 + themes.indexOf("waiting")]!));
    expect(top.performancePct).toBe(round2((100 * commented.filter((r) => r.themes!.includes("waiting")).length) / commented.length));
    const speed = body.drivers.find((d) => d.questionId === questionIds[0])!;
    expect(speed.importance).toBe(round2(weights.importance![0]!));
  });

  it("leaves the default answer exactly as before (no includeThemes, or includeThemes=false)", async () => {
    const plain = await (await call(RANGE)).text();
    expect(await (await call(`${RANGE}&includeThemes=false`)).text()).toBe(plain);
    const body = apiDriversSchema.parse(JSON.parse(plain));
    expect(body.drivers.map((d) => d.questionId).sort()).toEqual([...questionIds].sort());
    expect(plain).not.toContain("themeKey");
  });

  it("refuses a bad includeThemes value (422) and a repeated one (400)", async () => {
    const bad = await call(`${RANGE}&includeThemes=yes`);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    const twice = await call(`${RANGE}&includeThemes=true&includeThemes=true`);
    expect(twice.status).toBe(400);
  });

  it("the page's service takes the same option", async () => {
    const query = readAnalyticsParams({ range: "custom", from: "2026-01-01", to: "2026-03-31" }).data!;
    const view = await getDriversView({ organizationId, surveyId, query, timeZone: "Asia/Shanghai", unitIds: null, includeThemes: true });
    expect(view.analysis.drivers[0]?.type).toBe("THEME");
    expect(view.analysis.drivers[0]?.key).toBe("waiting");
    const without = await getDriversView({ organizationId, surveyId, query, timeZone: "Asia/Shanghai", unitIds: null });
    expect(without.analysis.drivers.every((d) => d.type !== "THEME")).toBe(true);
    expect(without.analysis.n).toBe(rows.length);
  });
});
