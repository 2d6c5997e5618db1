-- AlterTable
ALTER TABLE "tenant" ADD COLUMN     "problemText" JSONB;
