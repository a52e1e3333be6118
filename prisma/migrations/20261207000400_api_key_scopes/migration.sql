-- API key scopes (issue 16, REST API v1).
-- "scopes" holds "<resource>:read" / "<resource>:write" (write implies read). Keys that existed before this
-- migration keep working with FULL READ scope on every resource and no write scope and no personal data:
-- they could only read NPS figures and trigger invitations before, and those two endpoints still accept any
-- valid key. "personalData" lets a key see contacts' emails, names, phones and comments; "scopeUnitId" limits
-- the key to one org unit's subtree, like a scoped member.

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "personalData" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "scopeUnitId" UUID,
ADD COLUMN     "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "rateLimitPerMinute" INTEGER NOT NULL DEFAULT 600;

UPDATE "ApiKey" SET "scopes" = ARRAY['surveys:read','responses:read','contacts:read','campaigns:read','cases:read','orgUnits:read','members:read','webhooks:read','outcomes:read']::TEXT[];
UPDATE "ApiKey" SET "scopes" = array_replace("scopes", 'campaigns:read', 'campaigns:write');

-- CreateTable
CREATE TABLE "ApiIdempotencyKey" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "apiKeyId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER,
    "body" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApiIdempotencyKey_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "ApiRateLimit" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "apiKeyId" UUID NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ApiRateLimit_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiIdempotencyKey_organizationId_apiKeyId_key_key" ON "ApiIdempotencyKey"("organizationId", "apiKeyId", "key");

-- CreateIndex
CREATE INDEX "ApiIdempotencyKey_organizationId_createdAt_idx" ON "ApiIdempotencyKey"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiRateLimit_organizationId_apiKeyId_windowStart_key" ON "ApiRateLimit"("organizationId", "apiKeyId", "windowStart");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_organizationId_scopeUnitId_fkey" FOREIGN KEY ("organizationId", "scopeUnitId") REFERENCES "OrgUnit"("organizationId", "id") ON DELETE RESTRICT ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ApiIdempotencyKey" ADD CONSTRAINT "ApiIdempotencyKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ApiIdempotencyKey" ADD CONSTRAINT "ApiIdempotencyKey_organizationId_apiKeyId_fkey" FOREIGN KEY ("organizationId", "apiKeyId") REFERENCES "ApiKey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ApiRateLimit" ADD CONSTRAINT "ApiRateLimit_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ApiRateLimit" ADD CONSTRAINT "ApiRateLimit_organizationId_apiKeyId_fkey" FOREIGN KEY ("organizationId", "apiKeyId") REFERENCES "ApiKey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
