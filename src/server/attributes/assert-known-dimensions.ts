import "server-only";
import { AppError } from "@/lib/errors";
import type { GroupBy } from "@/schemas/analytics";
import { db } from "@/server/db";

export type AssertKnownDimensionsOptions = {
  organizationId: string;
  /** The filter's attribute keys (AnalyticsQuery.attributes). */
  attributes?: Readonly<Record<string, unknown>>;
  /** A grouping; only `attribute:<key>` is checked. */
  groupBy?: GroupBy | null;
};

/**
 * The one check that every attribute key a filter or grouping names is a DIMENSION of the organisation
 * (docs/decisions/0010): personal, hidden and unknown keys are never segments. Throws 400 bad_request naming the
 * first unknown key and listing the known ones. Reads nothing when the query names no attribute.
 */
export async function assertKnownDimensions({ organizationId, attributes = {}, groupBy = null }: AssertKnownDimensionsOptions): Promise<void> {
  const keys = Object.keys(attributes);
  if (groupBy?.kind === "attribute") keys.push(groupBy.key);
  if (keys.length === 0) return;
  const known = await db.attributeDefinition.findMany({
    where: { organizationId, role: "DIMENSION" },
    select: { key: true },
    orderBy: [{ position: "asc" }, { key: "asc" }],
  });
  const names = known.map((d) => d.key);
  const unknown = keys.find((key) => !names.includes(key));
  if (unknown === undefined) return;
  throw new AppError(
    "bad_request",
    `Unknown dimension "${unknown.slice(0, 64)}"; known: ${names.length ? names.join(", ") : "(none)"}.`,
    { unknownDimension: unknown, knownDimensions: names },
  );
}
