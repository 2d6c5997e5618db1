-- The language of a rule's notifications; rules made before it was asked are English.
ALTER TABLE "alert_rule" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'en';
