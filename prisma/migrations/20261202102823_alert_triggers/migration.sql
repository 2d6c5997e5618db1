-- New alert triggers, in the order the schema lists them.
ALTER TYPE "alert_trigger" ADD VALUE 'incidentReopened' AFTER 'newIncident';
ALTER TYPE "alert_trigger" ADD VALUE 'syncFailing';
ALTER TYPE "alert_trigger" ADD VALUE 'writeAccessMissing';

-- AlterTable
ALTER TABLE "alert_rule" ADD COLUMN     "afterMinutes" INTEGER;
