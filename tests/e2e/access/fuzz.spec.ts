import { expect, test, type APIRequestContext } from "@playwright/test";

import { FABRIKAM_TENANT_ID } from "@/tests/support/seed-ids";

import { appRoutes, type AppRoute } from "../support/inventory";
import { signInAs } from "../support/sign-in";

// Every page and route handler, anonymous and as an admin, with generated query strings, path
// segments and bodies a hostile or careless client sends: repeated parameters, JavaScript's
// prototype names, NUL, broken percent-encoding, huge values, wrong types. Each must answer
// without a server error and without a stack trace.

const SAMPLE: Record<string, string> = { "[id]": FABRIKAM_TENANT_ID, "[incidentId]": "1", "[outcome]": "granted", "[...nextauth]": "session" };
const NAMES = ["tenant", "action", "reason", "error", "error_description", "error_subcode", "callbackUrl", "state", "admin_consent", "code", "q", "page", "sort", "severity", "status", "range", "assignedTo", "group", "edit", "saved", "deleted", "constructor", "__proto__", "toString", "hasOwnProperty"];
// Written into the URL as they are: some are deliberately not valid percent-encoding.
const RAW = ["%00", "a%00b", "%", "%E0%A4%A", "%FF", "%C0%AF", "%2e%2e%2f%2e%2e%2f"];
const VALUES = [
  "constructor", "__proto__", "toString", "valueOf", "prototype", "", " ", "-1", "0", "1e309", "NaN", "99999999999999999999999", "[]", "{}", "null", "true",
  "'", '"', "<script>alert(1)</script>", "../../etc/passwd", "😀", "ÿ", "00000000-0000-0000-0000-000000000000", "1; DROP TABLE tenant", "\\", "javascript:alert(1)",
  "//evil.example", "https://evil.example/x", "x".repeat(6_000), "high", "active", "severity", "180d", "granted", "admin",
];
const SEGMENTS = ["constructor", "__proto__", "%00", "%E0%A4%A", "x".repeat(300), "not-a-guid", "00000000-0000-0000-0000-000000000000", "-1", "99999999999999999999", "..%2F..%2F"];
const BODIES: (string | Buffer)[] = [
  "", "null", "[]", "{}", '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '{"tenantId":["a","b"]}', '{"tenantId":{"$ne":null}}',
  "\u0000", "{", JSON.stringify({ tenantId: "x".repeat(200_000) }), Buffer.alloc(1_000_000, 0x41), "a=1&a=2&__proto__[x]=1",
];
const PER_ROUTE = 30;
// A stack frame as Node prints it, or the source of one.
const STACK = /\n\s+at [^\n]+[(:]\d+:\d+\)?|node_modules|webpack-internal/;

/** A small seeded generator: the same requests on every run. */
function random(seed: number) {
  return (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n) as number;
  };
}

function requestsFor(route: AppRoute, pick: (n: number) => number): { url: string; body?: string | Buffer }[] {
  const any = <T,>(list: readonly T[]) => list[pick(list.length)];
  return Array.from({ length: PER_ROUTE }, (_, i) => {
    // Every third request puts a hostile value in each dynamic segment instead of a real one.
    const path = route.pattern
      .split("/")
      .map((segment) => (/^\[.*\]$/.test(segment) ? (i % 3 === 0 ? any(SEGMENTS) : SAMPLE[segment]) : segment))
      .join("/");
    const pairs = Array.from({ length: 1 + pick(4) }, () => {
      const name = any(NAMES);
      // A parameter sent once or several times (an array to the page).
      return Array.from({ length: 1 + pick(3) }, () => `${encodeURIComponent(name)}=${pick(4) === 0 ? any(RAW) : encodeURIComponent(any(VALUES))}`);
    }).flat();
    return { url: `${path}?${pairs.join("&")}`, body: route.method === "POST" ? any(BODIES) : undefined };
  });
}

async function fuzz(request: APIRequestContext, seed: number): Promise<{ sent: number; failures: string[] }> {
  const pick = random(seed);
  const failures: string[] = [];
  let sent = 0;
  for (const route of appRoutes(SAMPLE)) {
    for (const { url, body } of requestsFor(route, pick)) {
      const response = await request.fetch(url, { method: route.method, maxRedirects: 0, failOnStatusCode: false, ...(body !== undefined && { data: body, headers: { "content-type": "application/json" } }) });
      sent++;
      const text = await response.text();
      if (response.status() >= 500 || STACK.test(text)) failures.push(`${route.method} ${url.slice(0, 200)} → ${response.status()}${STACK.test(text) ? " with a stack trace" : ""}`);
    }
  }
  return { sent, failures };
}

test("generated query strings, segments and bodies get no server error and no stack trace, anonymous or as an admin", async ({ page, request }) => {
  test.setTimeout(300_000);
  const anonymous = await fuzz(request, 1);
  await signInAs(page, "Avery Admin");
  const admin = await fuzz(page.context().request, 2);
  expect(anonymous.sent + admin.sent).toBeGreaterThanOrEqual(1_000);
  expect([...anonymous.failures, ...admin.failures]).toEqual([]);
});
