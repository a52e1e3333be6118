-- Hand-written (docs/decisions/0028, "Settling"). Settling a marked contact rewrote all of its state rows and counted
-- each one out and back in: ~1.5 ms per contact at 1M contacts (5,000 in 9 s), most of it updates of count rows that
-- did not change. Now only the rows that differ are written: the contact's state as it is now is compared with the
-- state as counted (EXCEPT ALL both ways), rows gone are deleted, rows new or changed are upserted, and the counts and
-- margins receive the difference in one statement each. Count rows emptied by it are deleted by key, so the partial
-- indexes on n = 0 go (an index on n made every count update a non-HOT one). The state's foreign key goes to the survey
-- (a deleted survey takes its state, counts and margins) instead of the response: one small table to check per row.

DROP INDEX "OutcomeAnswerCount_empty_idx";
DROP INDEX "OutcomeAnswerMargin_empty_idx";
ALTER TABLE "OutcomeAnswerState" DROP CONSTRAINT "OutcomeAnswerState_organizationId_responseId_fkey";
ALTER TABLE "OutcomeAnswerState" ADD CONSTRAINT "OutcomeAnswerState_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

CREATE OR REPLACE FUNCTION settle_outcome_state(org uuid, lim int) RETURNS int
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  marks uuid[];
  touched uuid[];
  fresh "OutcomeAnswerState"[];
  k_survey uuid[]; k_type text[]; k_next date[]; k_created date[]; k_score smallint[];
  m_survey uuid[]; m_type text[]; m_axis text[]; m_day date[]; m_score smallint[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('outcome-state:' || org::text, 0));
  SELECT array_agg(m."id"), array_agg(DISTINCT m."contactId") INTO marks, touched
  FROM (SELECT d."id", d."contactId" FROM "OutcomeStateDirty" d WHERE d."organizationId" = org ORDER BY d."id" LIMIT lim) m;
  IF marks IS NULL THEN
    RETURN 0;
  END IF;
  -- The marked contacts' state as it is now (a statement of its own: on Citus the function reads distributed tables).
  SELECT coalesce(array_agg(ROW(org, x."responseId", x."type", x."surveyId", x."contactId", x."createdAt", x."nextAt", x."score", x."firstAt",
                                x."amount90", x."amount180", x."amount365")::"OutcomeAnswerState"), '{}')
  INTO fresh FROM outcome_state_rows(org, touched) x;
  WITH now_rows AS MATERIALIZED (
    SELECT f."responseId", f."type", f."surveyId", f."contactId", f."createdAt", f."nextAt", f."score", f."firstAt", f."amount90", f."amount180", f."amount365"
    FROM unnest(fresh) f
  ), counted AS MATERIALIZED (
    SELECT s."responseId", s."type", s."surveyId", s."contactId", s."createdAt", s."nextAt", s."score", s."firstAt", s."amount90", s."amount180", s."amount365"
    FROM "OutcomeAnswerState" s WHERE s."organizationId" = org AND s."contactId" = ANY (touched)
  ), gone AS MATERIALIZED (
    SELECT * FROM counted EXCEPT ALL SELECT * FROM now_rows
  ), come AS MATERIALIZED (
    SELECT * FROM now_rows EXCEPT ALL SELECT * FROM counted
  ), removed AS (
    DELETE FROM "OutcomeAnswerState" s USING gone g
    WHERE s."organizationId" = org AND s."responseId" = g."responseId" AND s."type" = g."type"
      AND NOT EXISTS (SELECT 1 FROM come c WHERE c."responseId" = g."responseId" AND c."type" = g."type")
  ), written AS (
    INSERT INTO "OutcomeAnswerState" ("organizationId", "responseId", "type", "surveyId", "contactId", "createdAt", "nextAt", "score", "firstAt", "amount90", "amount180", "amount365")
    SELECT org, c.* FROM come c
    ON CONFLICT ("organizationId", "responseId", "type") DO UPDATE SET
      "surveyId" = excluded."surveyId", "contactId" = excluded."contactId", "createdAt" = excluded."createdAt", "nextAt" = excluded."nextAt",
      "score" = excluded."score", "firstAt" = excluded."firstAt", "amount90" = excluded."amount90", "amount180" = excluded."amount180", "amount365" = excluded."amount365"
  ), delta AS MATERIALIZED (
    SELECT g.*, -1 AS sign FROM gone g UNION ALL SELECT c.*, 1 FROM come c
  ), counts AS (
    INSERT INTO "OutcomeAnswerCount" AS k ("organizationId", "surveyId", "type", "nextDay", "createdDay", "score", "n", "events90", "events180", "events365",
                                      "amount90", "amount180", "amount365", "squares90", "squares180", "squares365")
    SELECT org, d."surveyId", d."type", coalesce((d."nextAt" AT TIME ZONE 'UTC')::date, 'infinity'::date), (d."createdAt" AT TIME ZONE 'UTC')::date, d."score",
           sum(d.sign),
           coalesce(sum(d.sign) FILTER (WHERE d."firstAt" <= d."createdAt" + make_interval(days => 90)), 0),
           coalesce(sum(d.sign) FILTER (WHERE d."firstAt" <= d."createdAt" + make_interval(days => 180)), 0),
           coalesce(sum(d.sign) FILTER (WHERE d."firstAt" <= d."createdAt" + make_interval(days => 365)), 0),
           sum(d.sign * d."amount90"), sum(d.sign * d."amount180"), sum(d.sign * d."amount365"),
           sum(d.sign * d."amount90" * d."amount90"), sum(d.sign * d."amount180" * d."amount180"), sum(d.sign * d."amount365" * d."amount365")
    FROM delta d GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("organizationId", "surveyId", "type", "nextDay", "createdDay", "score") DO UPDATE SET
      "n" = k."n" + excluded."n", "events90" = k."events90" + excluded."events90", "events180" = k."events180" + excluded."events180",
      "events365" = k."events365" + excluded."events365", "amount90" = k."amount90" + excluded."amount90", "amount180" = k."amount180" + excluded."amount180",
      "amount365" = k."amount365" + excluded."amount365", "squares90" = k."squares90" + excluded."squares90",
      "squares180" = k."squares180" + excluded."squares180", "squares365" = k."squares365" + excluded."squares365"
    RETURNING k."surveyId", k."type", k."nextDay", k."createdDay", k."score", k."n"
  ), margins AS (
    INSERT INTO "OutcomeAnswerMargin" AS m ("organizationId", "surveyId", "type", "axis", "day", "score", "n", "events90", "events180", "events365",
                                        "amount90", "amount180", "amount365", "squares90", "squares180", "squares365")
    SELECT org, d."surveyId", d."type", a.axis, CASE a.axis WHEN 'c' THEN (d."createdAt" AT TIME ZONE 'UTC')::date
                                                      ELSE coalesce((d."nextAt" AT TIME ZONE 'UTC')::date, 'infinity'::date) END, d."score",
           sum(d.sign),
           coalesce(sum(d.sign) FILTER (WHERE d."firstAt" <= d."createdAt" + make_interval(days => 90)), 0),
           coalesce(sum(d.sign) FILTER (WHERE d."firstAt" <= d."createdAt" + make_interval(days => 180)), 0),
           coalesce(sum(d.sign) FILTER (WHERE d."firstAt" <= d."createdAt" + make_interval(days => 365)), 0),
           sum(d.sign * d."amount90"), sum(d.sign * d."amount180"), sum(d.sign * d."amount365"),
           sum(d.sign * d."amount90" * d."amount90"), sum(d.sign * d."amount180" * d."amount180"), sum(d.sign * d."amount365" * d."amount365")
    FROM delta d CROSS JOIN (VALUES ('c'), ('n')) AS a(axis) GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("organizationId", "surveyId", "type", "axis", "day", "score") DO UPDATE SET
      "n" = m."n" + excluded."n", "events90" = m."events90" + excluded."events90", "events180" = m."events180" + excluded."events180",
      "events365" = m."events365" + excluded."events365", "amount90" = m."amount90" + excluded."amount90", "amount180" = m."amount180" + excluded."amount180",
      "amount365" = m."amount365" + excluded."amount365", "squares90" = m."squares90" + excluded."squares90",
      "squares180" = m."squares180" + excluded."squares180", "squares365" = m."squares365" + excluded."squares365"
    RETURNING m."surveyId", m."type", m."axis", m."day", m."score", m."n"
  )
  SELECT ek.s, ek.t, ek.nd, ek.cd, ek.sc, em.s, em.t, em.a, em.d, em.sc
  INTO k_survey, k_type, k_next, k_created, k_score, m_survey, m_type, m_axis, m_day, m_score
  FROM (SELECT array_agg(c."surveyId") AS s, array_agg(c."type") AS t, array_agg(c."nextDay") AS nd, array_agg(c."createdDay") AS cd, array_agg(c."score") AS sc
        FROM counts c WHERE c."n" = 0) ek,
       (SELECT array_agg(g."surveyId") AS s, array_agg(g."type") AS t, array_agg(g."axis") AS a, array_agg(g."day") AS d, array_agg(g."score") AS sc
        FROM margins g WHERE g."n" = 0) em;
  -- Rows the difference emptied (n counts the rows, so their sums are 0 too) go, by key.
  IF k_survey IS NOT NULL THEN
    DELETE FROM "OutcomeAnswerCount" k USING unnest(k_survey, k_type, k_next, k_created, k_score) AS z(s, t, nd, cd, sc)
    WHERE k."organizationId" = org AND k."surveyId" = z.s AND k."type" = z.t AND k."nextDay" = z.nd AND k."createdDay" = z.cd AND k."score" = z.sc AND k."n" = 0;
  END IF;
  IF m_survey IS NOT NULL THEN
    DELETE FROM "OutcomeAnswerMargin" m USING unnest(m_survey, m_type, m_axis, m_day, m_score) AS z(s, t, a, d, sc)
    WHERE m."organizationId" = org AND m."surveyId" = z.s AND m."type" = z.t AND m."axis" = z.a AND m."day" = z.d AND m."score" = z.sc AND m."n" = 0;
  END IF;
  DELETE FROM "OutcomeStateDirty" d WHERE d."organizationId" = org AND d."id" = ANY (marks);
  RETURN array_length(marks, 1);
END
$$;

-- Rebuilds leave no empty rows either (outcome_count_add is now only the rebuild's).
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
