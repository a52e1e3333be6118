-- CreateIndex
CREATE INDEX "Response_organizationId_surveyId_contactId_createdAt_score_idx" ON "Response"("organizationId", "surveyId", "contactId", "createdAt", "score") WHERE "contactId" IS NOT NULL AND score IS NOT NULL AND NOT excluded;

-- CreateIndex
CREATE INDEX "OutcomeEvent_organizationId_type_contactId_occurredAt_amt_idx" ON "OutcomeEvent"("organizationId", "type", "contactId", "occurredAt", "amount");
