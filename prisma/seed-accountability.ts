/**
 * Demo data for accountability: the Demo Bank's hierarchy (4 regions → the 9 branches contacts carry in
 * `attributes.branch` → 1–2 teams each → 3–6 employees per team), unit managers, a branch-scoped viewer, and
 * the existing demo responses (and their invitations) credited to a team and employee of the branch in their
 * attributes. Called by prisma/seed.ts inside its transaction, after the responses exist and before the
 * closed-loop seed (so cases get their unit). Pure Prisma, no server-only imports, deterministic.
 *
 * Accounts: manager@demo-bank.example manages the 华东 region (it gets the 华东 weekly digest) but its
 * membership stays unscoped (the e2e tests expect it to see everything); viewer.lujiazui@demo-bank.example
 * (password as the other demo accounts) is a VIEWER scoped to 上海陆家嘴支行; branch.lujiazui@demo-bank.example
 * (same password) is a MANAGER scoped to 上海陆家嘴支行 and that branch's manager: it owns the new cases of
 * answers credited to the branch itself (e.g. the trigger API with unitCode SH-LJZ), its branch's overdue cases
 * escalate to it first, and it gets the branch's weekly digest. The seeded cases keep their owner (their
 * answers sit in the branch's teams, which have no manager).
 */
import { Prisma } from "../src/generated/prisma/client.ts";
import { seededRandom } from "../src/lib/random.ts";

export type SeedAccountabilityOptions = { organizationId: string; ownerId: string; now: Date; rng?: () => number };

export const SCOPED_VIEWER_EMAIL = "viewer.lujiazui@demo-bank.example";
export const REGION_MANAGER_EMAIL = "manager@demo-bank.example";
export const BRANCH_MANAGER_EMAIL = "branch.lujiazui@demo-bank.example";

/** The branch names of prisma/seed.ts (REGIONS), with stable codes. */
export const DEMO_HIERARCHY = [
  { code: "EAST", name: "华东", branches: [["SH-LJZ", "上海陆家嘴支行"], ["HZ-XH", "杭州西湖支行"], ["NJ-XJK", "南京新街口支行"]] },
  { code: "NORTH", name: "华北", branches: [["BJ-GM", "北京国贸支行"], ["TJ-HP", "天津和平支行"]] },
  { code: "SOUTH", name: "华南", branches: [["GZ-TH", "广州天河支行"], ["SZ-FT", "深圳福田支行"]] },
  { code: "SOUTHWEST", name: "西南", branches: [["CD-CXL", "成都春熙路支行"], ["CQ-JFB", "重庆解放碑支行"]] },
] as const;

const TEAMS = ["零售柜面组", "理财服务组"] as const;
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林"];
const GIVEN = ["晓东", "丽娜", "志强", "婷婷", "建华", "海燕", "俊杰", "雪梅", "文博", "佳怡", "国栋", "思远", "春燕", "鹏飞"];

