-- Audit hash chain (issue 16). Events written before this migration keep seq/prevHash/hash NULL: the chain starts
-- with the first event recorded afterwards (verify reports how many unchained older events exist).

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT,
ADD COLUMN     "seq" INTEGER;

-- CreateTable
CREATE TABLE "AuditChain" (
    "organizationId" UUID NOT NULL,
    "headSeq" INTEGER NOT NULL DEFAULT 0,
    "headHash" TEXT NOT NULL,
    "retentionDays" INTEGER,
    "checkpointSeq" INTEGER NOT NULL DEFAULT 0,
    "checkpointHash" TEXT NOT NULL,
    "checkpointAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AuditChain_pkey" PRIMARY KEY ("organizationId")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_organizationId_seq_key" ON "AuditEvent"("organizationId", "seq");

-- AddForeignKey
ALTER TABLE "AuditChain" ADD CONSTRAINT "AuditChain_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
