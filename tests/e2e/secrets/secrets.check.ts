import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { expect, test } from "@playwright/test";

import { DEMO } from "@/lib/config/demo";

import { E2E } from "../stack";
import { signInAs } from "../support/sign-in";

// Runs after every other end-to-end test (see playwright.config.ts), over what that whole run left.

/** A signed JWT (header.payload.signature) whose payload is a token, e.g. an access or ID token. */
const SIGNED_JWT = /eyJ[\w-]+\.(eyJ[\w-]+)\.[\w-]+/g;

function tokensIn(text: string): string[] {
  return [...text.matchAll(SIGNED_JWT)].filter(([, payload]) => {
    try {
      return "aud" in JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return false;
    }
  }).map(([token]) => token.slice(0, 40));
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const secrets = () => [DEMO.clientSecret, readFileSync(join(E2E.dataDir, "auth-secret"), "utf8").trim(), E2E.metricsToken];

test("no secret or token reaches the server log, whose every line is one JSON event", () => {
  const log = readFileSync(join(E2E.dataDir, "portal.log"), "utf8");
  expect(log.length).toBeGreaterThan(0);
  for (const line of log.trimEnd().split("\n")) expect(JSON.parse(line), line).toMatchObject({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
  for (const secret of secrets()) expect(log).not.toContain(secret);
  expect(tokensIn(log)).toEqual([]);
});

test("no secret or token is in the client bundles", () => {
  const bundles = files(".next/static").filter((path) => /\.(js|css|json|txt)$/.test(path));
  expect(bundles.length).toBeGreaterThan(0);
  for (const path of bundles) {
    const text = readFileSync(path, "utf8");
    for (const secret of secrets()) expect(text, path).not.toContain(secret);
    expect(tokensIn(text), path).toEqual([]);
  }
});

test("no secret or token is in any page an admin sees", async ({ page }) => {
  await signInAs(page, "Avery Admin");
  const tenant = page.getByRole("table").getByRole("link").first();
  const pages = ["/tenants", "/audit", "/incidents", (await tenant.getAttribute("href")) ?? "/tenants"];
  for (const path of pages) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    const html = await page.content();
    for (const secret of secrets()) expect(html, path).not.toContain(secret);
    expect(tokensIn(html), path).toEqual([]);
  }
  const cookies = await page.context().cookies();
  expect(tokensIn(JSON.stringify(cookies))).toEqual([]);
});
