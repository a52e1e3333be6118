-- CreateTable
CREATE TABLE "OutcomeFollowUp" (
    "organizationId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "contactId" UUID NOT NULL,
    "firstAt" TIMESTAMPTZ(3) NOT NULL,
    "amount90" DECIMAL(24,4) NOT NULL DEFAULT 0,
    "amount180" DECIMAL(24,4) NOT NULL DEFAULT 0,
    "amount365" DECIMAL(24,4) NOT NULL DEFAULT 0,

    CONSTRAINT "OutcomeFollowUp_pkey" PRIMARY KEY ("organizationId","responseId","type")
);

-- CreateIndex
CREATE INDEX "OutcomeFollowUp_report_idx" ON "OutcomeFollowUp"("organizationId", "type", "contactId", "responseId", "firstAt", "amount90", "amount180", "amount365");

-- AddForeignKey
ALTER TABLE "OutcomeFollowUp" ADD CONSTRAINT "OutcomeFollowUp_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "OutcomeFollowUp" ADD CONSTRAINT "OutcomeFollowUp_organizationId_responseId_fkey" FOREIGN KEY ("organizationId", "responseId") REFERENCES "Response"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- The one definition of an answer's follow-up (docs/decisions/0028): for the answers of `org` with a contact — those in
-- `ids`, or all when `ids` is null — per outcome type with an event of the contact in the 365 days after the answer
-- (after it, up to and including its end), the first such event and the sums of their amounts within 90, 180 and 365
-- days. The writers of answers insert these rows; the writers of events add their events' part with the same window
-- arithmetic (src/server/outcomes/follow-ups.ts).
CREATE FUNCTION outcome_follow_up_rows(org uuid, ids uuid[])
RETURNS TABLE ("responseId" uuid, type text, "contactId" uuid, "firstAt" timestamptz, "amount90" numeric, "amount180" numeric, "amount365" numeric)
LANGUAGE sql STABLE AS $$
  SELECT r."id", e."type", r."contactId", min(e."occurredAt"),
         coalesce(sum(e."amount") FILTER (WHERE e."occurredAt" <= r."createdAt" + make_interval(days => 90)), 0),
         coalesce(sum(e."amount") FILTER (WHERE e."occurredAt" <= r."createdAt" + make_interval(days => 180)), 0),
         coalesce(sum(e."amount"), 0)
  FROM "Response" r
  JOIN "OutcomeEvent" e ON e."organizationId" = r."organizationId" AND e."contactId" = r."contactId"
    AND e."occurredAt" > r."createdAt" AND e."occurredAt" <= r."createdAt" + make_interval(days => 365)
  WHERE r."organizationId" = org AND r."contactId" IS NOT NULL AND (ids IS NULL OR r."id" = ANY (ids))
  GROUP BY r."id", e."type", r."contactId"
$$;

-- The bulk path (seeds, tests that write rows straight into the tables, this migration): an organisation's follow-ups
-- recomputed from its answers and events.
CREATE FUNCTION rebuild_outcome_follow_ups(org uuid) RETURNS void LANGUAGE sql AS $$
  DELETE FROM "OutcomeFollowUp" WHERE "organizationId" = org;
  INSERT INTO "OutcomeFollowUp" ("organizationId", "responseId", "type", "contactId", "firstAt", "amount90", "amount180", "amount365")
  SELECT org, f.* FROM outcome_follow_up_rows(org, NULL) f;
$$;

SELECT rebuild_outcome_follow_ups("id") FROM "Organization";
