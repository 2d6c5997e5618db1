-- CreateEnum
CREATE TYPE "consent_status" AS ENUM ('pending', 'verifying', 'consented', 'denied', 'lost', 'error');

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant" (
    "id" UUID NOT NULL,
    "displayName" TEXT NOT NULL,
    "domain" TEXT,
    "status" "consent_status" NOT NULL DEFAULT 'pending',
    "grantedRoles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "consentedAt" TIMESTAMPTZ(3),
    "verifiedAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_request" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "stateHash" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "retiredAt" TIMESTAMPTZ(3),

    CONSTRAINT "consent_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tenantId" UUID,
    "outcome" TEXT NOT NULL,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "parameters" JSONB NOT NULL,
    "sourceAddress" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "consent_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_event_action_id_idx" ON "audit_event"("action", "id" DESC);

-- CreateIndex
CREATE INDEX "audit_event_target_id_idx" ON "audit_event"("target", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "consent_request_stateHash_key" ON "consent_request"("stateHash");

-- CreateIndex
CREATE INDEX "consent_request_tenantId_idx" ON "consent_request"("tenantId");

-- CreateIndex
CREATE INDEX "consent_event_tenantId_id_idx" ON "consent_event"("tenantId", "id" DESC);

-- AddForeignKey
ALTER TABLE "consent_request" ADD CONSTRAINT "consent_request_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
