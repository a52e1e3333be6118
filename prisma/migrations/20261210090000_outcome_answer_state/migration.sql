-- The validation report's counts (docs/decisions/0028, "Counts that do not grow with contacts"). Hand-written: the
-- tables, their functions, and rebuild_outcome_follow_ups building them after the follow-ups. No triggers (Citus):
-- the writers mark the contacts they touch ("OutcomeStateDirty") and settle_outcome_state brings the counts up to date;
-- the report reads the counts plus, row by row, the answers of marked or pending contacts and those on boundary days.

-- CreateTable
CREATE TABLE "OutcomeAnswerState" (
    "organizationId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "surveyId" UUID NOT NULL,
    "contactId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "nextAt" TIMESTAMPTZ(3),
    "score" SMALLINT NOT NULL,
    "firstAt" TIMESTAMPTZ(3),
    "amount90" DECIMAL(24,4) NOT NULL DEFAULT 0,
    "amount180" DECIMAL(24,4) NOT NULL DEFAULT 0,
    "amount365" DECIMAL(24,4) NOT NULL DEFAULT 0,

    CONSTRAINT "OutcomeAnswerState_pkey" PRIMARY KEY ("organizationId","responseId","type")
);

-- CreateTable
CREATE TABLE "OutcomeAnswerCount" (
    "organizationId" UUID NOT NULL,
    "surveyId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "nextDay" DATE NOT NULL,
    "createdDay" DATE NOT NULL,
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

    CONSTRAINT "OutcomeAnswerCount_pkey" PRIMARY KEY ("organizationId","surveyId","type","nextDay","createdDay","score")
);

-- CreateTable
CREATE TABLE "OutcomeStateDirty" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "contactId" UUID NOT NULL,

    CONSTRAINT "OutcomeStateDirty_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "OutcomeAnswerState_organizationId_contactId_idx" ON "OutcomeAnswerState"("organizationId", "contactId");
CREATE INDEX "OutcomeAnswerState_organizationId_surveyId_type_createdAt_idx" ON "OutcomeAnswerState"("organizationId", "surveyId", "type", "createdAt");
CREATE INDEX "OutcomeAnswerState_organizationId_surveyId_type_nextAt_idx" ON "OutcomeAnswerState"("organizationId", "surveyId", "type", "nextAt");
CREATE INDEX "OutcomeAnswerCount_empty_idx" ON "OutcomeAnswerCount"("organizationId") WHERE "n" = 0;
CREATE INDEX "OutcomeStateDirty_organizationId_contactId_idx" ON "OutcomeStateDirty"("organizationId", "contactId");

-- AddForeignKey
ALTER TABLE "OutcomeAnswerState" ADD CONSTRAINT "OutcomeAnswerState_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "OutcomeAnswerState" ADD CONSTRAINT "OutcomeAnswerState_organizationId_responseId_fkey" FOREIGN KEY ("organizationId", "responseId") REFERENCES "Response"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "OutcomeAnswerCount" ADD CONSTRAINT "OutcomeAnswerCount_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "OutcomeAnswerCount" ADD CONSTRAINT "OutcomeAnswerCount_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "OutcomeStateDirty" ADD CONSTRAINT "OutcomeStateDirty_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- An answer's state per outcome type ('' : the answer itself): every answer with a contact and a score that is not
-- excluded, with the time of the same contact's next such answer to the same survey (ties ordered by id, as the report
-- orders them) and, per type, its follow-up ("OutcomeFollowUp"). `contacts` NULL: every contact of the organisation.
CREATE OR REPLACE FUNCTION outcome_state_rows(org uuid, contacts uuid[])
RETURNS TABLE ("responseId" uuid, type text, "surveyId" uuid, "contactId" uuid, "createdAt" timestamptz, "nextAt" timestamptz, score smallint,
               "firstAt" timestamptz, "amount90" numeric, "amount180" numeric, "amount365" numeric)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH a AS MATERIALIZED (
    SELECT r."id", r."surveyId", r."contactId", r."createdAt", r."score",
           lead(r."createdAt") OVER (PARTITION BY r."surveyId", r."contactId" ORDER BY r."createdAt", r."id") AS "nextAt"
    FROM "Response" r
    WHERE r."organizationId" = org AND r."contactId" IS NOT NULL AND r."score" IS NOT NULL AND NOT r."excluded"
      AND (contacts IS NULL OR r."contactId" = ANY (contacts))
  )
  SELECT a."id", ''::text, a."surveyId", a."contactId", a."createdAt", a."nextAt", a."score", NULL::timestamptz, 0::numeric, 0::numeric, 0::numeric FROM a
  UNION ALL
  SELECT a."id", f."type", a."surveyId", a."contactId", a."createdAt", a."nextAt", a."score", f."firstAt", f."amount90", f."amount180", f."amount365"
  FROM a JOIN "OutcomeFollowUp" f ON f."organizationId" = org AND f."responseId" = a."id";
END
$$;

-- Adds (sign 1) or subtracts (sign -1) the state rows of the given contacts (NULL: all) to the counts.
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
END
$$;

-- Brings the state and counts of up to `lim` marked contacts up to date; returns the marks settled. One settler per
-- organisation at a time (transaction lock). Each statement reads its own snapshot: a mark read here was committed with
-- its writer's change, so the recomputation below sees that change; a writer committing later leaves its own mark.
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
  -- Counts left empty (n counts the rows, so their sums are 0 too) go; found through the partial index.
  DELETE FROM "OutcomeAnswerCount" k WHERE k."organizationId" = org AND k."n" = 0;
  DELETE FROM "OutcomeStateDirty" d WHERE d."organizationId" = org AND d."id" = ANY (marks);
  RETURN array_length(marks, 1);
END
$$;

-- Recomputes an organisation's state and counts from its answers and follow-ups (bulk loads, the migration). Marks are
-- removed first: a change they stand for was committed before, so the recomputation (a later statement) sees it.
CREATE OR REPLACE FUNCTION rebuild_outcome_state(org uuid) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('outcome-state:' || org::text, 0));
  DELETE FROM "OutcomeStateDirty" WHERE "organizationId" = org;
  DELETE FROM "OutcomeAnswerCount" WHERE "organizationId" = org;
  DELETE FROM "OutcomeAnswerState" WHERE "organizationId" = org;
  INSERT INTO "OutcomeAnswerState" ("organizationId", "responseId", "type", "surveyId", "contactId", "createdAt", "nextAt", "score", "firstAt", "amount90", "amount180", "amount365")
  SELECT org, x.* FROM outcome_state_rows(org, NULL) x;
  PERFORM outcome_count_add(org, NULL, 1);
END
$$;

CREATE OR REPLACE FUNCTION rebuild_outcome_follow_ups(org uuid) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  DELETE FROM "OutcomeFollowUp" WHERE "organizationId" = org;
  INSERT INTO "OutcomeFollowUp" ("organizationId", "responseId", "type", "contactId", "firstAt", "amount90", "amount180", "amount365")
  SELECT org, f.* FROM outcome_follow_up_rows(org, NULL) f;
  PERFORM rebuild_outcome_state(org);
END
$$;

-- Every organisation's state from what is stored now.
DO $$
DECLARE
  o uuid;
BEGIN
  FOR o IN SELECT "id" FROM "Organization" LOOP
    PERFORM rebuild_outcome_state(o);
  END LOOP;
END
$$;
