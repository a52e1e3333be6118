-- AlterTable
ALTER TABLE "Survey" ADD COLUMN     "brandNames" JSONB NOT NULL DEFAULT '{}';
