import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "@/tests/e2e/stack";
import { adminConsentUrl, FABRIKAM_TENANT_ID, startTestEmulator, type TestEmulator } from "./emulator-fixture";

describe("emulator admin consent in a browser", () => {
  let emulator: TestEmulator;
  let browser: Browser;
  let callbackServer: Server;
  let callbackPort: number;
  const callbacks: URL[] = [];

  beforeAll(async () => {
    emulator = await startTestEmulator();
    browser = await chromium.launch(CHROMIUM);
    // The app's redirect target: the registered loopback URI, on whatever port is free.
    callbackServer = createServer((req, res) => {
      callbacks.push(new URL(req.url ?? "/", "http://localhost"));
      res.writeHead(200, { "content-type": "text/plain" }).end("consent received");
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, "127.0.0.1", resolve));
    callbackPort = (callbackServer.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await browser?.close();
    callbackServer?.close();
    await emulator?.close();
  });

  it("lets Fabrikam's global admin pick their account, review the app and accept, landing on the app's redirect URI", async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const redirectUri = `http://localhost:${callbackPort}/consent/callback`;
    await page.goto(adminConsentUrl(emulator.url, { redirectUri, state: "browser-state" }));

    await expect(page.getByRole("heading", { name: "Pick an account" }).isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: /Fabrikam Global Admin/ }).click();

    await page.getByRole("heading", { name: "Permissions requested" }).waitFor();
    const body = page.locator("main");
    await expect(body.innerText()).resolves.toMatch(/Northwind Partner Portal\s+Northwind Security Partners/);
    await expect(body.innerText()).resolves.toContain("Read all security incidents");
    await page.getByRole("button", { name: "Accept" }).click();

    await page.waitForURL((url) => url.pathname === "/consent/callback");
    await expect(page.locator("body").innerText()).resolves.toBe("consent received");
    // Chromium also asks the callback server for /favicon.ico.
    const landed = callbacks.find((url) => url.pathname === "/consent/callback");
    expect(landed?.searchParams.get("admin_consent")).toBe("True");
    expect(landed?.searchParams.get("tenant")).toBe(FABRIKAM_TENANT_ID);
    expect(landed?.searchParams.get("state")).toBe("browser-state");
    await context.close();
  });
});
