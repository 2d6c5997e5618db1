/**
 * Runs `work` over the items, at most `limit` at a time, and yields each result as soon as it is
 * ready: a slow item holds back nobody. A rejection is thrown from the loop, once it gets there.
 */
export async function* inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): AsyncGenerator<R> {
  const waiting = [...items];
  const done: PromiseSettledResult<R>[] = [];
  let wake: (() => void) | undefined;
  let running = 0;
  const finish = (result: PromiseSettledResult<R>) => {
    running--;
    done.push(result);
    start();
    wake?.();
  };
  const start = () => {
    while (running < limit && waiting.length > 0) {
      running++;
      const item = waiting.shift()!;
      // A worker that throws before returning its promise rejects like any other.
      new Promise<R>((resolve) => resolve(work(item))).then(
        (value) => finish({ status: "fulfilled", value }),
        (reason: unknown) => finish({ status: "rejected", reason }),
      );
    }
  };
  start();
  for (let remaining = items.length; remaining > 0; remaining--) {
    while (done.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    const result = done.shift()!;
    if (result.status === "rejected") throw result.reason;
    yield result.value;
  }
}
