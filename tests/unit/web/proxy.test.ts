import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

/** The proxy of a portal configured with this public URL (the configuration is read once per process). */
async function proxyServedAt(url: string) {
  vi.stubEnv("NEXTAUTH_URL", url);
  vi.stubEnv("NEXTAUTH_SECRET", "x".repeat(32));
  vi.resetModules();
  const { proxy } = await import("@/proxy");
  return (path: string) => proxy(new NextRequest(new URL(path, url)));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the proxy's headers", () => {
  it("over https: HSTS, and the policy upgrades insecure requests", async () => {
    const response = (await proxyServedAt("https://portal.contoso.example"))("/tenants");
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("over http (the demo): neither, which would break the portal there", async () => {
    const response = (await proxyServedAt("http://localhost:3000"))("/tenants");
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
  });

  it("a fresh nonce per request", async () => {
    const get = await proxyServedAt("http://localhost:3000");
    const nonce = (path: string) => /'nonce-([^']+)'/.exec(get(path).headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce("/tenants")).toBeTruthy();
    expect(nonce("/tenants")).not.toBe(nonce("/tenants"));
  });

  it("refuses, with 400, a path that is not valid percent-encoding and a NUL anywhere", async () => {
    const get = await proxyServedAt("http://localhost:3000");
    for (const path of ["/tenants/%E0%A4%A", "/tenants/%00", "/audit?tenant=a%00b", "/api/auth/session?callbackUrl=%00"]) {
      const response = get(path);
      expect(response.status, path).toBe(400);
      expect(await response.text(), path).toMatch(/^Bad request/);
    }
    expect(get("/tenants?q=%E0%A4%A").status).toBe(200);
    // The consent callback records every request it is sent, these too.
    expect(get("/consent/callback?error=a%00b&state=x").status).toBe(200);
  });

  it("sends Microsoft's generic consent link, landing on the sign-in callback with a code and no state, to the consent callback", async () => {
    const get = await proxyServedAt("http://localhost:3000");
    const landing = get("/api/auth/callback/azure-ad?code=0.AAAA");
    expect(landing.status).toBe(303);
    expect(landing.headers.get("location")).toBe("http://localhost:3000/consent/callback?code=0.AAAA");
    // A sign-in's callback always has a state: it goes on to next-auth.
    expect(get("/api/auth/callback/azure-ad?code=0.AAAA&state=s").status).toBe(200);
  });
});
