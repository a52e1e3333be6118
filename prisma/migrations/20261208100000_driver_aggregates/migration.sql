-- CreateTable
CREATE TABLE "DriverAggregate" (
    "organizationId" UUID NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "surveyId" UUID NOT NULL,
    "day" DATE NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "drivers" TEXT[],
    "responses" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "sums" DOUBLE PRECISION[],
    "cross" DOUBLE PRECISION[],

    CONSTRAINT "DriverAggregate_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "DriverCase" (
    "organizationId" UUID NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "surveyId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "key" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "values" DOUBLE PRECISION[],

    CONSTRAINT "DriverCase_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "DriverAggregate_organizationId_surveyId_dimension_value_day_idx" ON "DriverAggregate"("organizationId", "surveyId", "dimension", "value", "day");

-- CreateIndex
CREATE INDEX "DriverCase_organizationId_surveyId_dimension_value_key_resp_idx" ON "DriverCase"("organizationId", "surveyId", "dimension", "value", "key", "responseId", "day", "values");

-- CreateIndex
CREATE INDEX "DriverCase_organizationId_responseId_idx" ON "DriverCase"("organizationId", "responseId");

-- AddForeignKey
ALTER TABLE "DriverAggregate" ADD CONSTRAINT "DriverAggregate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "DriverAggregate" ADD CONSTRAINT "DriverAggregate_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "DriverCase" ADD CONSTRAINT "DriverCase_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "DriverCase" ADD CONSTRAINT "DriverCase_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written below this line (docs/decisions/0032). What a response contributes to the key-driver pre-aggregate,
-- defined once. driver_case_values: for the given responses (NULL: all of the organisation's; since/before: their
-- createdAt range) that are scored and not excluded, one row per dimension (as response_aggregate_rows: '', channel,
-- touchpoint, unit, 'a:' || key per DIMENSION attribute through nps_dimension_value; locale and combinations are
-- not driver filters), with the local day (the organisation's time zone), the survey's current driver questions
-- as 'id:min:max' in question order (position, id: src/server/drivers/list-driver-questions.ts, scales as
-- src/lib/key-drivers.ts driverScale) and, for a complete case (the score and every driver answered with a value on
-- its scale: a JSON number, or a SERVQUAL answer's perception), the k driver values then the score; NULL otherwise.
-- A survey without driver questions still yields its responses (drivers '{}'), so a reader can tell rows counted
-- under another driver set (docs/decisions/0032, "Readers").
-- The organisation equalities repeated inside the laterals let Citus push the query down to the tenant's shard.
CREATE FUNCTION driver_case_values(org uuid, ids uuid[], since timestamptz DEFAULT NULL, before timestamptz DEFAULT NULL)
RETURNS TABLE ("surveyId" uuid, "responseId" uuid, day date, dimension text, value text, drivers text[], v float8[])
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  RETURN QUERY
    WITH q AS (
      SELECT q."surveyId", q."id", q."position",
             1::float8 AS mn,
             (CASE WHEN q."type" = 'RATING' THEN 5 WHEN q."type" = 'CSAT' THEN 5 WHEN q."type" = 'CES' THEN 7
                   WHEN q."type" = 'SERVQUAL' AND jsonb_typeof(q."settings" -> 'scale') = 'number'
                        AND (q."settings" ->> 'scale')::numeric = trunc((q."settings" ->> 'scale')::numeric)
                        AND (q."settings" ->> 'scale')::numeric BETWEEN 2 AND 100 THEN (q."settings" ->> 'scale')::numeric
                   ELSE 7 END)::float8 AS mx
      FROM "Question" q
      WHERE q."organizationId" = org AND q."type" IN ('RATING', 'CSAT', 'CES', 'SERVQUAL')
    ),
    d AS (
      SELECT q."surveyId", array_agg(q."id" ORDER BY q."position", q."id") AS qids,
             array_agg(q."id"::text || ':' || q.mn || ':' || q.mx ORDER BY q."position", q."id") AS drivers,
             array_agg(q.mn ORDER BY q."position", q."id") AS mins, array_agg(q.mx ORDER BY q."position", q."id") AS maxs
      FROM q GROUP BY q."surveyId"
    ),
    b AS (
      SELECT r."surveyId", r."id", r."channel", r."touchpoint", r."unitId", r."attributes", r."organizationId",
             (r."createdAt" AT TIME ZONE o."timeZone")::date AS local_day,
             coalesce(d.drivers, '{}'::text[]) AS drivers,
             CASE WHEN d.qids IS NOT NULL THEN (
               SELECT CASE WHEN count(*) = cardinality(d.qids) THEN array_agg(x.x ORDER BY u.ord) || r."score"::float8 END
               FROM unnest(d.qids, d.mins, d.maxs) WITH ORDINALITY AS u (qid, mn, mx, ord)
               JOIN "Answer" a ON a."organizationId" = org AND a."organizationId" = r."organizationId" AND a."responseId" = r."id" AND a."questionId" = u.qid
               CROSS JOIN LATERAL (
                 SELECT CASE WHEN jsonb_typeof(a."value") = 'number' THEN (a."value" #>> '{}')::float8
                   WHEN jsonb_typeof(a."value" -> 'perception') = 'number' THEN (a."value" ->> 'perception')::float8 END
               ) AS x (x)
               WHERE x.x BETWEEN u.mn AND u.mx
             ) END AS v
      FROM "Response" r
      JOIN "Organization" o ON o."id" = r."organizationId"
      LEFT JOIN d ON d."surveyId" = r."surveyId"
      WHERE r."organizationId" = org AND o."id" = org
        AND (ids IS NULL OR r."id" = ANY (ids))
        AND (since IS NULL OR r."createdAt" >= since)
        AND (before IS NULL OR r."createdAt" < before)
        AND NOT r."excluded" AND r."score" IS NOT NULL
    )
    SELECT b."surveyId", b."id", b.local_day, e.dimension, e.value, b.drivers, b.v
    FROM b
    CROSS JOIN LATERAL (
      SELECT ''::text, ''::text
      UNION ALL SELECT 'channel', b."channel"::text
      UNION ALL SELECT 'touchpoint', coalesce(b."touchpoint", '')
      UNION ALL SELECT 'unit', coalesce(b."unitId"::text, '')
      UNION ALL
      SELECT 'a:' || ad."key", nps_dimension_value(b."attributes" ->> ad."key", ad."kind", ad."bands", ad."valueAliases")
      FROM "AttributeDefinition" ad
      WHERE ad."organizationId" = org AND ad."organizationId" = b."organizationId" AND ad."role" = 'DIMENSION'
    ) AS e (dimension, value);
END
$$;

-- The signed rows of "DriverAggregate" for the given responses: per survey, local day, dimension value and driver
-- set, the responses counted, the complete cases n, Σx per variable (k drivers then the score) and Σx·x per pair
-- (i ≤ j) ordered by j then i — a prefix of the same order for more variables, so one statement serves surveys
-- with different numbers of drivers. Sums of integer answers are exact in float8.
CREATE FUNCTION driver_aggregate_rows(org uuid, ids uuid[], sign int, since timestamptz DEFAULT NULL, before timestamptz DEFAULT NULL)
RETURNS TABLE ("surveyId" uuid, day date, dimension text, value text, drivers text[], responses int, n int, sums float8[], "cross" float8[])
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  m int;
  sum_list text;
  cross_list text;
BEGIN
  SELECT coalesce(max(c), 0) + 1 INTO m FROM (
    SELECT count(*) AS c FROM "Question" q
    WHERE q."organizationId" = org AND q."type" IN ('RATING', 'CSAT', 'CES', 'SERVQUAL') GROUP BY q."surveyId"
  ) x;
  SELECT string_agg(format('($3 * coalesce(sum(c.v[%s]), 0))::float8', i), ', ' ORDER BY i) INTO sum_list FROM generate_series(1, m) i;
  SELECT string_agg(format('($3 * coalesce(sum(c.v[%s] * c.v[%s]), 0))::float8', i, j), ', ' ORDER BY j, i) INTO cross_list
  FROM generate_series(1, m) j CROSS JOIN generate_series(1, m) i WHERE i <= j;
  RETURN QUERY EXECUTE format(
    'SELECT c."surveyId", c.day, c.dimension, c.value, c.drivers, ($3 * count(*))::int, ($3 * count(c.v))::int,
            (ARRAY[%s])[1:cardinality(c.drivers) + 1]::float8[],
            (ARRAY[%s])[1:(cardinality(c.drivers) + 1) * (cardinality(c.drivers) + 2) / 2]::float8[]
     FROM driver_case_values($1, $2, $4, $5) c
     GROUP BY 1, 2, 3, 4, 5', sum_list, cross_list)
  USING org, ids, sign, since, before;
END
$$;

-- The bootstrap sample's rows (docs/decisions/0032 item 4): one per complete case and dimension value, keyed by
-- hashtext('20001206' || response id) — DEFAULT_BOOTSTRAP_SEED of src/lib/relative-weights.ts, the key 0024's
-- statement orders by — with the k driver values then the score. Read index-only in (key, response) order.
CREATE FUNCTION driver_case_rows(org uuid, ids uuid[], since timestamptz DEFAULT NULL, before timestamptz DEFAULT NULL)
RETURNS TABLE ("surveyId" uuid, "responseId" uuid, key int, day date, dimension text, value text, "values" float8[])
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  RETURN QUERY
    SELECT c."surveyId", c."responseId", hashtext('20001206' || c."responseId"::text), c.day, c.dimension, c.value, c.v
    FROM driver_case_values(org, ids, since, before) c
    WHERE c.v IS NOT NULL;
END
$$;

-- Sums the delta rows of every key (survey, day, dimension value, driver set) that received one after row id
-- `since`, as compact_response_aggregates does for "ResponseAggregate"; called next to it under the same lock.
CREATE FUNCTION compact_driver_aggregates(org uuid, since bigint DEFAULT 0) RETURNS int
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE removed int;
BEGIN
    WITH touched AS (
      SELECT DISTINCT "surveyId", day, dimension, value, drivers FROM "DriverAggregate"
      WHERE "organizationId" = org AND "id" > since
    ), keys AS (
      SELECT a."surveyId", a.day, a.dimension, a.value, a.drivers
      FROM "DriverAggregate" a JOIN touched t USING ("surveyId", day, dimension, value, drivers)
      WHERE a."organizationId" = org
      GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1 OR sum(a.responses) = 0
    ), moved AS (
      DELETE FROM "DriverAggregate" a USING keys k
      WHERE a."organizationId" = org AND a."surveyId" = k."surveyId" AND a.day = k.day
        AND a.dimension = k.dimension AND a.value = k.value AND a.drivers = k.drivers
      RETURNING a.*
    ), totals AS (
      SELECT "surveyId", day, dimension, value, drivers, sum(responses)::int AS responses, sum(n)::int AS n
      FROM moved GROUP BY 1, 2, 3, 4, 5 HAVING sum(responses) <> 0
    ), sums AS (
      SELECT "surveyId", day, dimension, value, drivers, array_agg(s ORDER BY i) AS sums
      FROM (SELECT m."surveyId", m.day, m.dimension, m.value, m.drivers, u.i, sum(u.x) AS s
            FROM moved m CROSS JOIN LATERAL unnest(m.sums) WITH ORDINALITY AS u (x, i) GROUP BY 1, 2, 3, 4, 5, 6) x
      GROUP BY 1, 2, 3, 4, 5
    ), crosses AS (
      SELECT "surveyId", day, dimension, value, drivers, array_agg(s ORDER BY i) AS "cross"
      FROM (SELECT m."surveyId", m.day, m.dimension, m.value, m.drivers, u.i, sum(u.x) AS s
            FROM moved m CROSS JOIN LATERAL unnest(m."cross") WITH ORDINALITY AS u (x, i) GROUP BY 1, 2, 3, 4, 5, 6) x
      GROUP BY 1, 2, 3, 4, 5
    ), merged AS (
      INSERT INTO "DriverAggregate" ("organizationId", "surveyId", day, dimension, value, drivers, responses, n, sums, "cross")
      SELECT org, t."surveyId", t.day, t.dimension, t.value, t.drivers, t.responses, t.n, s.sums, c."cross"
      FROM totals t
      JOIN sums s USING ("surveyId", day, dimension, value, drivers)
      JOIN crosses c USING ("surveyId", day, dimension, value, drivers)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved)::int - (SELECT count(*) FROM merged)::int INTO removed;
  RETURN removed;
END
$$;

-- The SQL form of the rebuild (the seed's and the README's bulk path) rebuilds the driver rows too.
CREATE OR REPLACE FUNCTION rebuild_response_aggregates(org uuid) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  DELETE FROM "ResponseAggregate" WHERE "organizationId" = org;
  INSERT INTO "ResponseAggregate" ("organizationId", "surveyId", grain, day, dimension, value, scope, n, "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT org, a.* FROM response_aggregate_rows(org, NULL, 1) a;
  UPDATE "AggregateCombination" SET "readyAt" = now() WHERE "organizationId" = org AND "readyAt" IS NULL;
  DELETE FROM "DriverAggregate" WHERE "organizationId" = org;
  INSERT INTO "DriverAggregate" ("organizationId", "surveyId", day, dimension, value, drivers, responses, n, sums, "cross")
  SELECT org, a.* FROM driver_aggregate_rows(org, NULL, 1) a ORDER BY a."surveyId", a.dimension, a.value, a.day;
  DELETE FROM "DriverCase" WHERE "organizationId" = org;
  INSERT INTO "DriverCase" ("organizationId", "surveyId", "responseId", "key", "day", "dimension", "value", "values")
  SELECT org, c.* FROM driver_case_rows(org, NULL) c ORDER BY c."surveyId", c.dimension, c.value, c.key, c."responseId";
END
$$;

-- The organisations' driver rows from their existing responses. On a Citus coordinator whose tables are
-- distributed already, run `npm run analytics:rebuild` instead.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
    INSERT INTO "DriverAggregate" ("organizationId", "surveyId", day, dimension, value, drivers, responses, n, sums, "cross")
    SELECT o."id", a.* FROM "Organization" o CROSS JOIN LATERAL driver_aggregate_rows(o."id", NULL, 1) a;
    INSERT INTO "DriverCase" ("organizationId", "surveyId", "responseId", "key", "day", "dimension", "value", "values")
    SELECT o."id", c.* FROM "Organization" o CROSS JOIN LATERAL driver_case_rows(o."id", NULL) c;
  END IF;
END
$$;
