-- CreateTable
CREATE TABLE "ThemeAggregate" (
    "organizationId" UUID NOT NULL,
    "id" BIGSERIAL NOT NULL,
    "surveyId" UUID NOT NULL,
    "grain" CHAR(1) NOT NULL,
    "day" DATE NOT NULL,
    "dimension" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "kind" CHAR(1) NOT NULL,
    "key" TEXT NOT NULL,
    "polarity" TEXT NOT NULL,
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

    CONSTRAINT "ThemeAggregate_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "ThemeAggregate_organizationId_surveyId_dimension_grain_kind_idx" ON "ThemeAggregate"("organizationId", "surveyId", "dimension", "grain", "kind", "value", "day");

-- CreateIndex
CREATE INDEX "Response_commented_idx" ON "Response"("organizationId", "surveyId", "createdAt") WHERE (comment IS NOT NULL AND btrim(comment) <> '' AND NOT excluded);

-- AddForeignKey
ALTER TABLE "ThemeAggregate" ADD CONSTRAINT "ThemeAggregate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ThemeAggregate" ADD CONSTRAINT "ThemeAggregate_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written below this line (docs/decisions/0031). What a comment's reading contributes, defined once: for the
-- given responses (NULL: all of the organisation's) that have a reading in "ResponseText" and are not excluded, the
-- signed rows of "ThemeAggregate" — per local day and month (the organisation's time zone), per dimension of
-- response_aggregate_rows except locale, unit and combinations (the view's filters: channel, touchpoint, one
-- DIMENSION attribute), the read comment (kind 'c') and each theme it mentions (kind 't'), split by its polarity;
-- and, for all responses only (dimension ''), the tokens of detractors' and promoters' comments (kind 'w').
-- The organisation equalities repeated inside the laterals let Citus push the query down to the tenant's shard.
CREATE FUNCTION theme_aggregate_rows(org uuid, ids uuid[], sign int)
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
      SELECT b."surveyId", g.grain, g.day, '', '', 'w'::char(1), w.word, '', b."score"
      FROM b
      CROSS JOIN LATERAL (
        SELECT 'D'::char(1), b.local_day
        UNION ALL SELECT 'M'::char(1), date_trunc('month', b.local_day)::date
      ) AS g (grain, day)
      CROSS JOIN LATERAL unnest(b."tokens") AS w (word)
      WHERE b."score" <= 6 OR b."score" >= 9
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
