import { describe, expect, it } from "vitest";

import { openJobQueue } from "@/lib/jobs";
import { createPostgresDatabase } from "@/tests/support/database";

// What happens at an instance's first start on a new PostgreSQL database: the sync and alert
// delivery open their queues at once. pg-boss attaching both queues' tables together deadlocked
// in 2 of 10 tries, and the instance ran without its sync.
describe.skipIf(!process.env.TEST_DATABASE_URL)("the job engine on a new PostgreSQL database", () => {
  it("opens two queues at once, every time", async () => {
    for (let run = 0; run < 10; run++) {
      const { url, drop } = await createPostgresDatabase(process.env.TEST_DATABASE_URL!);
      try {
        const database = { kind: "postgres" as const, url };
        const queues = await Promise.all(["incident-sync", "alert-delivery"].map((name) => openJobQueue(database, name, { leaseSeconds: 60 })));
        await queues[0].send(["a"]);
        expect(await queues[0].fetch(10)).toMatchObject([{ key: "a" }]);
        for (const queue of queues) await queue.stop();
      } finally {
        await drop();
      }
    }
  }, 120_000);
});
