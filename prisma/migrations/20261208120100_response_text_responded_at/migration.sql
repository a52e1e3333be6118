-- Hand-written (docs/decisions/0031, "Possible new themes"). A reading keeps its response's "createdAt"
-- ("respondedAt", written by the comment reader), and the readings no theme caught that have words are indexed by it,
-- so suggestNewThemes reads the newest such comments of a period, and of the time before it, as one index range each
-- instead of joining every untagged reading of the organisation to its response (14 s at 1M responses).
ALTER TABLE "ResponseText" ADD COLUMN "respondedAt" TIMESTAMPTZ(3);

-- Existing readings. The organisation equality is the distribution column (Citus: the join stays on one shard).
UPDATE "ResponseText" x SET "respondedAt" = r."createdAt"
FROM "Response" r
WHERE r."organizationId" = x."organizationId" AND r."id" = x."responseId";

CREATE INDEX "ResponseText_untagged_idx" ON "ResponseText"("organizationId", "respondedAt") WHERE cardinality(themes) = 0 AND cardinality(tokens) > 0;
