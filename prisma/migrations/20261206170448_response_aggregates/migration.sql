-- CreateEnum
CREATE TYPE "AttributeKind" AS ENUM ('CATEGORY', 'NUMBER', 'DATE', 'TEXT');

-- CreateEnum
CREATE TYPE "AttributeRole" AS ENUM ('DIMENSION', 'PERSONAL', 'HIDDEN');

-- DropForeignKey
ALTER TABLE "ResponseRollup" DROP CONSTRAINT "ResponseRollup_organizationId_fkey";

-- DropForeignKey
ALTER TABLE "ResponseRollupMonthly" DROP CONSTRAINT "ResponseRollupMonthly_organizationId_fkey";

-- DropTable
DROP TABLE "ResponseRollup";

-- DropTable
DROP TABLE "ResponseRollupMonthly";

-- CreateTable
CREATE TABLE "AttributeDefinition" (
    "organizationId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "labelZh" TEXT NOT NULL,
    "labelEn" TEXT NOT NULL,
    "kind" "AttributeKind" NOT NULL DEFAULT 'CATEGORY',
    "role" "AttributeRole" NOT NULL DEFAULT 'DIMENSION',
    "bands" JSONB,
    "valueAliases" JSONB NOT NULL DEFAULT '{}',
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AttributeDefinition_pkey" PRIMARY KEY ("organizationId","key")
);

