-- Hand-written (docs/decisions/0012). Citus refuses SQL-language functions whose statements read distributed tables
-- with the function's parameters ("parameterized queries for SQL functions referencing distributed tables are not
-- supported"; it does not inline them either). The three aggregate functions of 20261206170448 become PL/pgSQL with
-- the same signatures and the same statements. `plan_cache_mode = force_custom_plan` keeps what inlining gave on plain
-- PostgreSQL: every call is planned with its own arguments (`ids IS NULL OR …` folds away, the index on
-- (organizationId, id) is used for a respondent's one response), never with a generic cached plan. On Citus every
-- statement filters on "organizationId" = org, so it is routed to the one shard group holding the organisation.
-- The attribute definitions' subquery names the organisation itself (`d."organizationId" = org`): Citus does not carry
-- the equality through the UNION ALL of the lateral subquery, and without it plans a multi-shard query it cannot
-- push down. nps_dimension_value reads no table and stays as it is.

CREATE OR REPLACE FUNCTION response_aggregate_rows(org uuid, ids uuid[], sign int, since timestamptz DEFAULT NULL, before timestamptz DEFAULT NULL)
RETURNS TABLE ("surveyId" uuid, grain char(1), day date, dimension text, value text, n int, h0 int, h1 int, h2 int, h3 int, h4 int, h5 int, h6 int, h7 int, h8 int, h9 int, h10 int)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  RETURN QUERY
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
      WHERE d."organizationId" = org AND d."organizationId" = r."organizationId" AND d."role" = 'DIMENSION'
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
    GROUP BY 1, 2, 3, 4, 5;
END
$$;

-- The one statement of the SQL version, unchanged, with its result returned from PL/pgSQL.
CREATE OR REPLACE FUNCTION compact_response_aggregates(org uuid, since bigint DEFAULT 0) RETURNS int
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE removed int;
BEGIN
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
    SELECT (SELECT count(*) FROM moved)::int - (SELECT count(*) FROM merged)::int INTO removed;
  RETURN removed;
END
$$;

CREATE OR REPLACE FUNCTION rebuild_response_aggregates(org uuid) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  DELETE FROM "ResponseAggregate" WHERE "organizationId" = org;
  INSERT INTO "ResponseAggregate" ("organizationId", "surveyId", grain, day, dimension, value, n, "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT org, a.* FROM response_aggregate_rows(org, NULL, 1) a;
END
$$;
