-- AlterTable
ALTER TABLE "staff_member" ADD COLUMN     "locale" TEXT,
ADD COLUMN     "timeZone" TEXT;
