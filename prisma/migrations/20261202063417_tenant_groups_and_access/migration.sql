-- CreateEnum
CREATE TYPE "access_kind" AS ENUM ('all', 'only', 'allBut');

-- CreateTable
CREATE TABLE "tenant_group" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant_group_member" (
    "groupId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,

    CONSTRAINT "tenant_group_member_pkey" PRIMARY KEY ("groupId","tenantId")
);

-- CreateTable
CREATE TABLE "access_rule" (
    "id" UUID NOT NULL,
    "principal" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "kind" "access_kind" NOT NULL,
    "groupIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "tenantIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "access_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_member" (
    "key" TEXT NOT NULL,
    "upn" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "entraGroups" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "lastSignInAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "staff_member_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "tenant_group_name_key" ON "tenant_group"("name");

-- CreateIndex
CREATE INDEX "tenant_group_member_tenantId_idx" ON "tenant_group_member"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "access_rule_principal_key" ON "access_rule"("principal");

-- AddForeignKey
ALTER TABLE "tenant_group_member" ADD CONSTRAINT "tenant_group_member_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "tenant_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_group_member" ADD CONSTRAINT "tenant_group_member_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Staff kept seeing every tenant until an admin says otherwise.
INSERT INTO "access_rule" ("id", "principal", "label", "kind", "updatedBy", "updatedAt")
VALUES (gen_random_uuid(), 'default', 'Everyone else', 'all', 'migration', CURRENT_TIMESTAMP);

-- Staff who signed in before: assignable as before, their groups known at their next sign-in.
INSERT INTO "staff_member" ("key", "upn", "name", "lastSignInAt")
SELECT lower(actor), min(actor), min(actor), max(at) FROM "audit_event" WHERE action = 'staff.signed_in' GROUP BY lower(actor);
