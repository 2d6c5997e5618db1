/*
  Warnings:

  - You are about to drop the column `webUrl` on the `incident` table. All the data in the column will be lost.

*/
-- AlterTable
ALTER TABLE "incident" DROP COLUMN "webUrl";
