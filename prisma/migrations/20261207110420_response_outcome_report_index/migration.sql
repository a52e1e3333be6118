-- The outcomes report joins each contact's picked answer to its follow-ups by the answer's id (migration
-- 20261207110400): the partial index carries the id so the answers are still read index-only in contact order (without
-- it the planner read 1M answers from the heap: 17 s instead of the statement's index-only pass).
DROP INDEX "Response_organizationId_surveyId_contactId_createdAt_score_idx";

-- CreateIndex
CREATE INDEX "Response_outcome_report_idx" ON "Response"("organizationId", "surveyId", "contactId", "createdAt", "score", "id") WHERE "contactId" IS NOT NULL AND score IS NOT NULL AND NOT excluded;
