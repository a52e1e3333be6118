-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "linkHitAt" TIMESTAMPTZ(3),
ADD COLUMN     "linkHitKey" TEXT;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "clientHash" TEXT;

-- CreateIndex
CREATE INDEX "Response_organizationId_surveyLinkId_createdAt_idx" ON "Response"("organizationId", "surveyLinkId", "createdAt");

-- CreateIndex
CREATE INDEX "Response_organizationId_surveyLinkId_clientHash_createdAt_idx" ON "Response"("organizationId", "surveyLinkId", "clientHash", "createdAt");
