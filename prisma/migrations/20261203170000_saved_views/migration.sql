-- AlterTable
ALTER TABLE "staff_member" ADD COLUMN     "defaultViewId" UUID;

-- CreateTable
CREATE TABLE "saved_view" (
    "id" UUID NOT NULL,
    "ownerKey" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "saved_view_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "saved_view_shared_idx" ON "saved_view"("shared");

-- CreateIndex
CREATE UNIQUE INDEX "saved_view_ownerKey_name_key" ON "saved_view"("ownerKey", "name");

-- AddForeignKey
ALTER TABLE "staff_member" ADD CONSTRAINT "staff_member_defaultViewId_fkey" FOREIGN KEY ("defaultViewId") REFERENCES "saved_view"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "saved_view" ADD CONSTRAINT "saved_view_ownerKey_fkey" FOREIGN KEY ("ownerKey") REFERENCES "staff_member"("key") ON DELETE CASCADE ON UPDATE CASCADE;
