-- CreateTable
CREATE TABLE "ResponseText" (
    "organizationId" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "surveyId" UUID NOT NULL,
    "sentiment" REAL NOT NULL,
    "polarity" TEXT NOT NULL,
    "themes" TEXT[],
    "themeSentiments" REAL[],
    "tokens" TEXT[],
    "taxonomyHash" TEXT NOT NULL,
    "commentHash" TEXT NOT NULL,
    "readAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResponseText_pkey" PRIMARY KEY ("organizationId","responseId")
);

-- CreateIndex
CREATE INDEX "ResponseText_organizationId_taxonomyHash_idx" ON "ResponseText"("organizationId", "taxonomyHash");

-- AddForeignKey
ALTER TABLE "ResponseText" ADD CONSTRAINT "ResponseText_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "ResponseText" ADD CONSTRAINT "ResponseText_organizationId_responseId_fkey" FOREIGN KEY ("organizationId", "responseId") REFERENCES "Response"("organizationId", "id") ON DELETE CASCADE ON UPDATE NO ACTION;
