-- CreateTable
CREATE TABLE "AggregateCombination" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "keys" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AggregateCombination_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AggregateCombination_organizationId_keys_key" ON "AggregateCombination"("organizationId", "keys");

-- CreateIndex
CREATE INDEX "ResponseAggregate_organizationId_dimension_grain_day_idx" ON "ResponseAggregate"("organizationId", "dimension", "grain", "day") WHERE dimension LIKE 'c:%';

-- AddForeignKey
ALTER TABLE "AggregateCombination" ADD CONSTRAINT "AggregateCombination_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written below this line (docs/decisions/0027). Configured combinations of 2 or 3 DIMENSION attributes: each
-- counted response also contributes, per combination whose keys are all DIMENSION attributes, one row at grain 'D'
-- and one at 'M' (scope '' only) with dimension 'c:' || keys joined by '|' and value = the keys' values
-- (nps_dimension_value, as for the single dimensions) joined by chr(31), in the keys' (sorted) order. Everything
-- else is as in 20261206183200_aggregate_unit_scope. The organisation equalities repeated inside the lateral
-- subqueries let Citus push the whole query down to the tenant's shard (20261206180000_citus_functions).
DROP FUNCTION IF EXISTS response_aggregate_rows(uuid, uuid[], int, timestamptz, timestamptz);
CREATE FUNCTION response_aggregate_rows(org uuid, ids uuid[], sign int, since timestamptz DEFAULT NULL, before timestamptz DEFAULT NULL)
RETURNS TABLE ("surveyId" uuid, grain char(1), day date, dimension text, value text, scope text, n int, h0 int, h1 int, h2 int, h3 int, h4 int, h5 int, h6 int, h7 int, h8 int, h9 int, h10 int)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  RETURN QUERY
    SELECT r."surveyId", g.grain, g.day, v.dimension, v.value, g.scope, (sign * count(*))::int,
           (sign * count(*) FILTER (WHERE r."score" = 0))::int,
           (sign * count(*) FILTER (WHERE r."score" = 1))::int,
           (sign * count(*) FILTER (WHERE r."score" = 2))::int,
           (sign * count(*) FILTER (WHERE r."score" = 3))::int,
           (sign * count(*) FILTER (WHERE r."score" = 4))::int,
           (sign * count(*) FILTER (WHERE r."score" = 5))::int,
           (sign * count(*) FILTER (WHERE r."score" = 6))::int,
           (sign * count(*) FILTER (WHERE r."score" = 7))::int,
           (sign * count(*) FILTER (WHERE r."score" = 8))::int,
           (sign * count(*) FILTER (WHERE r."score" = 9))::int,
           (sign * count(*) FILTER (WHERE r."score" = 10))::int
    FROM "Response" r
    JOIN "Organization" o ON o."id" = r."organizationId"
    CROSS JOIN LATERAL (
      SELECT ''::text, ''::text
      UNION ALL SELECT 'channel', r."channel"::text
      UNION ALL SELECT 'touchpoint', coalesce(r."touchpoint", '')
      UNION ALL SELECT 'locale', r."locale"
      UNION ALL SELECT 'unit', coalesce(r."unitId"::text, '')
      UNION ALL
      SELECT 'a:' || d."key", nps_dimension_value(r."attributes" ->> d."key", d."kind", d."bands", d."valueAliases")
      FROM "AttributeDefinition" d
      WHERE d."organizationId" = org AND d."organizationId" = r."organizationId" AND d."role" = 'DIMENSION'
      UNION ALL
      SELECT 'c:' || array_to_string(c."keys", '|'),
             string_agg(nps_dimension_value(r."attributes" ->> d."key", d."kind", d."bands", d."valueAliases"), chr(31) ORDER BY k.i)
      FROM "AggregateCombination" c
      CROSS JOIN LATERAL unnest(c."keys") WITH ORDINALITY AS k (key, i)
      JOIN "AttributeDefinition" d ON d."organizationId" = c."organizationId" AND d."key" = k.key AND d."role" = 'DIMENSION'
      WHERE c."organizationId" = org AND c."organizationId" = r."organizationId"
      GROUP BY c."id", c."keys"
      HAVING count(*) = cardinality(c."keys")
    ) AS v (dimension, value)
    CROSS JOIN LATERAL (
      SELECT 'D'::char(1), (r."createdAt" AT TIME ZONE o."timeZone")::date, ''::text
      UNION ALL SELECT 'M'::char(1), date_trunc('month', (r."createdAt" AT TIME ZONE o."timeZone")::date)::date, ''::text
      UNION ALL
      SELECT 'M'::char(1), date_trunc('month', (r."createdAt" AT TIME ZONE o."timeZone")::date)::date, r."unitId"::text
      WHERE r."unitId" IS NOT NULL AND v.dimension <> 'unit' AND v.dimension NOT LIKE 'c:%'
    ) AS g (grain, day, scope)
    WHERE r."organizationId" = org
      AND (ids IS NULL OR r."id" = ANY (ids))
      AND (since IS NULL OR r."createdAt" >= since)
      AND (before IS NULL OR r."createdAt" < before)
      AND NOT r."excluded" AND r."score" IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6;
END
$$;
