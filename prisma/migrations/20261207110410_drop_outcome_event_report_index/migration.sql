-- The outcomes report reads "OutcomeFollowUp" now (migration 20261207110400), not one type's raw events in contact
-- order: one index fewer to maintain for every event written (the import's 1M rows).
DROP INDEX "OutcomeEvent_organizationId_type_contactId_occurredAt_amt_idx";
