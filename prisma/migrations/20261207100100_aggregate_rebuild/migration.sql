-- CreateEnum
CREATE TYPE "AggregateRebuildStatus" AS ENUM ('PENDING', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "AggregateRebuild" (
    "organizationId" UUID NOT NULL,
    "id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "timeZone" TEXT,
    "status" "AggregateRebuildStatus" NOT NULL DEFAULT 'PENDING',
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "requestedById" UUID,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "error" TEXT,

    CONSTRAINT "AggregateRebuild_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE INDEX "AggregateRebuild_status_requestedAt_idx" ON "AggregateRebuild"("status", "requestedAt");

-- AddForeignKey
ALTER TABLE "AggregateRebuild" ADD CONSTRAINT "AggregateRebuild_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
