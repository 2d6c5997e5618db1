import { describe, expect, it } from "vitest";

import { inParallel } from "@/lib/parallel";

async function collect<R>(results: AsyncGenerator<R>): Promise<R[]> {
  const values: R[] = [];
  for await (const value of results) values.push(value);
  return values;
}

describe("inParallel", () => {
  it("yields every result, at most `limit` running at once", async () => {
    let running = 0;
    let most = 0;
    const results = await collect(
      inParallel([1, 2, 3, 4, 5], 2, async (n) => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5 * (6 - n)));
        running--;
        return n * 10;
      }),
    );
    expect(results.sort((a, b) => a - b)).toEqual([10, 20, 30, 40, 50]);
    expect(most).toBe(2);
  });

  it("throws a worker's rejection from the loop", async () => {
    await expect(collect(inParallel([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error("no 2")) : n)))).rejects.toThrow("no 2");
  });

  // A worker that throws before returning a promise, started after an earlier one finished: the
  // loop used to wait for it for ever (and the error went unhandled).
  it("throws a worker's synchronous error from the loop instead of hanging", async () => {
    const work = (n: number): Promise<number> => {
      if (n === 3) throw new Error("no 3");
      return Promise.resolve(n);
    };
    await expect(collect(inParallel([1, 2, 3, 4], 2, work))).rejects.toThrow("no 3");
  });
});
