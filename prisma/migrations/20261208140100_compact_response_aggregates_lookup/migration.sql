-- compact_response_aggregates (20261206183200) found the keys to merge by joining the organisation's rows with the
-- touched keys, and deleted them by joining again. When the statistics call the organisation small (a new or
-- freshly loaded one: its id is not among the table's common values) PostgreSQL plans both as nested loops that
-- scan the organisation's rows per key — quadratic in its rows, on the first pass (since = 0) in particular (the key
-- -driver compaction's copy of this statement timed out the integration suite; see 20261208140000). Now each touched
-- key's rows by a lateral look-up on the (organizationId, grain, dimension, scope, value, day) index and the rows
-- deleted by primary key; the merge is unchanged. Linear in the rows compacted, whatever the statistics.
CREATE OR REPLACE FUNCTION compact_response_aggregates(org uuid, since bigint DEFAULT 0) RETURNS int
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE removed int;
BEGIN
    WITH touched AS (
      SELECT DISTINCT "surveyId", grain, day, dimension, value, scope FROM "ResponseAggregate"
      WHERE "organizationId" = org AND "id" > since
    ), keys AS (
      SELECT x.ids FROM touched t CROSS JOIN LATERAL (
        SELECT array_agg(a."id") AS ids, count(*) AS rows, sum(a.n) AS n FROM "ResponseAggregate" a
        WHERE a."organizationId" = org AND a.grain = t.grain AND a.dimension = t.dimension AND a.scope = t.scope
          AND a.value = t.value AND a.day = t.day AND a."surveyId" = t."surveyId"
      ) x
      WHERE x.rows > 1 OR x.n = 0
    ), moved AS (
      DELETE FROM "ResponseAggregate" a
      WHERE a."organizationId" = org AND a."id" = ANY (ARRAY(SELECT unnest(k.ids) FROM keys k))
      RETURNING a.*
    ), merged AS (
      INSERT INTO "ResponseAggregate" ("organizationId", "surveyId", grain, day, dimension, value, scope, n, "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
      SELECT org, "surveyId", grain, day, dimension, value, scope, sum(n)::int, sum("h0")::int, sum("h1")::int, sum("h2")::int, sum("h3")::int, sum("h4")::int, sum("h5")::int, sum("h6")::int, sum("h7")::int, sum("h8")::int, sum("h9")::int, sum("h10")::int
      FROM moved GROUP BY "surveyId", grain, day, dimension, value, scope
      HAVING sum(n) <> 0
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved)::int - (SELECT count(*) FROM merged)::int INTO removed;
  RETURN removed;
END
$$;
