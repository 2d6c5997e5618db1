import "server-only";
import { stringify } from "csv-stringify/sync";

/** Rows as CSV lines for a spreadsheet, every cell that would run as a formula made inert. */
export function csvLines(rows: string[][]): string {
  return stringify(rows.map((row) => row.map(inert)));
}

/**
 * Titles, tags, names and audit details come from customers' tenants, attackers' payloads and
 * people: a cell a spreadsheet would run as a formula starts with a quote instead, so it is shown
 * and never evaluated (OWASP's advice on CSV injection).
 */
export function inert(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * A CSV download of `lines` (the header first), streamed: one chunk is read per pull, so a slow
 * download holds the reading back instead of filling memory. It starts with a byte-order mark, so
 * spreadsheets read it as UTF-8, and is named after `name` and today's date.
 */
export function csvDownload(lines: AsyncGenerator<string>, name: string): Response {
  const encoder = new TextEncoder();
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await lines.next();
      if (done) return controller.close();
      controller.enqueue(encoder.encode(first ? `\uFEFF${value}` : value));
      first = false;
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}-${day}.csv"`, "cache-control": "no-store" },
  });
}
