-- AlterTable
ALTER TABLE "tenant_sync" ADD COLUMN     "problemText" JSONB;
