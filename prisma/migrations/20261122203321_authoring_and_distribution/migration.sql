-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'SENDING', 'SENT', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SkipReason" AS ENUM ('THROTTLED', 'UNSUBSCRIBED', 'NO_EMAIL', 'ERASED');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'FAILED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "QuestionType" ADD VALUE 'SERVQUAL';
ALTER TYPE "QuestionType" ADD VALUE 'KANO';

-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "thankYou" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "lastInvitedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "attributes" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "campaignId" UUID,
ADD COLUMN     "lastRemindedAt" TIMESTAMPTZ(3),
ADD COLUMN     "locale" TEXT,
ADD COLUMN     "messageId" TEXT,
ADD COLUMN     "queuedAt" TIMESTAMPTZ(3),
ADD COLUMN     "remindersSent" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sendAfter" TIMESTAMPTZ(3),
ADD COLUMN     "unsubscribedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "completedAt" TIMESTAMPTZ(3),
ADD COLUMN     "submissionKey" TEXT,
ADD COLUMN     "surveyLinkId" UUID,
ADD COLUMN     "surveyVersion" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "SurveyRevision" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "surveyId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyLink" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "surveyId" UUID NOT NULL,
    "token" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "channel" "Channel" NOT NULL DEFAULT 'LINK',
    "attributeKey" TEXT,
    "attributeValue" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMPTZ(3),

    CONSTRAINT "SurveyLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "surveyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "audience" JSONB NOT NULL DEFAULT '{}',
    "sampleSize" INTEGER,
    "samplePercent" INTEGER,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "scheduledAt" TIMESTAMPTZ(3),
    "reminderDays" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "audienceCount" INTEGER NOT NULL DEFAULT 0,
    "queuedCount" INTEGER NOT NULL DEFAULT 0,
    "throttledCount" INTEGER NOT NULL DEFAULT 0,
    "unsubscribedCount" INTEGER NOT NULL DEFAULT 0,
    "skippedCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvitationSkip" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "surveyId" UUID NOT NULL,
    "campaignId" UUID,
    "contactId" UUID NOT NULL,
    "reason" "SkipReason" NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InvitationSkip_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactImport" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "createdById" UUID,
    "fileName" TEXT NOT NULL,
    "fileSize" INTEGER NOT NULL,
    "encoding" TEXT NOT NULL,
    "delimiter" TEXT NOT NULL,
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "onDuplicate" TEXT NOT NULL DEFAULT 'update',
    "status" "ImportStatus" NOT NULL DEFAULT 'PENDING',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "createdCount" INTEGER NOT NULL DEFAULT 0,
    "updatedCount" INTEGER NOT NULL DEFAULT 0,
    "skippedCount" INTEGER NOT NULL DEFAULT 0,
    "rowErrors" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ContactImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DevMail" (
    "id" UUID NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT,
    "html" TEXT,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DevMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SurveyRevision_organizationId_surveyId_version_key" ON "SurveyRevision"("organizationId", "surveyId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyLink_token_key" ON "SurveyLink"("token");

-- CreateIndex
CREATE INDEX "SurveyLink_organizationId_surveyId_createdAt_idx" ON "SurveyLink"("organizationId", "surveyId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyLink_organizationId_id_key" ON "SurveyLink"("organizationId", "id");

-- CreateIndex
CREATE INDEX "Campaign_organizationId_surveyId_createdAt_idx" ON "Campaign"("organizationId", "surveyId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_organizationId_id_key" ON "Campaign"("organizationId", "id");

-- CreateIndex
CREATE INDEX "InvitationSkip_organizationId_surveyId_createdAt_idx" ON "InvitationSkip"("organizationId", "surveyId", "createdAt");

-- CreateIndex
CREATE INDEX "InvitationSkip_organizationId_campaignId_idx" ON "InvitationSkip"("organizationId", "campaignId");

-- CreateIndex
CREATE INDEX "ContactImport_organizationId_createdAt_idx" ON "ContactImport"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ContactImport_organizationId_id_key" ON "ContactImport"("organizationId", "id");

-- CreateIndex
CREATE INDEX "DevMail_createdAt_idx" ON "DevMail"("createdAt");

-- CreateIndex
CREATE INDEX "Invitation_organizationId_campaignId_idx" ON "Invitation"("organizationId", "campaignId");

-- CreateIndex
CREATE UNIQUE INDEX "Response_organizationId_submissionKey_key" ON "Response"("organizationId", "submissionKey");

-- AddForeignKey
ALTER TABLE "SurveyRevision" ADD CONSTRAINT "SurveyRevision_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyRevision" ADD CONSTRAINT "SurveyRevision_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyRevision" ADD CONSTRAINT "SurveyRevision_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyLink" ADD CONSTRAINT "SurveyLink_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyLink" ADD CONSTRAINT "SurveyLink_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyLink" ADD CONSTRAINT "SurveyLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_organizationId_campaignId_fkey" FOREIGN KEY ("organizationId", "campaignId") REFERENCES "Campaign"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvitationSkip" ADD CONSTRAINT "InvitationSkip_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvitationSkip" ADD CONSTRAINT "InvitationSkip_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvitationSkip" ADD CONSTRAINT "InvitationSkip_organizationId_campaignId_fkey" FOREIGN KEY ("organizationId", "campaignId") REFERENCES "Campaign"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvitationSkip" ADD CONSTRAINT "InvitationSkip_organizationId_contactId_fkey" FOREIGN KEY ("organizationId", "contactId") REFERENCES "Contact"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactImport" ADD CONSTRAINT "ContactImport_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactImport" ADD CONSTRAINT "ContactImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_organizationId_surveyLinkId_fkey" FOREIGN KEY ("organizationId", "surveyLinkId") REFERENCES "SurveyLink"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below this line.

-- Existing rows: completed responses were completed when answered; invitations carry the contact's attributes
-- and locale as they are now (the best snapshot there is); contacts' last invitation feeds the throttle.
UPDATE "Response" SET "completedAt" = "createdAt" WHERE "completed" AND "completedAt" IS NULL;
UPDATE "Invitation" i SET "attributes" = c."attributes", "locale" = c."locale"
  FROM "Contact" c WHERE c."organizationId" = i."organizationId" AND c."id" = i."contactId";
UPDATE "Contact" c SET "lastInvitedAt" = x."last"
  FROM (SELECT "organizationId", "contactId", max(coalesce("sentAt", "createdAt")) AS "last"
        FROM "Invitation" GROUP BY 1, 2) x
  WHERE x."organizationId" = c."organizationId" AND x."contactId" = c."id";

ALTER TABLE "Survey" ADD CONSTRAINT "Survey_version_check" CHECK ("version" >= 1);
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_reminderDays_check"
  CHECK (cardinality("reminderDays") <= 2 AND 1 <= ALL ("reminderDays"));
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_sample_check"
  CHECK (("sampleSize" IS NULL OR "sampleSize" >= 1) AND ("samplePercent" IS NULL OR "samplePercent" BETWEEN 1 AND 100));
ALTER TABLE "SurveyLink" ADD CONSTRAINT "SurveyLink_channel_check" CHECK ("channel" IN ('LINK', 'QR'));
-- A response comes from an invitation, a public link, or neither (imported / seeded), never both.
ALTER TABLE "Response" ADD CONSTRAINT "Response_source_check" CHECK ("invitationId" IS NULL OR "surveyLinkId" IS NULL);
