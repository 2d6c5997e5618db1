-- CreateTable
CREATE TABLE "staff_session" (
    "id" UUID NOT NULL,
    "staffKey" TEXT NOT NULL,
    "oid" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "checkedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "refreshToken" TEXT,

    CONSTRAINT "staff_session_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "staff_session_staffKey_idx" ON "staff_session"("staffKey");

-- AddForeignKey
ALTER TABLE "staff_session" ADD CONSTRAINT "staff_session_staffKey_fkey" FOREIGN KEY ("staffKey") REFERENCES "staff_member"("key") ON DELETE CASCADE ON UPDATE CASCADE;
