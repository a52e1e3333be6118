-- Hand-written (docs/decisions/0028, "Margins"). The report's counts by one day at a time: by the answer's UTC day
-- (axis 'c') and by its next answer's UTC day (axis 'n', 'infinity' for none). With no answer before the period
-- (every all-time report), "created before the cutoff and next after it" = created before − next on or before + both on
-- it: sums over a few thousand rows whatever the number of contacts and however often they answer.

-- CreateTable
CREATE TABLE "OutcomeAnswerMargin" (
    "organizationId" UUID NOT NULL,
    "surveyId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "axis" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "score" SMALLINT NOT NULL,
    "n" INTEGER NOT NULL DEFAULT 0,
    "events90" INTEGER NOT NULL DEFAULT 0,
    "events180" INTEGER NOT NULL DEFAULT 0,
    "events365" INTEGER NOT NULL DEFAULT 0,
    "amount90" DECIMAL(38,4) NOT NULL DEFAULT 0,
    "amount180" DECIMAL(38,4) NOT NULL DEFAULT 0,
    "amount365" DECIMAL(38,4) NOT NULL DEFAULT 0,
    "squares90" DECIMAL(65,8) NOT NULL DEFAULT 0,
    "squares180" DECIMAL(65,8) NOT NULL DEFAULT 0,
    "squares365" DECIMAL(65,8) NOT NULL DEFAULT 0,

    CONSTRAINT "OutcomeAnswerMargin_pkey" PRIMARY KEY ("organizationId","surveyId","type","axis","day","score")
);

CREATE INDEX "OutcomeAnswerMargin_empty_idx" ON "OutcomeAnswerMargin"("organizationId") WHERE "n" = 0;

-- AddForeignKey
ALTER TABLE "OutcomeAnswerMargin" ADD CONSTRAINT "OutcomeAnswerMargin_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "OutcomeAnswerMargin" ADD CONSTRAINT "OutcomeAnswerMargin_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- The state rows of the given contacts (NULL: all) added (sign 1) or subtracted (sign -1): to the counts and to both margins.
CREATE OR REPLACE FUNCTION outcome_count_add(org uuid, contacts uuid[], sign int) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  INSERT INTO "OutcomeAnswerCount" AS k ("organizationId", "surveyId", "type", "nextDay", "createdDay", "score", "n", "events90", "events180", "events365",
                                    "amount90", "amount180", "amount365", "squares90", "squares180", "squares365")
  SELECT org, s."surveyId", s."type", coalesce((s."nextAt" AT TIME ZONE 'UTC')::date, 'infinity'::date), (s."createdAt" AT TIME ZONE 'UTC')::date, s."score",
         sign * count(*),
         sign * count(*) FILTER (WHERE s."firstAt" <= s."createdAt" + make_interval(days => 90)),
         sign * count(*) FILTER (WHERE s."firstAt" <= s."createdAt" + make_interval(days => 180)),
         sign * count(*) FILTER (WHERE s."firstAt" <= s."createdAt" + make_interval(days => 365)),
         sign * sum(s."amount90"), sign * sum(s."amount180"), sign * sum(s."amount365"),
         sign * sum(s."amount90" * s."amount90"), sign * sum(s."amount180" * s."amount180"), sign * sum(s."amount365" * s."amount365")
  FROM "OutcomeAnswerState" s
  WHERE s."organizationId" = org AND (contacts IS NULL OR s."contactId" = ANY (contacts))
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("organizationId", "surveyId", "type", "nextDay", "createdDay", "score") DO UPDATE SET
    "n" = k."n" + excluded."n", "events90" = k."events90" + excluded."events90", "events180" = k."events180" + excluded."events180",
    "events365" = k."events365" + excluded."events365", "amount90" = k."amount90" + excluded."amount90", "amount180" = k."amount180" + excluded."amount180",
    "amount365" = k."amount365" + excluded."amount365", "squares90" = k."squares90" + excluded."squares90",
    "squares180" = k."squares180" + excluded."squares180", "squares365" = k."squares365" + excluded."squares365";
  INSERT INTO "OutcomeAnswerMargin" AS m ("organizationId", "surveyId", "type", "axis", "day", "score", "n", "events90", "events180", "events365",
                                      "amount90", "amount180", "amount365", "squares90", "squares180", "squares365")
  SELECT org, s."surveyId", s."type", a.axis, CASE a.axis WHEN 'c' THEN (s."createdAt" AT TIME ZONE 'UTC')::date
                                                    ELSE coalesce((s."nextAt" AT TIME ZONE 'UTC')::date, 'infinity'::date) END, s."score",
         sign * count(*),
         sign * count(*) FILTER (WHERE s."firstAt" <= s."createdAt" + make_interval(days => 90)),
         sign * count(*) FILTER (WHERE s."firstAt" <= s."createdAt" + make_interval(days => 180)),
         sign * count(*) FILTER (WHERE s."firstAt" <= s."createdAt" + make_interval(days => 365)),
         sign * sum(s."amount90"), sign * sum(s."amount180"), sign * sum(s."amount365"),
         sign * sum(s."amount90" * s."amount90"), sign * sum(s."amount180" * s."amount180"), sign * sum(s."amount365" * s."amount365")
  FROM "OutcomeAnswerState" s CROSS JOIN (VALUES ('c'), ('n')) AS a(axis)
  WHERE s."organizationId" = org AND (contacts IS NULL OR s."contactId" = ANY (contacts))
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT ("organizationId", "surveyId", "type", "axis", "day", "score") DO UPDATE SET
    "n" = m."n" + excluded."n", "events90" = m."events90" + excluded."events90", "events180" = m."events180" + excluded."events180",
    "events365" = m."events365" + excluded."events365", "amount90" = m."amount90" + excluded."amount90", "amount180" = m."amount180" + excluded."amount180",
    "amount365" = m."amount365" + excluded."amount365", "squares90" = m."squares90" + excluded."squares90",
    "squares180" = m."squares180" + excluded."squares180", "squares365" = m."squares365" + excluded."squares365";
