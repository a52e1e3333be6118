-- CreateTable
CREATE TABLE "CustomerClass" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerClass_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateTable
CREATE TABLE "CustomerClassRule" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "classKey" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "categories" "NpsCategory"[] DEFAULT ARRAY[]::"NpsCategory"[],
    "scoreMin" SMALLINT,
    "scoreMax" SMALLINT,
    "conditions" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerClassRule_pkey" PRIMARY KEY ("organizationId","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CustomerClass_organizationId_key_key" ON "CustomerClass"("organizationId", "key");

-- CreateIndex
CREATE INDEX "CustomerClassRule_organizationId_position_idx" ON "CustomerClassRule"("organizationId", "position");

-- AddForeignKey
ALTER TABLE "CustomerClass" ADD CONSTRAINT "CustomerClass_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "CustomerClassRule" ADD CONSTRAINT "CustomerClassRule_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "CustomerClassRule" ADD CONSTRAINT "CustomerClassRule_organizationId_classKey_fkey" FOREIGN KEY ("organizationId", "classKey") REFERENCES "CustomerClass"("organizationId", "key") ON DELETE RESTRICT ON UPDATE NO ACTION;
