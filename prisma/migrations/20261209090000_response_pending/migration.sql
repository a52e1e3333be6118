-- CreateTable
CREATE TABLE "ResponsePending" (
    "organizationId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResponsePending_pkey" PRIMARY KEY ("organizationId","responseId")
);

-- CreateIndex
CREATE INDEX "ResponsePending_organizationId_createdAt_idx" ON "ResponsePending"("organizationId", "createdAt");

-- AddForeignKey
ALTER TABLE "ResponsePending" ADD CONSTRAINT "ResponsePending_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ResponsePending" ADD CONSTRAINT "ResponsePending_organizationId_responseId_fkey" FOREIGN KEY ("organizationId", "responseId") REFERENCES "Response"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- Hand-written (docs/decisions/0034). A response whose "ResponsePending" row exists is not counted in the
-- pre-aggregates yet: the row functions, asked for every response (ids NULL: the rebuilds), leave it out — the fold
-- counts it — while asked for given responses (writers, the fold, readers' pending tail) they compute what they are
-- given. The functions' bodies are otherwise unchanged: each one's filter is rewritten in place, and the migration
-- fails if a body does not have it.
DO $$
DECLARE
  fn text;
  body text;
  old_filter constant text := '(ids IS NULL OR r."id" = ANY (ids))';
  new_filter constant text := '(CASE WHEN ids IS NULL THEN NOT EXISTS (SELECT 1 FROM "ResponsePending" pending WHERE pending."organizationId" = org AND pending."responseId" = r."id") ELSE r."id" = ANY (ids) END)';
BEGIN
  FOREACH fn IN ARRAY ARRAY['response_aggregate_rows', 'driver_case_values', 'theme_aggregate_rows'] LOOP
    SELECT pg_get_functiondef(p.oid) INTO body FROM pg_proc p WHERE p.proname = fn AND p.pronamespace = current_schema()::regnamespace;
    IF body IS NULL OR position(old_filter IN body) = 0 THEN
      RAISE EXCEPTION 'function % has no filter %', fn, old_filter;
    END IF;
    EXECUTE replace(body, old_filter, new_filter);
  END LOOP;
END
$$;

-- What the organisation's pending responses add to each pre-aggregate, for readers (src/server/analytics/pending-responses.ts
-- withPending): a function reading "ResponsePending" itself, so a reader's statement names no distributed table in the
-- part that calls it and Citus runs that part (a MATERIALIZED CTE) on the coordinator, as the writers' row functions
-- run, never on a shard. Nothing is computed when the organisation has no pending response.
CREATE FUNCTION pending_response_aggregate_rows(org uuid)
RETURNS TABLE ("surveyId" uuid, grain char(1), day date, dimension text, value text, scope text, n int, h0 int, h1 int, h2 int, h3 int, h4 int, h5 int, h6 int, h7 int, h8 int, h9 int, h10 int)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  ids uuid[] := ARRAY(SELECT p."responseId" FROM "ResponsePending" p WHERE p."organizationId" = org);
BEGIN
  IF cardinality(ids) > 0 THEN
    RETURN QUERY SELECT * FROM response_aggregate_rows(org, ids, 1);
  END IF;
END
$$;

CREATE FUNCTION pending_theme_aggregate_rows(org uuid)
RETURNS TABLE ("surveyId" uuid, grain char(1), day date, dimension text, value text, kind char(1), key text, polarity text, n int, h0 int, h1 int, h2 int, h3 int, h4 int, h5 int, h6 int, h7 int, h8 int, h9 int, h10 int)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  ids uuid[] := ARRAY(SELECT p."responseId" FROM "ResponsePending" p WHERE p."organizationId" = org);
BEGIN
  IF cardinality(ids) > 0 THEN
    RETURN QUERY SELECT * FROM theme_aggregate_rows(org, ids, 1);
  END IF;
END
$$;

CREATE FUNCTION pending_driver_aggregate_rows(org uuid)
RETURNS TABLE ("surveyId" uuid, day date, dimension text, value text, drivers text[], responses int, n int, sums float8[], "cross" float8[])
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  ids uuid[] := ARRAY(SELECT p."responseId" FROM "ResponsePending" p WHERE p."organizationId" = org);
BEGIN
  IF cardinality(ids) > 0 THEN
    RETURN QUERY SELECT * FROM driver_aggregate_rows(org, ids, 1);
  END IF;
END
$$;

CREATE FUNCTION pending_driver_case_rows(org uuid)
RETURNS TABLE ("surveyId" uuid, "responseId" uuid, key int, day date, dimension text, value text, "values" float8[])
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
DECLARE
  ids uuid[] := ARRAY(SELECT p."responseId" FROM "ResponsePending" p WHERE p."organizationId" = org);
BEGIN
  IF cardinality(ids) > 0 THEN
    RETURN QUERY SELECT * FROM driver_case_rows(org, ids);
  END IF;
END
$$;
