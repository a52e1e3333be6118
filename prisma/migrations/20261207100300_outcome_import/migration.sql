-- AlterEnum: an import job (ContactImport) can load behaviour events (issue 15).
ALTER TYPE "ImportKind" ADD VALUE 'OUTCOMES';
