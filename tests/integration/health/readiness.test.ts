import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { readiness } from "@/lib/health";
import { openTestDatabase, type TestDatabase } from "@/tests/support/database";

let database: TestDatabase;

describe("readiness", () => {
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it("is not ready before this process's job engine runs, whatever the database says", async () => {
    expect(await readiness()).toMatchObject({ ready: false, database: "ok", migrations: "ok", jobs: "starting", sync: { consentedTenants: 0, lastSuccessAt: null } });
  });

  it("names a migration the database lacks", async () => {
    const [last] = await database.client.$queryRaw<{ name: string }[]>`SELECT migration_name AS name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    await database.client.$executeRaw`DELETE FROM _prisma_migrations WHERE migration_name = ${last.name}`;
    expect(await readiness()).toMatchObject({ ready: false, migrations: { pending: [last.name] } });
  });
});
