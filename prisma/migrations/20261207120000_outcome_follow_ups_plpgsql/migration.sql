-- Hand-written (docs/decisions/0012, as 20261206180000_citus_functions did for the aggregate functions). Citus refuses
-- SQL-language functions whose statements read distributed tables with the function's parameters ("parameterized
-- queries for SQL functions referencing distributed tables are not supported"): the follow-up functions of
-- 20261207110400 become PL/pgSQL with the same signatures and the same statements; `force_custom_plan` plans every
-- call with its own arguments, as inlining did on plain PostgreSQL.

CREATE OR REPLACE FUNCTION outcome_follow_up_rows(org uuid, ids uuid[])
RETURNS TABLE ("responseId" uuid, type text, "contactId" uuid, "firstAt" timestamptz, "amount90" numeric, "amount180" numeric, "amount365" numeric)
LANGUAGE plpgsql STABLE SET plan_cache_mode = force_custom_plan AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT r."id", e."type", r."contactId", min(e."occurredAt"),
         coalesce(sum(e."amount") FILTER (WHERE e."occurredAt" <= r."createdAt" + make_interval(days => 90)), 0),
         coalesce(sum(e."amount") FILTER (WHERE e."occurredAt" <= r."createdAt" + make_interval(days => 180)), 0),
         coalesce(sum(e."amount"), 0)
  FROM "Response" r
  JOIN "OutcomeEvent" e ON e."organizationId" = r."organizationId" AND e."contactId" = r."contactId"
    AND e."occurredAt" > r."createdAt" AND e."occurredAt" <= r."createdAt" + make_interval(days => 365)
  WHERE r."organizationId" = org AND r."contactId" IS NOT NULL AND (ids IS NULL OR r."id" = ANY (ids))
  GROUP BY r."id", e."type", r."contactId";
END
$$;

CREATE OR REPLACE FUNCTION rebuild_outcome_follow_ups(org uuid) RETURNS void
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
BEGIN
  DELETE FROM "OutcomeFollowUp" WHERE "organizationId" = org;
  INSERT INTO "OutcomeFollowUp" ("organizationId", "responseId", "type", "contactId", "firstAt", "amount90", "amount180", "amount365")
  SELECT org, f.* FROM outcome_follow_up_rows(org, NULL) f;
END
$$;
