-- Hand-written (docs/decisions/0031). theme_aggregate_rows takes optional bounds on the response's "createdAt"
-- (since inclusive, before exclusive), as response_aggregate_rows does, so rebuildThemeAggregates writes an
-- organisation's theme rows a local calendar month at a time (each key, a local day or month, written by exactly one
-- chunk) instead of in one statement sorting every row. Without bounds the result is as in
-- 20261207110301_theme_aggregate_words; nothing else changes and no rows are rewritten.
DROP FUNCTION IF EXISTS theme_aggregate_rows(uuid, uuid[], int);
DROP FUNCTION IF EXISTS theme_aggregate_rows(uuid, uuid[], int, timestamptz, timestamptz);
CREATE FUNCTION theme_aggregate_rows(org uuid, ids uuid[], sign int, since timestamptz DEFAULT NULL, before timestamptz DEFAULT NULL)
RETURNS TABLE ("surveyId" uuid, grain char(1), day date, dimension text, value text, kind char(1), key text, polarity text, n int, h0 int, h1 int, h2 int, h3 int, h4 int, h5 int, h6 int, h7 int, h8 int, h9 int, h10 int)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  RETURN QUERY
    WITH b AS (
      SELECT r."surveyId", r."score", r."channel", r."touchpoint", r."attributes", r."organizationId", x."polarity", x."themes", x."tokens",
             (r."createdAt" AT TIME ZONE o."timeZone")::date AS local_day
      FROM "Response" r
      JOIN "ResponseText" x ON x."organizationId" = r."organizationId" AND x."responseId" = r."id"
      JOIN "Organization" o ON o."id" = r."organizationId"
      WHERE r."organizationId" = org AND x."organizationId" = org AND o."id" = org
        AND (ids IS NULL OR r."id" = ANY (ids)) AND NOT r."excluded"
        AND (since IS NULL OR r."createdAt" >= since)
        AND (before IS NULL OR r."createdAt" < before)
    ),
    e AS (
      SELECT b."surveyId", g.grain, g.day, v.dimension, v.value, k.kind, k.key, k.polarity, b."score"
      FROM b
      CROSS JOIN LATERAL (
        SELECT 'D'::char(1), b.local_day
        UNION ALL SELECT 'M'::char(1), date_trunc('month', b.local_day)::date
      ) AS g (grain, day)
      CROSS JOIN LATERAL (
        SELECT 'c'::char(1), ''::text, b."polarity"
        UNION ALL SELECT 't'::char(1), t.k, b."polarity" FROM unnest(b."themes") AS t (k)
      ) AS k (kind, key, polarity)
      CROSS JOIN LATERAL (
        SELECT ''::text, ''::text
        UNION ALL SELECT 'channel', b."channel"::text
        UNION ALL SELECT 'touchpoint', coalesce(b."touchpoint", '')
        UNION ALL
        SELECT 'a:' || d."key", nps_dimension_value(b."attributes" ->> d."key", d."kind", d."bands", d."valueAliases")
        FROM "AttributeDefinition" d
        WHERE d."organizationId" = org AND d."organizationId" = b."organizationId" AND d."role" = 'DIMENSION'
      ) AS v (dimension, value)
      UNION ALL
      SELECT b."surveyId", g.grain, g.day, v.dimension, v.value, 'w'::char(1), w.word, '', b."score"
      FROM b
      CROSS JOIN LATERAL (
        SELECT 'D'::char(1), b.local_day
        UNION ALL SELECT 'M'::char(1), date_trunc('month', b.local_day)::date
      ) AS g (grain, day)
      CROSS JOIN LATERAL (
        SELECT ''::text, ''::text
        UNION ALL SELECT 'channel', b."channel"::text
        UNION ALL SELECT 'touchpoint', coalesce(b."touchpoint", '')
        UNION ALL
        SELECT 'a:' || d."key", nps_dimension_value(b."attributes" ->> d."key", d."kind", d."bands", d."valueAliases")
        FROM "AttributeDefinition" d
        WHERE d."organizationId" = org AND d."organizationId" = b."organizationId" AND d."role" = 'DIMENSION'
      ) AS v (dimension, value)
      CROSS JOIN LATERAL unnest(b."tokens") AS w (word)
      WHERE (b."score" <= 6 OR b."score" >= 9) AND (v.dimension = '' OR g.grain = 'M')
    )
    SELECT e."surveyId", e.grain, e.day, e.dimension, e.value, e.kind, e.key, e.polarity, (sign * count(*))::int,
           (sign * count(*) FILTER (WHERE e."score" = 0))::int,
           (sign * count(*) FILTER (WHERE e."score" = 1))::int,
           (sign * count(*) FILTER (WHERE e."score" = 2))::int,
           (sign * count(*) FILTER (WHERE e."score" = 3))::int,
           (sign * count(*) FILTER (WHERE e."score" = 4))::int,
           (sign * count(*) FILTER (WHERE e."score" = 5))::int,
           (sign * count(*) FILTER (WHERE e."score" = 6))::int,
           (sign * count(*) FILTER (WHERE e."score" = 7))::int,
           (sign * count(*) FILTER (WHERE e."score" = 8))::int,
           (sign * count(*) FILTER (WHERE e."score" = 9))::int,
           (sign * count(*) FILTER (WHERE e."score" = 10))::int
    FROM e
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
END
$$;