export async function seedAccountability(tx: Prisma.TransactionClient, { organizationId, ownerId, rng = seededRandom(20261122) }: SeedAccountabilityOptions) {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const regionManager = await tx.user.findUnique({ where: { email: REGION_MANAGER_EMAIL }, select: { id: true } });
  let employeeNumber = 1001;
  let lujiazuiId: string | null = null;
  for (const region of DEMO_HIERARCHY) {
    const regionUnit = await tx.orgUnit.upsert({
      where: { organizationId_code: { organizationId, code: region.code } },
      update: {},
      create: { organizationId, code: region.code, name: region.name, kind: "REGION", managerId: region.code === "EAST" ? (regionManager?.id ?? null) : null },
    });
    for (const [code, name] of region.branches) {
      const branch = await tx.orgUnit.upsert({
        where: { organizationId_code: { organizationId, code } },
        update: {},
        create: { organizationId, code, name, kind: "BRANCH", parentId: regionUnit.id },
      });
      if (code === "SH-LJZ") lujiazuiId = branch.id;
      const teams = rng() < 0.5 ? 1 : 2;
      for (let t = 0; t < teams; t++) {
        const team = await tx.orgUnit.upsert({
          where: { organizationId_code: { organizationId, code: `${code}-T${t + 1}` } },
          update: {},
          create: { organizationId, code: `${code}-T${t + 1}`, name: `${name.replace(/支行$/, "")}${TEAMS[t] ?? "团队"}`, kind: "TEAM", parentId: branch.id },
        });
        const staff = 3 + Math.floor(rng() * 4);
        for (let e = 0; e < staff; e++) {
          const employeeCode = `E-${employeeNumber++}`;
          await tx.employee.upsert({
            where: { organizationId_code: { organizationId, code: employeeCode } },
            update: {},
            create: { organizationId, code: employeeCode, name: `${pick(SURNAMES)}${pick(GIVEN)}`, unitId: team.id },
          });
        }
      }
    }
  }

  // A viewer scoped to one branch: the same password as the owner (copied hash, so no second hashing code).
  const owner = await tx.user.findUniqueOrThrow({ where: { id: ownerId }, select: { passwordHash: true } });
  const viewer = await tx.user.upsert({
    where: { email: SCOPED_VIEWER_EMAIL },
    update: {},
    create: { email: SCOPED_VIEWER_EMAIL, name: "周婷 Zhou Ting", passwordHash: owner.passwordHash, locale: "zh-CN" },
  });
  await tx.membership.upsert({
    where: { organizationId_userId: { organizationId, userId: viewer.id } },
    update: { scopeUnitId: lujiazuiId },
    create: { organizationId, userId: viewer.id, role: "VIEWER", scopeUnitId: lujiazuiId },
  });

  // The branch's manager: a MANAGER scoped to the branch (same password, copied hash), set as its manager
  // unless someone already manages it (a re-run never overrides an admin's choice).
  const branchManager = await tx.user.upsert({
    where: { email: BRANCH_MANAGER_EMAIL },
    update: {},
    create: { email: BRANCH_MANAGER_EMAIL, name: "林晓东 Lin Xiaodong", passwordHash: owner.passwordHash, locale: "zh-CN" },
  });
  await tx.membership.upsert({
    where: { organizationId_userId: { organizationId, userId: branchManager.id } },
    update: { scopeUnitId: lujiazuiId },
    create: { organizationId, userId: branchManager.id, role: "MANAGER", scopeUnitId: lujiazuiId },
  });
  if (lujiazuiId) {
    await tx.orgUnit.updateMany({ where: { organizationId, id: lujiazuiId, managerId: null }, data: { managerId: branchManager.id } });
  }

  // Each branch's employees numbered 0 … total-1: a row with hash h goes to employee h % total of its branch.
  const staff = Prisma.sql`
    SELECT e."id" AS "employeeId", e."unitId", b."name" AS "branch",
           (row_number() OVER (PARTITION BY b."id" ORDER BY e."code") - 1)::int AS "idx",
           (count(*) OVER (PARTITION BY b."id"))::int AS "total"
    FROM "Employee" e
    JOIN "OrgUnit" t ON t."id" = e."unitId" AND t."organizationId" = e."organizationId"
    JOIN "OrgUnit" b ON b."id" = t."parentId" AND b."organizationId" = t."organizationId"
    WHERE e."organizationId" = ${organizationId}::uuid AND b."kind" = 'BRANCH'`;
  // Credit each demo response with a branch to one of that branch's employees (spread by a hash of its id).
  const linked = await tx.$executeRaw`
    WITH staff AS (${staff}),
    targets AS (
      SELECT r."id", r."attributes"->>'branch' AS "branch", abs(hashtext(r."id"::text)::bigint) AS "h"
      FROM "Response" r
      WHERE r."organizationId" = ${organizationId}::uuid AND r."unitId" IS NULL AND r."attributes" ? 'branch'
    )
    UPDATE "Response" r SET "unitId" = s."unitId", "employeeId" = s."employeeId"
    FROM targets x JOIN staff s ON s."branch" = x."branch" AND s."idx" = x."h" % s."total"
    WHERE r."id" = x."id" AND r."organizationId" = ${organizationId}::uuid`;
  await tx.$executeRaw`
    UPDATE "Invitation" i SET "unitId" = r."unitId", "employeeId" = r."employeeId"
    FROM "Response" r
    WHERE r."organizationId" = ${organizationId}::uuid AND i."organizationId" = r."organizationId"
      AND i."id" = r."invitationId" AND r."unitId" IS NOT NULL AND i."unitId" IS NULL`;
  // Invitations nobody answered are credited the same way, by their contact's branch: a branch's response
  // rate then counts everyone it invited, not only those who answered.
  await tx.$executeRaw`
    WITH staff AS (${staff}),
    targets AS (
      SELECT i."id", c."attributes"->>'branch' AS "branch", abs(hashtext(i."id"::text)::bigint) AS "h"
      FROM "Invitation" i JOIN "Contact" c ON c."organizationId" = i."organizationId" AND c."id" = i."contactId"
      WHERE i."organizationId" = ${organizationId}::uuid AND i."unitId" IS NULL AND c."attributes" ? 'branch'
    )
    UPDATE "Invitation" i SET "unitId" = s."unitId", "employeeId" = s."employeeId"
    FROM targets x JOIN staff s ON s."branch" = x."branch" AND s."idx" = x."h" % s."total"
    WHERE i."id" = x."id" AND i."organizationId" = ${organizationId}::uuid`;
  return { linkedResponses: linked };
}
