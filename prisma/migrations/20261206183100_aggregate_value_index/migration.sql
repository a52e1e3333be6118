-- DropIndex
DROP INDEX "ResponseAggregate_organizationId_grain_dimension_day_idx";

-- CreateIndex
CREATE INDEX "ResponseAggregate_organizationId_grain_dimension_value_day_idx" ON "ResponseAggregate"("organizationId", "grain", "dimension", "value", "day");
