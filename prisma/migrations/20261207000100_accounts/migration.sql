-- Issue 16, accounts: first-run setup guard, member invitations, password reset, the organisation's brand per language.
-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "deactivatedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "brandNames" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "passwordResetExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "passwordResetHash" TEXT,
ADD COLUMN     "passwordResetSentAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "MemberInvitation" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "scopeUnitId" UUID,
    "locale" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberInvitation_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "FirstRunSetup" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "createdOrganizationId" UUID NOT NULL,
    "completedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FirstRunSetup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MemberInvitation_organizationId_email_idx" ON "MemberInvitation"("organizationId", "email");

-- CreateIndex
CREATE INDEX "MemberInvitation_organizationId_createdAt_idx" ON "MemberInvitation"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MemberInvitation_organizationId_tokenHash_key" ON "MemberInvitation"("organizationId", "tokenHash");

-- AddForeignKey
ALTER TABLE "MemberInvitation" ADD CONSTRAINT "MemberInvitation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "MemberInvitation" ADD CONSTRAINT "MemberInvitation_organizationId_scopeUnitId_fkey" FOREIGN KEY ("organizationId", "scopeUnitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