END
$$;

CREATE OR REPLACE FUNCTION settle_outcome_state(org uuid, lim int) RETURNS int
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  marks uuid[];
  touched uuid[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('outcome-state:' || org::text, 0));
  SELECT array_agg(m."id"), array_agg(DISTINCT m."contactId") INTO marks, touched
  FROM (SELECT d."id", d."contactId" FROM "OutcomeStateDirty" d WHERE d."organizationId" = org ORDER BY d."id" LIMIT lim) m;
  IF marks IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM outcome_count_add(org, touched, -1);
  DELETE FROM "OutcomeAnswerState" s WHERE s."organizationId" = org AND s."contactId" = ANY (touched);
  INSERT INTO "OutcomeAnswerState" ("organizationId", "responseId", "type", "surveyId", "contactId", "createdAt", "nextAt", "score", "firstAt", "amount90", "amount180", "amount365")
  SELECT org, x.* FROM outcome_state_rows(org, touched) x;
  PERFORM outcome_count_add(org, touched, 1);
  -- Rows left empty (n counts the rows, so their sums are 0 too) go; found through the partial indexes.
  DELETE FROM "OutcomeAnswerCount" k WHERE k."organizationId" = org AND k."n" = 0;
  DELETE FROM "OutcomeAnswerMargin" m WHERE m."organizationId" = org AND m."n" = 0;
  DELETE FROM "OutcomeStateDirty" d WHERE d."organizationId" = org AND d."id" = ANY (marks);
  RETURN array_length(marks, 1);
END
$$;

CREATE OR REPLACE FUNCTION rebuild_outcome_state(org uuid) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('outcome-state:' || org::text, 0));
  DELETE FROM "OutcomeStateDirty" WHERE "organizationId" = org;
  DELETE FROM "OutcomeAnswerCount" WHERE "organizationId" = org;
  DELETE FROM "OutcomeAnswerMargin" WHERE "organizationId" = org;
  DELETE FROM "OutcomeAnswerState" WHERE "organizationId" = org;
  INSERT INTO "OutcomeAnswerState" ("organizationId", "responseId", "type", "surveyId", "contactId", "createdAt", "nextAt", "score", "firstAt", "amount90", "amount180", "amount365")
  SELECT org, x.* FROM outcome_state_rows(org, NULL) x;
  PERFORM outcome_count_add(org, NULL, 1);
END
$$;

-- The margins of what is counted now: the counts summed by each day (the same rows, grouped once more).
INSERT INTO "OutcomeAnswerMargin" ("organizationId", "surveyId", "type", "axis", "day", "score", "n", "events90", "events180", "events365",
                                   "amount90", "amount180", "amount365", "squares90", "squares180", "squares365")
SELECT k."organizationId", k."surveyId", k."type", a.axis, CASE a.axis WHEN 'c' THEN k."createdDay" ELSE k."nextDay" END, k."score",
       sum(k."n"), sum(k."events90"), sum(k."events180"), sum(k."events365"), sum(k."amount90"), sum(k."amount180"), sum(k."amount365"),
       sum(k."squares90"), sum(k."squares180"), sum(k."squares365")
FROM "OutcomeAnswerCount" k CROSS JOIN (VALUES ('c'), ('n')) AS a(axis)
GROUP BY 1, 2, 3, 4, 5, 6;
