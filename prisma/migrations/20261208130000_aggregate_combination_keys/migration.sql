-- Hand-written (docs/decisions/0027, "Rows keyed per grouping key"). A configured combination's rows were keyed by
-- the joint value of its keys (scope ''), so a dashboard narrowed by two of its keys and grouped by the third read
-- every row of the combination in the range and kept the narrowed ones through split_part. Now each combination
-- contributes, per key g of its keys (stored sorted), rows with
--   dimension = 'c:' || keys joined by '|' || ':' || g
--   value     = g's value (nps_dimension_value: merged values and bands as for single dimensions)
--   scope     = the other keys' values, in the keys' order, joined by chr(31)
-- at grains 'D' and 'M', so "narrowed by the other keys, grouped by g" is a range of the index
-- ("organizationId", grain, dimension, scope, value, day): scope = ANY(the narrowed values' joint values).
-- The combination's values are computed once per response (one join per key position, no per-row aggregate).
-- Everything else is as in 20261207000800_aggregate_combinations. Dimension keys are letters, digits, spaces and
-- _ . - only (attributeKeySchema), so ':' and '|' separate them unambiguously.
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
      SELECT ''::text, ''::text, ''::text
      UNION ALL SELECT 'channel', r."channel"::text, ''
      UNION ALL SELECT 'touchpoint', coalesce(r."touchpoint", ''), ''
      UNION ALL SELECT 'locale', r."locale", ''
      UNION ALL SELECT 'unit', coalesce(r."unitId"::text, ''), ''
      UNION ALL
      SELECT 'a:' || d."key", nps_dimension_value(r."attributes" ->> d."key", d."kind", d."bands", d."valueAliases"), ''
      FROM "AttributeDefinition" d
      WHERE d."organizationId" = org AND d."organizationId" = r."organizationId" AND d."role" = 'DIMENSION'
      UNION ALL
      SELECT 'c:' || array_to_string(c."keys", '|') || ':' || c."keys"[p.i], cv.vals[p.i],
             array_to_string(cv.vals[:p.i - 1] || cv.vals[p.i + 1:], chr(31))
      FROM "AggregateCombination" c
      JOIN "AttributeDefinition" d1 ON d1."organizationId" = c."organizationId" AND d1."key" = c."keys"[1] AND d1."role" = 'DIMENSION'
      JOIN "AttributeDefinition" d2 ON d2."organizationId" = c."organizationId" AND d2."key" = c."keys"[2] AND d2."role" = 'DIMENSION'
      LEFT JOIN "AttributeDefinition" d3 ON d3."organizationId" = c."organizationId" AND d3."key" = c."keys"[3] AND d3."role" = 'DIMENSION'
      CROSS JOIN LATERAL (
        SELECT ARRAY[nps_dimension_value(r."attributes" ->> d1."key", d1."kind", d1."bands", d1."valueAliases"),
                     nps_dimension_value(r."attributes" ->> d2."key", d2."kind", d2."bands", d2."valueAliases")]
               || CASE WHEN cardinality(c."keys") = 3
                       THEN ARRAY[nps_dimension_value(r."attributes" ->> d3."key", d3."kind", d3."bands", d3."valueAliases")]
                       ELSE '{}'::text[] END
      ) AS cv (vals)
      CROSS JOIN LATERAL generate_series(1, cardinality(c."keys")) AS p (i)
      WHERE c."organizationId" = org AND c."organizationId" = r."organizationId"
        AND (cardinality(c."keys") = 2 OR (cardinality(c."keys") = 3 AND d3."key" IS NOT NULL))
    ) AS v (dimension, value, cscope)
    CROSS JOIN LATERAL (
      SELECT 'D'::char(1), (r."createdAt" AT TIME ZONE o."timeZone")::date, v.cscope
      UNION ALL SELECT 'M'::char(1), date_trunc('month', (r."createdAt" AT TIME ZONE o."timeZone")::date)::date, v.cscope
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

-- Existing rows: the combinations' rows in the old keying are no longer read. Every combination is reset to "being
-- prepared" (readyAt null: readers fall back to the raw responses, exact, at raw speed) and each organisation with
-- one gets a rebuild request, which the worker's aggregate-rebuild job claims at its next minute; that rebuild
-- deletes the organisation's rows, writes them in the new keying and sets readyAt again (docs/decisions/0027,
-- "Readiness"). Rewriting the old rows here instead (row by row, exact) was measured: at 1M responses it had not
-- finished after 10 minutes on the busy bench machine, and it must hold writers off the table meanwhile (a
-- respondent's step 1 would wait for it), while the reset takes milliseconds and blocks nobody.
UPDATE "AggregateCombination" SET "readyAt" = NULL;
INSERT INTO "AggregateRebuild" ("organizationId", "id", "reason")
SELECT o."organizationId", gen_random_uuid(), 'combination' FROM (SELECT DISTINCT "organizationId" FROM "AggregateCombination") o;