-- CreateTable
CREATE TABLE "ResponseAggregate" (
    "organizationId" UUID NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "surveyId" UUID NOT NULL,
    "grain" CHAR(1) NOT NULL,
    "day" DATE NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "h0" INTEGER NOT NULL,
    "h1" INTEGER NOT NULL,
    "h2" INTEGER NOT NULL,
    "h3" INTEGER NOT NULL,
    "h4" INTEGER NOT NULL,
    "h5" INTEGER NOT NULL,
    "h6" INTEGER NOT NULL,
    "h7" INTEGER NOT NULL,
    "h8" INTEGER NOT NULL,
    "h9" INTEGER NOT NULL,
    "h10" INTEGER NOT NULL,

    CONSTRAINT "ResponseAggregate_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "ResponseAggregate_organizationId_grain_dimension_day_idx" ON "ResponseAggregate"("organizationId", "grain", "dimension", "day");

-- AddForeignKey
ALTER TABLE "AttributeDefinition" ADD CONSTRAINT "AttributeDefinition_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseAggregate" ADD CONSTRAINT "ResponseAggregate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseAggregate" ADD CONSTRAINT "ResponseAggregate_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below this line (docs/decisions/0011, superseding 0005).
-- The trigger-maintained rollups are gone: Citus cannot distribute a table with triggers, and one hot rollup row
-- per survey-day serialised every respondent's commit. Aggregates are now signed delta rows that the code appends
-- in the writer's transaction (src/server/analytics/response-aggregates.ts) and the worker compacts.
DROP TRIGGER IF EXISTS response_rollup_insert ON "Response";
DROP TRIGGER IF EXISTS response_rollup_delete ON "Response";
DROP TRIGGER IF EXISTS response_rollup_update ON "Response";
DROP TRIGGER IF EXISTS organization_time_zone_changed ON "Organization";
DROP FUNCTION IF EXISTS response_rollup_on_insert();
DROP FUNCTION IF EXISTS response_rollup_on_delete();
DROP FUNCTION IF EXISTS response_rollup_on_update();
DROP FUNCTION IF EXISTS rebuild_response_rollup(uuid);
DROP FUNCTION IF EXISTS organization_time_zone_changed();

-- The value a response counts under for one attribute dimension: merged values follow "valueAliases"; NUMBER
-- dimensions with band edges count under their band ("<1", "1–3", "≥10"); a missing value is ''.
CREATE FUNCTION nps_dimension_value(raw text, kind "AttributeKind", bands jsonb, aliases jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN raw IS NULL OR raw = '' THEN ''
    WHEN kind = 'NUMBER' AND jsonb_typeof(bands) = 'array' AND jsonb_array_length(bands) > 0
         AND raw ~ '^\s*-?[0-9]+(\.[0-9]+)?\s*$' THEN (
      SELECT CASE WHEN b.lo IS NULL THEN '<' || b.hi WHEN b.hi IS NULL THEN '≥' || b.lo ELSE b.lo || '–' || b.hi END
      FROM (SELECT
        (SELECT e FROM jsonb_array_elements_text(bands) e WHERE e::numeric <= trim(raw)::numeric ORDER BY e::numeric DESC LIMIT 1) AS lo,
        (SELECT e FROM jsonb_array_elements_text(bands) e WHERE e::numeric > trim(raw)::numeric ORDER BY e::numeric LIMIT 1) AS hi) b)
    ELSE coalesce(aliases ->> raw, raw)
  END
$$;

-- The one definition of what a response contributes to "ResponseAggregate": for each counted response (not
-- excluded, score answered) of `org` — those in `ids`, or all when `ids` is null, optionally only those created in
-- [since, before) — one row per grain (local day 'D', local month 'M') × dimension ('' = all, channel, touchpoint,
-- locale, unit, and 'a:<key>' per DIMENSION attribute), grouped, each count multiplied by `sign` (+1 add, -1
-- remove). Written as a single SELECT so PostgreSQL inlines it and plans it with the caller's arguments.
CREATE FUNCTION response_aggregate_rows(org uuid, ids uuid[], sign int, since timestamptz DEFAULT NULL, before timestamptz DEFAULT NULL)
RETURNS TABLE ("surveyId" uuid, grain char(1), day date, dimension text, value text, n int, h0 int, h1 int, h2 int, h3 int, h4 int, h5 int, h6 int, h7 int, h8 int, h9 int, h10 int)
LANGUAGE sql STABLE AS $$
  SELECT r."surveyId", g.grain, g.day, v.dimension, v.value, (sign * count(*))::int,
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
    WHERE d."organizationId" = r."organizationId" AND d."role" = 'DIMENSION'
  ) AS v (dimension, value)
  CROSS JOIN LATERAL (
    SELECT 'D'::char(1), (r."createdAt" AT TIME ZONE o."timeZone")::date
    UNION ALL SELECT 'M'::char(1), date_trunc('month', (r."createdAt" AT TIME ZONE o."timeZone")::date)::date
  ) AS g (grain, day)
  WHERE r."organizationId" = org
    AND (ids IS NULL OR r."id" = ANY (ids))
    AND (since IS NULL OR r."createdAt" >= since)
    AND (before IS NULL OR r."createdAt" < before)
    AND NOT r."excluded" AND r."score" IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5
$$;

-- Compaction, run by the worker: every key that received a delta row after row id `since` and has several rows
-- has them replaced by their sum (a zero sum leaves no row). Safe beside writers (rows appended meanwhile are not in this
-- statement's snapshot and stay) and beside itself (a row another compaction deleted is skipped, never counted
-- twice). Returns the number of rows it removed net.
CREATE FUNCTION compact_response_aggregates(org uuid, since bigint DEFAULT 0) RETURNS int LANGUAGE sql AS $$
  WITH touched AS (
    SELECT DISTINCT "surveyId", grain, day, dimension, value FROM "ResponseAggregate"
    WHERE "organizationId" = org AND "id" > since
  ), keys AS (
    SELECT a."surveyId", a.grain, a.day, a.dimension, a.value
    FROM "ResponseAggregate" a JOIN touched t USING ("surveyId", grain, day, dimension, value)
    WHERE a."organizationId" = org
    GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1 OR sum(a.n) = 0
  ), moved AS (
    DELETE FROM "ResponseAggregate" a USING keys k
    WHERE a."organizationId" = org AND a."surveyId" = k."surveyId" AND a.grain = k.grain AND a.day = k.day
      AND a.dimension = k.dimension AND a.value = k.value
    RETURNING a.*
  ), merged AS (
    INSERT INTO "ResponseAggregate" ("organizationId", "surveyId", grain, day, dimension, value, n, "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
    SELECT org, "surveyId", grain, day, dimension, value, sum(n)::int, sum("h0")::int, sum("h1")::int, sum("h2")::int, sum("h3")::int, sum("h4")::int, sum("h5")::int, sum("h6")::int, sum("h7")::int, sum("h8")::int, sum("h9")::int, sum("h10")::int
    FROM moved GROUP BY "surveyId", grain, day, dimension, value
    HAVING sum(n) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM moved)::int - (SELECT count(*) FROM merged)::int
$$;

-- The bulk-load path in SQL (npm run analytics:rebuild does the same with progress): an organisation's
-- aggregates recomputed from its raw responses.
CREATE FUNCTION rebuild_response_aggregates(org uuid) RETURNS void LANGUAGE sql AS $$
  DELETE FROM "ResponseAggregate" WHERE "organizationId" = org;
  INSERT INTO "ResponseAggregate" ("organizationId", "surveyId", grain, day, dimension, value, n, "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT org, a.* FROM response_aggregate_rows(org, NULL, 1) a;
$$;

-- Existing attribute keys become definitions (labels = key until an admin names them; keys whose values are
-- nearly all distinct — ids, emails, phones — are PERSONAL, not dimensions), then every organisation is rebuilt.
INSERT INTO "AttributeDefinition" ("organizationId", "key", "labelZh", "labelEn", "role", "updatedAt")
SELECT k."organizationId", k."key", k."key", k."key",
       (CASE WHEN k."values" > 1000 OR (k."values" > 50 AND k."values" * 2 > k."rows") THEN 'PERSONAL' ELSE 'DIMENSION' END)::"AttributeRole",
       now()
FROM (
  SELECT s."organizationId", e."key", count(DISTINCT e."value") AS "values", count(*) AS "rows"
  FROM (SELECT "organizationId", "attributes" FROM "Response" UNION ALL SELECT "organizationId", "attributes" FROM "Contact") s
  CROSS JOIN LATERAL jsonb_each_text(CASE WHEN jsonb_typeof(s."attributes") = 'object' THEN s."attributes" ELSE '{}'::jsonb END) e
  GROUP BY 1, 2
) k
ON CONFLICT DO NOTHING;

SELECT rebuild_response_aggregates("id") FROM "Organization";
