import { describe, expect, it } from "vitest";
import { classifyScore } from "@/lib/nps";
import { getUnitRanking } from "@/server/accountability/get-unit-ranking";
import { getAccountabilityScope } from "@/server/accountability/viewer-scope";
import { db } from "@/server/db";
import { DEMO_HIERARCHY, SCOPED_VIEWER_EMAIL, seedAccountability } from "../../prisma/seed-accountability";
import { generateToken } from "@/server/distribution/token";
import { createOrganization } from "./support/fixtures";

describe("seedAccountability", () => {
  // The seed writes the whole demo hierarchy: on a loaded machine it has taken over 30 s (the suite default).
  it("builds the demo hierarchy, a scoped viewer, and credits responses by their branch attribute", { timeout: 180_000 }, async () => {
    const org = await createOrganization("Seed Demo Bank");
    const owner = await db.user.create({ data: { email: `owner-${org.id}@example.com`, name: "Owner", passwordHash: "scrypt$hash" } });
    await db.membership.create({ data: { organizationId: org.id, userId: owner.id, role: "OWNER" } });
    const survey = await db.survey.create({ data: { organizationId: org.id, name: "Relationship", brandName: "Bank", status: "ACTIVE" } });
    const branches = DEMO_HIERARCHY.flatMap((r) => r.branches.map(([, name]) => name));
    await db.response.createMany({
      data: Array.from({ length: 400 }, (_, i) => ({
        organizationId: org.id,
        surveyId: survey.id,
        score: i % 11,
        category: classifyScore(i % 11),
        locale: "zh-CN",
        channel: "EMAIL" as const,
        completed: true,
        attributes: i % 40 === 0 ? { tier: "金卡" } : { branch: branches[i % branches.length] ?? "", region: "x" },
      })),
    });
    // Invitations: 30 to customers of a branch, nobody answered; 3 to a contact with no branch.
    for (let i = 0; i < 33; i += 1) {
      const contact = await db.contact.create({
        data: { organizationId: org.id, email: `c${i}-${org.id}@example.com`, attributes: i < 30 ? { branch: branches[i % branches.length] ?? "" } : { tier: "金卡" } },
      });
      await db.invitation.create({ data: { organizationId: org.id, surveyId: survey.id, contactId: contact.id, token: generateToken() } });
    }
    const result = await db.$transaction((tx) => seedAccountability(tx, { organizationId: org.id, ownerId: owner.id, now: new Date() }), { timeout: 60_000 });
    expect(result.linkedResponses).toBe(390);

    const units = await db.orgUnit.findMany({ where: { organizationId: org.id } });
    expect(units.filter((u) => u.kind === "REGION").map((u) => u.name).sort()).toEqual(["华东", "华北", "华南", "西南"].sort());
    expect(units.filter((u) => u.kind === "BRANCH").map((u) => u.name).sort()).toEqual([...branches].sort());
    const teams = units.filter((u) => u.kind === "TEAM");
    for (const branch of units.filter((u) => u.kind === "BRANCH")) {
      const own = teams.filter((t) => t.parentId === branch.id);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(2);
    }
    for (const team of teams) {
      const staff = await db.employee.count({ where: { organizationId: org.id, unitId: team.id } });
      expect(staff).toBeGreaterThanOrEqual(3);
      expect(staff).toBeLessThanOrEqual(6);
    }
    // Every credited response sits in a team of the branch it names, with an employee of that team.
    const responses = await db.response.findMany({ where: { organizationId: org.id }, include: { employee: true, unit: { include: { parent: true } } } });
    for (const r of responses) {
      const branch = (r.attributes as Record<string, string>).branch;
      if (!branch) {
        expect(r.unitId).toBeNull();
        continue;
      }
      expect(r.unit?.parent?.name).toBe(branch);
      expect(r.employee?.unitId).toBe(r.unitId);
    }
    // Unanswered invitations are credited by their contact's branch too (a branch's response rate counts them).
    const invitations = await db.invitation.findMany({ where: { organizationId: org.id }, include: { contact: true } });
    const branchOfUnit = new Map(units.map((u) => [u.id, units.find((p) => p.id === u.parentId)?.name]));
    expect(invitations).toHaveLength(33);
    for (const invitation of invitations) {
      const branch = (invitation.contact.attributes as Record<string, string>).branch;
      if (branch) expect(branchOfUnit.get(invitation.unitId ?? "")).toBe(branch);
      else expect(invitation.unitId).toBeNull();
    }
    // Spread across employees, not all on one.
    expect(new Set(responses.map((r) => r.employeeId).filter(Boolean)).size).toBeGreaterThan(20);

    const viewer = await db.user.findUniqueOrThrow({ where: { email: SCOPED_VIEWER_EMAIL } });
    const scope = await getAccountabilityScope({ organizationId: org.id, userId: viewer.id, role: "VIEWER" });
    const ranking = await getUnitRanking({ scope, timeZone: "Asia/Shanghai", range: { from: "2000-01-01", to: "2100-01-01" }, thresholds: { minN: 30, suppressN: 5 } });
    expect(ranking.units.map((u) => u.name)).toEqual(["上海陆家嘴支行"]);
    expect(ranking.units[0]?.stats?.n).toBe(responses.filter((r) => (r.attributes as Record<string, string>).branch === "上海陆家嘴支行").length);
  });
});
