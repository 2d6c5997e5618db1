-- AlterTable
ALTER TABLE "tenant_sync" ADD COLUMN     "changedAt" TIMESTAMPTZ(3);
