-- AlterTable: a RUNNING import whose updatedAt stops moving was interrupted (the worker marks it FAILED).
ALTER TABLE "ContactImport" ADD COLUMN "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
