import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { classifyScore } from "@/lib/nps";
import { caseActorFor, type CaseActor } from "@/server/cases/case-actor";
import { getCase } from "@/server/cases/get-case";
import { getCaseDashboard } from "@/server/cases/get-case-dashboard";
import { setCaseRootCause } from "@/server/cases/set-case-root-cause";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { readComments } from "@/server/text/read-comments";
import { rootCauseThemeOptions, setRootCauseThemes } from "@/server/text/root-cause-themes";
import { createOrganization, expectAppError } from "./support/fixtures";
import { insertResponses } from "./support/responses";

let organizationId: string;
let foreignCause: string;
let admin: CaseActor;
let manager: CaseActor;
const causes: Record<string, string> = {};
const cases: Record<string, string> = {};

async function member(org: string, role: "ADMIN" | "MANAGER"): Promise<CaseActor> {
  const user = await db.user.create({ data: { email: `${role.toLowerCase()}-${randomUUID()}@rc.example`, name: role, passwordHash: "x" } });
  await db.membership.create({ data: { organizationId: org, userId: user.id, role } });
  return caseActorFor({ organizationId: org, userId: user.id, role });
}

beforeAll(async () => {
  organizationId = (await createOrganization("Root Cause Themes")).id;
  const surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Branch", brandName: "Bank" } })).id;
  admin = await member(organizationId, "ADMIN");
  manager = await member(organizationId, "MANAGER");
  for (const [key, zh, en] of [["long_wait", "等待时间过长", "Long waiting time"], ["rude_staff", "员工态度", "Staff attitude"], ["other", "其他", "Other"]] as const) {
    causes[key] = (await db.rootCause.create({ data: { organizationId, key, label: { "zh-CN": zh, en } } })).id;
  }
  const foreign = (await createOrganization("Root Cause Foreign")).id;
  foreignCause = (await db.rootCause.create({ data: { organizationId: foreign, key: "x", label: { en: "X" } } })).id;

  const rows: { name: string; comment: string | null; score: number; status: "OPEN" | "CONTACTED" | "CLOSED" }[] = [
    { name: "queueAndStaff", comment: "网点排队太久了，柜员态度也很差", score: 2, status: "OPEN" },
    { name: "staffOnly", comment: "柜员态度很差", score: 3, status: "CONTACTED" },
    { name: "queueClosed", comment: "排队等了一个小时", score: 1, status: "CLOSED" },
    { name: "noComment", comment: null, score: 4, status: "OPEN" },
  ];
  const inserted = await insertResponses(
    rows.map((r) => ({ organizationId, surveyId, score: r.score, category: classifyScore(r.score), comment: r.comment, locale: "zh-CN", channel: "LINK" as const })),
  );
  for (const [i, row] of rows.entries()) {
    const c = await db.case.create({ data: { organizationId, responseId: inserted[i]!.id, surveyId, status: row.status, dueAt: new Date(Date.now() + 86_400_000) } });
    cases[row.name] = c.id;
  }
  await readComments({ organizationId });
});

describe("themes → root causes (issue 14)", () => {
  it("admins map themes to a root cause; others may not; unknown themes and other tenants' root causes are refused", async () => {
    await setRootCauseThemes({ actor: admin, input: { rootCauseId: causes.long_wait, themeKeys: ["waiting", "process_speed"] } });
    await setRootCauseThemes({ actor: admin, input: { rootCauseId: causes.rude_staff, themeKeys: ["staff_attitude"] } });
    await expectAppError(setRootCauseThemes({ actor: manager, input: { rootCauseId: causes.other, themeKeys: ["fees"] } }), "forbidden");
    await expectAppError(setRootCauseThemes({ actor: admin, input: { rootCauseId: causes.other, themeKeys: ["no_such_theme"] } }), "validation_failed");
    await expectAppError(setRootCauseThemes({ actor: admin, input: { rootCauseId: foreignCause, themeKeys: ["waiting"] } }), "not_found");
    await expectAppError(setRootCauseThemes({ actor: admin, input: { rootCauseId: "nope", themeKeys: [] } }), "validation_failed");
    const options = await rootCauseThemeOptions(organizationId, "zh-CN");
    expect(options.byRootCause.get(causes.long_wait!)).toEqual(["waiting", "process_speed"]);
    expect(options.byRootCause.get(causes.other!)).toEqual([]);
    expect(options.themes.find((t) => t.key === "waiting")?.label).toBe("排队等待");
    // The other organisation's root cause is untouched.
    expect((await db.rootCause.findFirstOrThrow({ where: { id: foreignCause } })).themeKeys).toEqual([]);
  });

  it("a detractor case shows its comment's themes and suggests the root cause mapped from the first of them; accepting sets it", async () => {
    const c = await getCase({ actor: manager, caseId: cases.queueAndStaff!, locale: "en" });
    expect(c.themes.map((t) => t.key)).toEqual(["waiting", "staff_attitude"]);
    expect(c.themes[0]!.label).toBe("Waiting");
    expect(c.suggestedRootCause).toEqual({ id: causes.long_wait, key: "long_wait", label: "Long waiting time" });
    const staff = await getCase({ actor: manager, caseId: cases.staffOnly!, locale: "zh-CN" });
    expect(staff.suggestedRootCause?.key).toBe("rude_staff");
    expect(staff.suggestedRootCause?.label).toBe("员工态度");
    const bare = await getCase({ actor: manager, caseId: cases.noComment!, locale: "en" });
    expect(bare.themes).toEqual([]);
    expect(bare.suggestedRootCause).toBeNull();
    // One click: the suggestion's id goes to the existing root-cause action.
    await setCaseRootCause({ actor: manager, input: { caseId: c.id, rootCauseId: c.suggestedRootCause!.id } });
    expect((await getCase({ actor: manager, caseId: c.id, locale: "en" })).rootCauseId).toBe(causes.long_wait);
  });

  it("an inactive root cause is not suggested", async () => {
    await db.rootCause.update({ where: { organizationId_id: { organizationId, id: causes.rude_staff! } }, data: { active: false } });
    const staff = await getCase({ actor: manager, caseId: cases.staffOnly!, locale: "en" });
    expect(staff.themes.map((t) => t.key)).toEqual(["staff_attitude"]);
    expect(staff.suggestedRootCause).toBeNull();
    await db.rootCause.update({ where: { organizationId_id: { organizationId, id: causes.rude_staff! } }, data: { active: true } });
  });

  it("the case dashboard counts the themes of open cases (closed ones left out)", async () => {
    const dashboard = await getCaseDashboard({ actor: manager, suppressN: 3, locale: "zh-CN" });
    expect(dashboard.openThemes).toEqual([
      { key: "staff_attitude", label: "服务态度", cases: 2 },
      { key: "waiting", label: "排队等待", cases: 1 },
    ]);
  });
});
