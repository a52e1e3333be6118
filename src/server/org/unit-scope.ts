import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";

/** A Prisma client or an interactive transaction client: anything that can run a raw query. */
type Queryable = Pick<Prisma.TransactionClient, "$queryRaw">;

/**
 * The ids of `unitId` and every unit below it (children, grandchildren …) in one organisation, by a recursive
 * CTE. Empty when the unit does not exist in that organisation. Cycle-safe (UNION drops revisited rows).
 */
export async function unitSubtreeIds(organizationId: string, unitId: string, client: Queryable = db): Promise<string[]> {
  const rows = await client.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE subtree AS (
      SELECT u."id" FROM "OrgUnit" u
      WHERE u."organizationId" = ${organizationId}::uuid AND u."id" = ${unitId}::uuid
      UNION
      SELECT c."id" FROM "OrgUnit" c JOIN subtree s ON c."parentId" = s."id"
      WHERE c."organizationId" = ${organizationId}::uuid
    )
    SELECT "id"::text AS "id" FROM subtree`;
  return rows.map((row) => row.id);
}

/**
 * SQL fragment: the subtree of `unitId` as a derived table of ids (`SELECT id …`), to use inside a larger
 * query, e.g. `WHERE r."unitId" IN (${unitSubtreeSql(org, unit)})`.
 */
export function unitSubtreeSql(organizationId: string, unitId: string): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE subtree AS (
      SELECT u."id" FROM "OrgUnit" u
      WHERE u."organizationId" = ${organizationId}::uuid AND u."id" = ${unitId}::uuid
      UNION
      SELECT c."id" FROM "OrgUnit" c JOIN subtree s ON c."parentId" = s."id"
      WHERE c."organizationId" = ${organizationId}::uuid
    )
    SELECT "id" FROM subtree`;
}
