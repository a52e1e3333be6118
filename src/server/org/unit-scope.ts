import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";

type Queryable = Pick<Prisma.TransactionClient, "$queryRaw">;

/**
 * The ids of `unitId` and every unit below it (children, grandchildren, …) in the organisation, with one
 * recursive query. Unknown units (or units of another organisation) give an empty list. A cycle in the
 * parent links cannot loop forever: UNION drops rows already seen.
 */
export async function unitSubtreeIds(organizationId: string, unitId: string, client: Queryable = db): Promise<string[]> {
  const rows = await client.$queryRaw<{ id: string }[]>(Prisma.sql`
    WITH RECURSIVE subtree AS (
      SELECT "id" FROM "OrgUnit" WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${unitId}::uuid
      UNION
      SELECT child."id" FROM "OrgUnit" child JOIN subtree ON child."parentId" = subtree."id"
      WHERE child."organizationId" = ${organizationId}::uuid
    )
    SELECT "id"::text AS "id" FROM subtree`);
  return rows.map((row) => row.id);
}

/**
 * The managers of `unitId` and of each unit above it, nearest first (null where a unit has no manager):
 * who an escalation or a digest climbs to.
 */
export async function unitManagerChain(organizationId: string, unitId: string, client: Queryable = db): Promise<(string | null)[]> {
  const rows = await client.$queryRaw<{ managerId: string | null; depth: number }[]>(Prisma.sql`
    WITH RECURSIVE chain AS (
      SELECT "id", "parentId", "managerId", 0 AS depth FROM "OrgUnit"
      WHERE "organizationId" = ${organizationId}::uuid AND "id" = ${unitId}::uuid
      UNION ALL
      SELECT parent."id", parent."parentId", parent."managerId", chain.depth + 1 FROM "OrgUnit" parent
      JOIN chain ON parent."id" = chain."parentId"
      WHERE parent."organizationId" = ${organizationId}::uuid AND chain.depth < 50
    )
    SELECT "managerId"::text AS "managerId", depth FROM chain ORDER BY depth`);
  return rows.map((row) => row.managerId);
}
