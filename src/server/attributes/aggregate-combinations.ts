import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { AGGREGATE_COMBINATIONS_MAX, aggregateCombinationSchema, type AggregateCombinationInput } from "@/schemas/aggregate-combinations";
import { invalidInput } from "@/server/cases/invalid-input";
import { db } from "@/server/db";
import { assertCanManageAttributes, type AttributeActor } from "./actor";
import { requestAggregateRebuild } from "@/server/org-settings/aggregate-rebuilds";

/**
 * Configured combinations of 2 or 3 DIMENSION attributes (docs/decisions/0027): the aggregates count each response
 * under the joint value of the keys too, so a dashboard narrowed by some of them and grouped by another reads
 * aggregate rows. Adding or removing one queues a rebuild of the organisation's aggregates for the worker (as a
 * dimension change does; the caller nudges it); a new one is read only once that rebuild has written its rows ("ready").
 */
export type AggregateCombinationDto = {
  id: string;
  keys: string[];
  createdAt: string;
  /** Its rows are written (a rebuild has run since it was added or its keys' definitions changed): dashboards read them. */
  ready: boolean;
};

function toDto(row: { id: string; keys: string[]; createdAt: Date; readyAt: Date | null }): AggregateCombinationDto {
  return { id: row.id, keys: row.keys, createdAt: row.createdAt.toISOString(), ready: row.readyAt !== null };
}

export async function listAggregateCombinations(organizationId: string): Promise<AggregateCombinationDto[]> {
  const rows = await db.aggregateCombination.findMany({ where: { organizationId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toDto);
}

export type AddAggregateCombinationOptions = {
  actor: AttributeActor;
  input: AggregateCombinationInput | unknown;
};

export async function addAggregateCombination({ actor, input }: AddAggregateCombinationOptions): Promise<AggregateCombinationDto> {
  assertCanManageAttributes(actor);
  const parsed = aggregateCombinationSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { keys } = parsed.data;
  const { organizationId } = actor;
  const created = await db.$transaction(async (tx) => {
    // One writer of the organisation's combinations at a time, so the limit holds under parallel submits.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`aggregate-combinations:${organizationId}`}, 0))`;
    const dimensions = await tx.attributeDefinition.findMany({ where: { organizationId, key: { in: keys }, role: "DIMENSION" }, select: { key: true } });
    const missing = keys.filter((key) => !dimensions.some((d) => d.key === key));
    if (missing.length) throw new AppError("validation_failed", `Not dimensions of this organisation: ${missing.join(", ")}.`, { fields: ["keys"], reason: "not_dimension" });
    if ((await tx.aggregateCombination.count({ where: { organizationId } })) >= AGGREGATE_COMBINATIONS_MAX) {
      throw new AppError("validation_failed", `At most ${AGGREGATE_COMBINATIONS_MAX} combined analyses.`, { fields: ["keys"], reason: "limit" });
    }
    const row = await tx.aggregateCombination.create({ data: { organizationId, keys } }).catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        throw new AppError("conflict", "This combination is already configured.", { fields: ["keys"] });
      }
      throw error;
    });
    // Committed with the combination: it is never left without the rebuild that makes it ready.
    await requestAggregateRebuild({ organizationId, userId: actor.userId, reason: "combination", tx });
    return row;
  });
  return toDto(created);
}

export type RemoveAggregateCombinationOptions = { actor: AttributeActor; id: string };

export async function removeAggregateCombination({ actor, id }: RemoveAggregateCombinationOptions): Promise<void> {
  assertCanManageAttributes(actor);
  const { organizationId } = actor;
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError("not_found", "No such combination.");
  await db.$transaction(async (tx) => {
    const { count } = await tx.aggregateCombination.deleteMany({ where: { organizationId, id } });
    if (count === 0) throw new AppError("not_found", "No such combination.");
    await requestAggregateRebuild({ organizationId, userId: actor.userId, reason: "combination", tx });
  });
}
