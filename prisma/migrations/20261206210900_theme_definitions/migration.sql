-- CreateTable
CREATE TABLE "ThemeDefinition" (
    "organizationId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "labelZh" TEXT NOT NULL,
    "labelEn" TEXT NOT NULL,
    "parentKey" TEXT,
    "keywords" TEXT[],
    "exclusions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ThemeDefinition_pkey" PRIMARY KEY ("organizationId","key")
);

-- AddForeignKey
ALTER TABLE "ThemeDefinition" ADD CONSTRAINT "ThemeDefinition_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
