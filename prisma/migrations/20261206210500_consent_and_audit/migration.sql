-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "consentAt" TIMESTAMPTZ(3),
ADD COLUMN     "consentLocale" TEXT,
ADD COLUMN     "consentText" TEXT,
ADD COLUMN     "consentVersion" TEXT;

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "actorId" UUID,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "ip" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_at_idx" ON "AuditEvent"("organizationId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_targetType_targetId_at_idx" ON "AuditEvent"("organizationId", "targetType", "targetId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_actorId_at_idx" ON "AuditEvent"("organizationId", "actorId", "at");

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
