import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

// Every page, route handler and server action of the built app, read from the source tree and the
// build's server-action manifest: a new one is covered by the access tests without being listed.

export interface AppRoute {
  pattern: string;
  /** The pattern with its dynamic segments filled from `sample`. */
  url: string;
  kind: "page" | "route";
  /** The one method a route handler answers: refusal is checked with it. */
  method: "GET" | "POST";
}

export function appRoutes(sample: Record<string, string>, dir = "app"): AppRoute[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return appRoutes(sample, path);
    const kind = name === "page.tsx" ? "page" : name === "route.ts" ? "route" : null;
    if (!kind) return [];
    const segments = relative("app", dir).split(sep).filter((segment) => segment && !/^\(.*\)$/.test(segment));
    const pattern = `/${segments.join("/")}`;
    const method = kind === "route" && /export const POST/.test(readFileSync(path, "utf8")) ? "POST" : "GET";
    return [{ pattern, url: `/${segments.map((segment) => sample[segment] ?? segment).join("/")}`, kind, method }];
  });
}

export function serverActions(): { id: string; name: string }[] {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { exportedName: string }>;
  };
  return Object.entries(manifest.node).map(([id, action]) => ({ id, name: action.exportedName }));
}

/** Pages and routes anyone may open; every other one is for signed-in staff. */
export const PUBLIC = new Set(["/" /* redirects to /dashboard */, "/signin", "/no-access", "/consent/callback", "/consent/result/[outcome]", "/api/health/live", "/api/health/ready", "/api/auth/[...nextauth]"]);
