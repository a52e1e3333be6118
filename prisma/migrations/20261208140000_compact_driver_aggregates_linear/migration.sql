-- compact_driver_aggregates (20261208100000) summed the moved rows' arrays in two aggregates (Σx, Σxy) and joined
-- them to the totals. The planner estimates a data-modifying CTE's RETURNING at one row, so it joined the three
-- with nested loops that re-aggregated the moved rows for every key: quadratic in the rows compacted (15 s for
-- 3,278 rows of one organisation; the integration suite's run timed out behind it while holding the organisation's
-- lock). Its key look-up and DELETE had the same weakness for an organisation the statistics call small (a join
-- of every row of the organisation with every touched key, rescanned per row). Now: each touched key's rows by a
-- lateral index look-up, the rows deleted by primary key, and one pass over the moved rows — every moved row
-- contributes its totals (position 0) and its array elements (positions 1…), summed per key and position, then
-- gathered per key. Linear in the rows compacted, whatever the statistics.
CREATE OR REPLACE FUNCTION compact_driver_aggregates(org uuid, since bigint DEFAULT 0) RETURNS int
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE removed int;
BEGIN
    WITH touched AS (
      SELECT DISTINCT "surveyId", day, dimension, value, drivers FROM "DriverAggregate"
      WHERE "organizationId" = org AND "id" > since
    ), keys AS (
      -- Per touched key, its rows through the index (a lateral look-up, so the key's columns are the index condition
      -- whatever the statistics say); the ids of keys with more than one row, or summing to no response.
      SELECT x.ids FROM touched t CROSS JOIN LATERAL (
        SELECT array_agg(a."id") AS ids, count(*) AS rows, sum(a.responses) AS responses FROM "DriverAggregate" a
        WHERE a."organizationId" = org AND a."surveyId" = t."surveyId" AND a.dimension = t.dimension
          AND a.value = t.value AND a.day = t.day AND a.drivers = t.drivers
      ) x
      WHERE x.rows > 1 OR x.responses = 0
    ), moved AS (
      -- By primary key: an index look-up per id, never a join of the organisation's rows with the keys.
      DELETE FROM "DriverAggregate" a
      WHERE a."organizationId" = org AND a."id" = ANY (ARRAY(SELECT unnest(k.ids) FROM keys k))
      RETURNING a.*
    ), parts AS (
      SELECT m."surveyId", m.day, m.dimension, m.value, m.drivers, 0::bigint AS i,
             m.responses::bigint AS responses, m.n::bigint AS n, NULL::float8 AS s, NULL::float8 AS c
      FROM moved m
      UNION ALL
      SELECT m."surveyId", m.day, m.dimension, m.value, m.drivers, u.i, NULL, NULL, u.s, u.c
      FROM moved m CROSS JOIN LATERAL unnest(m.sums, m."cross") WITH ORDINALITY AS u (s, c, i)
    ), positions AS (
      SELECT "surveyId", day, dimension, value, drivers, i,
             sum(responses) AS responses, sum(n) AS n, sum(s) AS s, sum(c) AS c
      FROM parts GROUP BY 1, 2, 3, 4, 5, 6
    ), merged AS (
      INSERT INTO "DriverAggregate" ("organizationId", "surveyId", day, dimension, value, drivers, responses, n, sums, "cross")
      SELECT org, "surveyId", day, dimension, value, drivers, sum(responses)::int, sum(n)::int,
             array_agg(s ORDER BY i) FILTER (WHERE i > 0 AND s IS NOT NULL),
             array_agg(c ORDER BY i) FILTER (WHERE i > 0 AND c IS NOT NULL)
      FROM positions GROUP BY "surveyId", day, dimension, value, drivers
      HAVING sum(responses) <> 0
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved)::int - (SELECT count(*) FROM merged)::int INTO removed;
  RETURN removed;
END
$$;
