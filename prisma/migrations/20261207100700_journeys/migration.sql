-- CreateEnum
CREATE TYPE "JourneyTouchpointKind" AS ENUM ('PHYSICAL', 'DIGITAL', 'INTERPERSONAL');

-- CreateTable
CREATE TABLE "Journey" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Journey_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "JourneyStage" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "journeyId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JourneyStage_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "JourneyTouchpoint" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "journeyId" UUID NOT NULL,
    "stageId" UUID NOT NULL,
    "touchpoint" TEXT NOT NULL,
    "kind" "JourneyTouchpointKind" NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "JourneyTouchpoint_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "Journey_organizationId_createdAt_idx" ON "Journey"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "JourneyStage_organizationId_journeyId_position_idx" ON "JourneyStage"("organizationId", "journeyId", "position");

-- CreateIndex
CREATE INDEX "JourneyTouchpoint_organizationId_stageId_idx" ON "JourneyTouchpoint"("organizationId", "stageId");

-- CreateIndex
CREATE UNIQUE INDEX "JourneyTouchpoint_organizationId_journeyId_touchpoint_key" ON "JourneyTouchpoint"("organizationId", "journeyId", "touchpoint");

-- AddForeignKey
ALTER TABLE "Journey" ADD CONSTRAINT "Journey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "JourneyStage" ADD CONSTRAINT "JourneyStage_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "JourneyStage" ADD CONSTRAINT "JourneyStage_organizationId_journeyId_fkey" FOREIGN KEY ("organizationId", "journeyId") REFERENCES "Journey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "JourneyTouchpoint" ADD CONSTRAINT "JourneyTouchpoint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "JourneyTouchpoint" ADD CONSTRAINT "JourneyTouchpoint_organizationId_journeyId_fkey" FOREIGN KEY ("organizationId", "journeyId") REFERENCES "Journey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "JourneyTouchpoint" ADD CONSTRAINT "JourneyTouchpoint_organizationId_stageId_fkey" FOREIGN KEY ("organizationId", "stageId") REFERENCES "JourneyStage"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
