-- AlterTable
ALTER TABLE "RootCause" ADD COLUMN     "themeKeys" TEXT[] DEFAULT ARRAY[]::TEXT[];
