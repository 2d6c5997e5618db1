// Shared with the browser: builds links from a page's search parameters.

export type SearchParams = Record<string, string | string[] | undefined>;

/** `?a=1&page=2`: the page's own parameters with `changes` applied (undefined removes one). */
export function withParams(params: SearchParams, changes: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (key in changes) continue;
    // A list filter arrives as one value per checked box: kept as one comma-separated value.
    const text = Array.isArray(value) ? value.filter(Boolean).join(",") : value;
    if (text) search.set(key, text);
  }
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "?";
}

/** One value of a parameter that may be sent several times (`?group=a&group=b`): the first. */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The entry of `table` named by a request's `key`, if the table has one of its own: never one of Object's (`constructor`, `__proto__`). */
export function entryOf<T>(table: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
