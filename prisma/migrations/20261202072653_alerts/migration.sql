-- CreateEnum
CREATE TYPE "alert_channel" AS ENUM ('webhook', 'teams', 'email');

-- CreateEnum
CREATE TYPE "alert_trigger" AS ENUM ('newIncident', 'consentLost');

-- CreateEnum
CREATE TYPE "delivery_status" AS ENUM ('pending', 'sent', 'failed');

-- CreateTable
CREATE TABLE "alert_target" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "channel" "alert_channel" NOT NULL,
    "address" TEXT NOT NULL,
    "secret" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rule" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "trigger" "alert_trigger" NOT NULL,
    "minSeverity" "incident_severity",
    "tenants" "access_kind" NOT NULL,
    "groupIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "tenantIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "targetIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_event" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "trigger" "alert_trigger" NOT NULL,
    "tenantId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "details" JSONB NOT NULL,

    CONSTRAINT "alert_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" BIGSERIAL NOT NULL,
    "eventId" BIGINT NOT NULL,
    "ruleId" UUID NOT NULL,
    "targetId" UUID NOT NULL,
    "status" "delivery_status" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastStartedAt" TIMESTAMPTZ(3),
    "lastFinishedAt" TIMESTAMPTZ(3),
    "answer" TEXT,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_target_name_key" ON "alert_target"("name");

-- CreateIndex
CREATE UNIQUE INDEX "alert_rule_name_key" ON "alert_rule"("name");

-- CreateIndex
CREATE UNIQUE INDEX "alert_event_key_key" ON "alert_event"("key");

-- CreateIndex
CREATE INDEX "alert_delivery_status_nextAttemptAt_idx" ON "alert_delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "alert_delivery_ruleId_id_idx" ON "alert_delivery"("ruleId", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "alert_delivery_eventId_ruleId_targetId_key" ON "alert_delivery"("eventId", "ruleId", "targetId");

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "alert_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
