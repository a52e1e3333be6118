-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('OPEN', 'CONTACTED', 'RESOLVED', 'CLOSED');

-- CreateEnum
CREATE TYPE "CasePriority" AS ENUM ('LOW', 'NORMAL', 'HIGH', 'URGENT');

-- CreateEnum
CREATE TYPE "OrgUnitKind" AS ENUM ('REGION', 'BRANCH', 'TEAM');

-- CreateEnum
CREATE TYPE "CaseEventKind" AS ENUM ('OPENED', 'ASSIGNED', 'STATUS', 'NOTE', 'ROOT_CAUSE', 'REPLY_SENT', 'ESCALATED');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "caseSlaHours" JSONB NOT NULL DEFAULT '{"URGENT":4,"HIGH":24,"NORMAL":72,"LOW":168}',
ADD COLUMN     "fallbackCaseOwnerId" UUID;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "scopeUnitId" UUID;

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "employeeId" UUID,
ADD COLUMN     "unitId" UUID;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "contactConsent" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "employeeId" UUID,
ADD COLUMN     "loopMessageSentAt" TIMESTAMPTZ(3),
ADD COLUMN     "unitId" UUID;

-- CreateTable
CREATE TABLE "OrgUnit" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "parentId" UUID,
    "kind" "OrgUnitKind" NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "managerId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OrgUnit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Employee" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "userId" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Employee_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseRule" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "match" JSONB NOT NULL DEFAULT '{}',
    "ownerId" UUID,
    "ownerUnitId" UUID,
    "priority" "CasePriority" NOT NULL DEFAULT 'NORMAL',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RootCause" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "label" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RootCause_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "surveyId" UUID NOT NULL,
    "unitId" UUID,
    "ruleId" UUID,
    "ownerId" UUID,
    "priority" "CasePriority" NOT NULL DEFAULT 'NORMAL',
    "status" "CaseStatus" NOT NULL DEFAULT 'OPEN',
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "firstContactAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "escalatedAt" TIMESTAMPTZ(3),
    "escalatedToId" UUID,
    "rootCauseId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "kind" "CaseEventKind" NOT NULL,
    "actorId" UUID,
    "body" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplyTemplate" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReplyTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestRun" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "weekStart" DATE NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DigestRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrgUnit_organizationId_parentId_idx" ON "OrgUnit"("organizationId", "parentId");

-- CreateIndex
CREATE UNIQUE INDEX "OrgUnit_organizationId_id_key" ON "OrgUnit"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "OrgUnit_organizationId_code_key" ON "OrgUnit"("organizationId", "code");

-- CreateIndex
CREATE INDEX "Employee_organizationId_unitId_idx" ON "Employee"("organizationId", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "Employee_organizationId_id_key" ON "Employee"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Employee_organizationId_code_key" ON "Employee"("organizationId", "code");

-- CreateIndex
CREATE INDEX "CaseRule_organizationId_position_idx" ON "CaseRule"("organizationId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "CaseRule_organizationId_id_key" ON "CaseRule"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "RootCause_organizationId_id_key" ON "RootCause"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "RootCause_organizationId_key_key" ON "RootCause"("organizationId", "key");

-- CreateIndex
CREATE INDEX "Case_organizationId_status_dueAt_idx" ON "Case"("organizationId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "Case_organizationId_ownerId_status_idx" ON "Case"("organizationId", "ownerId", "status");

-- CreateIndex
CREATE INDEX "Case_organizationId_unitId_createdAt_idx" ON "Case"("organizationId", "unitId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Case_organizationId_id_key" ON "Case"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Case_organizationId_responseId_key" ON "Case"("organizationId", "responseId");

-- CreateIndex
CREATE INDEX "CaseEvent_organizationId_caseId_createdAt_idx" ON "CaseEvent"("organizationId", "caseId", "createdAt");

-- CreateIndex
CREATE INDEX "ReplyTemplate_organizationId_locale_idx" ON "ReplyTemplate"("organizationId", "locale");

-- CreateIndex
CREATE UNIQUE INDEX "DigestRun_organizationId_userId_weekStart_key" ON "DigestRun"("organizationId", "userId", "weekStart");

-- CreateIndex
CREATE INDEX "Response_organizationId_unitId_createdAt_idx" ON "Response"("organizationId", "unitId", "createdAt");

-- CreateIndex
CREATE INDEX "Response_organizationId_employeeId_createdAt_idx" ON "Response"("organizationId", "employeeId", "createdAt");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_organizationId_scopeUnitId_fkey" FOREIGN KEY ("organizationId", "scopeUnitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_organizationId_unitId_fkey" FOREIGN KEY ("organizationId", "unitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_organizationId_employeeId_fkey" FOREIGN KEY ("organizationId", "employeeId") REFERENCES "Employee"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgUnit" ADD CONSTRAINT "OrgUnit_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgUnit" ADD CONSTRAINT "OrgUnit_organizationId_parentId_fkey" FOREIGN KEY ("organizationId", "parentId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrgUnit" ADD CONSTRAINT "OrgUnit_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employee" ADD CONSTRAINT "Employee_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employee" ADD CONSTRAINT "Employee_organizationId_unitId_fkey" FOREIGN KEY ("organizationId", "unitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Employee" ADD CONSTRAINT "Employee_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseRule" ADD CONSTRAINT "CaseRule_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseRule" ADD CONSTRAINT "CaseRule_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseRule" ADD CONSTRAINT "CaseRule_organizationId_ownerUnitId_fkey" FOREIGN KEY ("organizationId", "ownerUnitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RootCause" ADD CONSTRAINT "RootCause_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_responseId_fkey" FOREIGN KEY ("organizationId", "responseId") REFERENCES "Response"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_unitId_fkey" FOREIGN KEY ("organizationId", "unitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_ruleId_fkey" FOREIGN KEY ("organizationId", "ruleId") REFERENCES "CaseRule"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_organizationId_rootCauseId_fkey" FOREIGN KEY ("organizationId", "rootCauseId") REFERENCES "RootCause"("organizationId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_organizationId_caseId_fkey" FOREIGN KEY ("organizationId", "caseId") REFERENCES "Case"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplyTemplate" ADD CONSTRAINT "ReplyTemplate_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestRun" ADD CONSTRAINT "DigestRun_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestRun" ADD CONSTRAINT "DigestRun_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below this line.
-- A unit is never its own parent; rules name at most one kind of owner.
ALTER TABLE "OrgUnit" ADD CONSTRAINT "OrgUnit_parent_check" CHECK ("parentId" IS NULL OR "parentId" <> "id");
ALTER TABLE "CaseRule" ADD CONSTRAINT "CaseRule_owner_check" CHECK ("ownerId" IS NULL OR "ownerUnitId" IS NULL);
