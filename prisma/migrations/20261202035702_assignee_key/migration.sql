-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "assigneeKey" TEXT;

-- Stored incidents get the key too (added by hand).
UPDATE "incident" SET "assigneeKey" = lower("assignedTo") WHERE "assignedTo" IS NOT NULL;

-- CreateIndex
CREATE INDEX "incident_assigneeKey_lastUpdatedAt_idx" ON "incident"("assigneeKey", "lastUpdatedAt" DESC);
