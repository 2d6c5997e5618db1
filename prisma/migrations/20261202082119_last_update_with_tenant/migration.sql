-- DropIndex
DROP INDEX "incident_lastUpdatedAt_idx";

-- CreateIndex
CREATE INDEX "incident_lastUpdatedAt_tenantId_idx" ON "incident"("lastUpdatedAt" DESC, "tenantId");
