-- CreateTable
CREATE TABLE "OutcomeEvent" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "contactId" UUID,
    "type" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "amount" DECIMAL(18,4),
    "currency" TEXT,
    "externalId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutcomeEvent_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "OutcomeEvent_organizationId_contactId_type_occurredAt_idx" ON "OutcomeEvent"("organizationId", "contactId", "type", "occurredAt");

-- CreateIndex
CREATE INDEX "OutcomeEvent_organizationId_type_occurredAt_idx" ON "OutcomeEvent"("organizationId", "type", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutcomeEvent_organizationId_externalId_key" ON "OutcomeEvent"("organizationId", "externalId");

-- AddForeignKey
ALTER TABLE "OutcomeEvent" ADD CONSTRAINT "OutcomeEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "OutcomeEvent" ADD CONSTRAINT "OutcomeEvent_organizationId_contactId_fkey" FOREIGN KEY ("organizationId", "contactId") REFERENCES "Contact"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;
