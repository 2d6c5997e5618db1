-- CreateEnum
CREATE TYPE "incident_severity" AS ENUM ('high', 'medium', 'low', 'informational', 'unknown');

-- CreateEnum
CREATE TYPE "incident_status" AS ENUM ('active', 'inProgress', 'awaitingAction', 'resolved', 'redirected', 'unknown');

-- CreateTable
CREATE TABLE "incident" (
    "tenantId" UUID NOT NULL,
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "severity" "incident_severity" NOT NULL,
    "status" "incident_status" NOT NULL,
    "classification" TEXT,
    "determination" TEXT,
    "assignedTo" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "lastUpdatedAt" TIMESTAMPTZ(3) NOT NULL,
    "tags" TEXT[],
    "webUrl" TEXT,
    "syncedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("tenantId","id")
);

-- CreateTable
CREATE TABLE "tenant_sync" (
    "tenantId" UUID NOT NULL,
    "api" TEXT NOT NULL,
    "cursor" TIMESTAMPTZ(3),
    "lastStartedAt" TIMESTAMPTZ(3),
    "lastFinishedAt" TIMESTAMPTZ(3),
    "lastSuccessAt" TIMESTAMPTZ(3),
    "problem" TEXT,
    "lastError" TEXT,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_sync_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE INDEX "incident_lastUpdatedAt_idx" ON "incident"("lastUpdatedAt" DESC);

-- CreateIndex
CREATE INDEX "incident_createdAt_idx" ON "incident"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "incident_severity_lastUpdatedAt_idx" ON "incident"("severity", "lastUpdatedAt" DESC);

-- CreateIndex
CREATE INDEX "incident_tenantId_lastUpdatedAt_idx" ON "incident"("tenantId", "lastUpdatedAt" DESC);

-- CreateIndex
CREATE INDEX "tenant_sync_nextAttemptAt_idx" ON "tenant_sync"("nextAttemptAt");

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_sync" ADD CONSTRAINT "tenant_sync_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
