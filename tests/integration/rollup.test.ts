import { beforeAll, describe, expect, it } from "vitest";
import { classifyScore } from "@/lib/nps";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";
import { seededRandom } from "@/lib/random";


type Row = { key: string; n: number; hist: string };

/** The daily and monthly rollups as they are, and as they should be when recomputed from the raw rows. */
async function compare(organizationId: string): Promise<{ rollup: Row[]; raw: Row[] }> {
  const daily = await compareTable(organizationId, "ResponseRollup", `(r."createdAt" AT TIME ZONE o."timeZone")::date`);
  const monthly = await compareTable(organizationId, "ResponseRollupMonthly", `date_trunc('month', (r."createdAt" AT TIME ZONE o."timeZone"))::date`);
  return { rollup: [...daily.rollup, ...monthly.rollup], raw: [...daily.raw, ...monthly.raw] };
}

async function compareTable(organizationId: string, table: string, dayExpression: string): Promise<{ rollup: Row[]; raw: Row[] }> {
  const hist = Array.from({ length: 11 }, (_, i) => `h${i}`);
  const rollup = await db.$queryRawUnsafe<Row[]>(
    `SELECT concat_ws('|', "surveyId", "day", "channel", "touchpoint", "locale", "attributes"::text, "unitId") AS key,
            "n", concat_ws(',', ${hist.map((h) => `"${h}"`).join(", ")}) AS hist
     FROM "${table}" WHERE "organizationId" = $1::uuid AND "n" <> 0 ORDER BY 1`,
    organizationId,
  );
  const raw = await db.$queryRawUnsafe<Row[]>(
    `SELECT concat_ws('|', r."surveyId", ${dayExpression}, r."channel", coalesce(r."touchpoint", ''), r."locale", r."attributes"::text, coalesce(r."unitId"::text, '')) AS key,
            COUNT(*)::int AS n,
            concat_ws(',', ${hist.map((_, i) => `COUNT(*) FILTER (WHERE r."score" = ${i})::int`).join(", ")}) AS hist
     FROM "Response" r JOIN "Organization" o ON o."id" = r."organizationId"
     WHERE r."organizationId" = $1::uuid AND NOT r."excluded" AND r."score" IS NOT NULL
     GROUP BY 1 ORDER BY 1`,
    organizationId,
  );
  return { rollup, raw };
}

describe("ResponseRollup stays exactly equal to the raw responses", () => {
  let organizationId: string;
  let surveyIds: string[];
  let unitIds: (string | null)[];
  const random = seededRandom(42);
  const attributeSets = [
    { region: "华东", branch: "上海陆家嘴支行", tier: "金卡" },
    { region: "华北", branch: "北京国贸支行", tier: "普通" },
    { region: "西南", branch: "成都春熙路支行", tier: "白金" },
    {},
  ];

  beforeAll(async () => {
    const org = await createOrganization("Rollup");
    organizationId = org.id;
    surveyIds = [];
    for (const name of ["A", "B"]) {
      surveyIds.push((await createSurvey({ organizationId, userId: null, input: { name, brandName: "X" } })).id);
    }
    const region = await db.orgUnit.create({ data: { organizationId, kind: "REGION", code: "R", name: "华东" } });
    const branch = await db.orgUnit.create({ data: { organizationId, kind: "BRANCH", code: "B", name: "上海陆家嘴支行", parentId: region.id } });
    unitIds = [null, region.id, branch.id];
  });

  function randomResponse(i: number) {
    const score = random() < 0.1 ? null : Math.floor(random() * 11);
    // Around local midnight in Asia/Shanghai (16:00 UTC) so day boundaries are exercised.
    const createdAt = new Date(Date.UTC(2026, 0, 1 + Math.floor(random() * 60), 15, 30 + Math.floor(random() * 60)));
    return {
      organizationId,
      surveyId: surveyIds[i % 2] as string,
      score,
      category: score === null ? null : classifyScore(score),
      locale: random() < 0.7 ? "zh-CN" : "en",
      channel: random() < 0.8 ? ("EMAIL" as const) : ("LINK" as const),
      touchpoint: random() < 0.5 ? "开户" : null,
      attributes: attributeSets[Math.floor(random() * attributeSets.length)] ?? {},
      excluded: random() < 0.05,
      unitId: unitIds[Math.floor(random() * unitIds.length)] ?? null,
      createdAt,
    };
  }

  it("after a bulk insert, single inserts, updates of every rolled-up field, exclusions and deletes", async () => {
    await db.response.createMany({ data: Array.from({ length: 400 }, (_, i) => randomResponse(i)) });
    for (let i = 0; i < 20; i += 1) await db.response.create({ data: randomResponse(i) });
    let state = await compare(organizationId);
    expect(state.raw.length).toBeGreaterThan(20);
    expect(state.rollup).toEqual(state.raw);

    const some = await db.response.findMany({ where: { organizationId }, take: 60, orderBy: { id: "asc" } });
    for (const [i, row] of some.entries()) {
      const score = (row.score ?? 5) === 10 ? 0 : (row.score ?? 5) + 1;
      const change =
        i % 6 === 0 ? { score, category: classifyScore(score) }
        : i % 6 === 1 ? { excluded: !row.excluded }
        : i % 6 === 2 ? { attributes: { region: "华南" } }
        : i % 6 === 3 ? { createdAt: new Date(row.createdAt.getTime() + 12 * 3600 * 1000) }
        : i % 6 === 4 ? { score: null, category: null, ...(i % 4 === 0 ? {} : { unitId: unitIds[(i >> 1) % unitIds.length] ?? null }) }
        : { surveyId: surveyIds[0] as string, channel: "QR" as const, locale: "en" };
      await db.response.update({ where: { id: row.id }, data: change });
    }
    // A multi-row update in one statement.
    await db.response.updateMany({ where: { organizationId, locale: "en" }, data: { touchpoint: "理赔" } });
    // Credit a batch to another unit (as a hierarchy re-import would), and take another batch off any unit.
    await db.response.updateMany({ where: { organizationId, channel: "LINK" }, data: { unitId: unitIds[2] ?? null } });
    await db.response.updateMany({ where: { organizationId, touchpoint: "开户", score: { gte: 9 } }, data: { unitId: null } });
    await db.response.deleteMany({ where: { organizationId, score: { lte: 2 } } });
    state = await compare(organizationId);
    expect(state.rollup).toEqual(state.raw);
  });

  it("moves responses between days when the organisation's time zone changes", async () => {
    await db.organization.update({ where: { id: organizationId }, data: { timeZone: "America/New_York" } });
    const state = await compare(organizationId);
    expect(state.rollup).toEqual(state.raw);
    await db.organization.update({ where: { id: organizationId }, data: { timeZone: "Asia/Shanghai" } });
    const back = await compare(organizationId);
    expect(back.rollup).toEqual(back.raw);
  });

  it("stays consistent under concurrent writers to the same keys", async () => {
    const writes = Array.from({ length: 30 }, (_, i) =>
      db.response.create({
        data: { ...randomResponse(i), score: i % 11, category: classifyScore(i % 11), excluded: false, attributes: {}, createdAt: new Date(Date.UTC(2026, 2, 1, 3)) },
      }),
    );
    await Promise.all(writes);
    const state = await compare(organizationId);
    expect(state.rollup).toEqual(state.raw);
  });
});
