// npm run audit:verify: checks the audit log's hash chain in the configured database (DATABASE_URL,
// or the embedded one in DATA_DIR) and names the first altered event. Exit code 1 when one is found.
import { loadDatabaseConfig } from "@/lib/config";
import { verifyAuditChain } from "@/lib/audit";
import { withDatabase } from "@/lib/db/adapter";

const check = await withDatabase(loadDatabaseConfig(process.env), (prisma) => verifyAuditChain(prisma));
if (check.intact) {
  console.log(`Audit log intact: ${check.events} events, each chained to the one before it.`);
} else {
  console.error(`Audit log altered: event ${check.firstAltered.id} (number ${check.firstAltered.seq ?? "none"} in the chain): ${check.problem}.`);
  process.exitCode = 1;
}
