import "server-only";
import { presetRange, todayIn } from "@/lib/date-range";
import { accountabilityQuerySchema } from "@/schemas/org";
import type { Viewer } from "@/server/auth/session";
import { getEmployeeRanking, type EmployeeFigure } from "./get-employee-ranking";
import { getUnitRanking, type UnitRanking } from "./get-unit-ranking";
import { getAccountabilityScope } from "./viewer-scope";

export type AccountabilityBoard = UnitRanking & {
  employees: EmployeeFigure[];
  /** The unit the viewer is limited to (null = whole organisation), and whether only its own row is shown. */
  scope: { unitId: string | null; ownUnitOnly: boolean };
  thresholds: { minN: number; suppressN: number };
};

/** The leaderboard for one signed-in member: their scope, the range from the (unparsed) query, units and employees. */
export async function getAccountabilityBoard(
  viewer: Pick<Viewer, "organizationId" | "userId" | "role" | "minN" | "suppressN" | "timeZone">,
  query: unknown,
  now: Date = new Date(),
): Promise<AccountabilityBoard> {
  const { range: preset } = accountabilityQuerySchema.parse(query ?? {});
  const range = presetRange(preset, todayIn(viewer.timeZone, now));
  const scope = await getAccountabilityScope(viewer);
  const thresholds = { minN: viewer.minN, suppressN: viewer.suppressN };
  const [units, employees] = await Promise.all([
    getUnitRanking({ scope, timeZone: viewer.timeZone, range, thresholds }),
    getEmployeeRanking({ scope, timeZone: viewer.timeZone, range, thresholds }),
  ]);
  return { ...units, employees, scope: { unitId: scope.scopeUnitId, ownUnitOnly: scope.ownUnitOnly }, thresholds };
}
