-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('CONTACTS', 'RESPONSES');

-- AlterEnum
ALTER TYPE "Channel" ADD VALUE 'IMPORT';

-- AlterTable
ALTER TABLE "ContactImport" ADD COLUMN     "duplicateCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "kind" "ImportKind" NOT NULL DEFAULT 'CONTACTS',
ADD COLUMN     "surveyId" UUID;

-- AlterTable
ALTER TABLE "Response" ADD COLUMN     "importKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Response_organizationId_importKey_key" ON "Response"("organizationId", "importKey");

-- AddForeignKey
ALTER TABLE "ContactImport" ADD CONSTRAINT "ContactImport_organizationId_surveyId_fkey" FOREIGN KEY ("organizationId", "surveyId") REFERENCES "Survey"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
