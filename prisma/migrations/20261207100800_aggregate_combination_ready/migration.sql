-- AlterTable
ALTER TABLE "AggregateCombination" ADD COLUMN     "readyAt" TIMESTAMPTZ(3);

-- Hand-written below this line (docs/decisions/0027, "Readiness"). A combination's aggregate rows are read only once a
-- rebuild has written them: the rebuild sets "readyAt" in the same transaction as its last rows. Combinations that
-- existed before this migration were filled by the rebuild that followed their creation.
UPDATE "AggregateCombination" SET "readyAt" = "createdAt";

-- The SQL form of the rebuild marks the organisation's combinations ready too (same transaction as its rows).
CREATE OR REPLACE FUNCTION rebuild_response_aggregates(org uuid) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  DELETE FROM "ResponseAggregate" WHERE "organizationId" = org;
  INSERT INTO "ResponseAggregate" ("organizationId", "surveyId", grain, day, dimension, value, scope, n, "h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10")
  SELECT org, a.* FROM response_aggregate_rows(org, NULL, 1) a;
  UPDATE "AggregateCombination" SET "readyAt" = now() WHERE "organizationId" = org AND "readyAt" IS NULL;
END
$$;
