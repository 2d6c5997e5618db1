import { isIP } from "node:net";

import { beforeAll, describe, expect, it, vi } from "vitest";

import { checkDestinationUrl, sendWebhook } from "@/lib/alerts";

// Names this test controls, each with its answers in turn (the last one repeats); [] is "not found".
// Every other name goes to the real resolver.
const names = vi.hoisted(() => new Map<string, string[][]>());

vi.mock("node:dns/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:dns/promises")>();
  const lookup = async (hostname: string, options: { all: true }) => {
    const answers = names.get(hostname);
    if (!answers) return real.lookup(hostname, options);
    const addresses = answers.length > 1 ? answers.shift()! : answers[0];
    if (addresses.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: isIP(address) }));
  };
  return { ...real, lookup };
});

const PUBLIC_ONLY = "the portal only calls public addresses.";
const REASONS = {
  loopback: "points to the portal's own server",
  private: "points into a private network",
  linkLocal: "is a link-local address (such as a cloud's metadata service)",
  reserved: "is a reserved, multicast or broadcast address",
};

const LITERALS: Record<keyof typeof REASONS, string[]> = {
  loopback: ["127.0.0.1", "127.255.255.254", "0x7f.1", "2130706433", "[::1]", "[::ffff:127.0.0.1]"],
  private: ["10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "100.127.255.255", "[fc00::1]", "[fd12:3456::1]", "[::ffff:10.0.0.1]", "[64:ff9b::a00:1]"],
  linkLocal: ["169.254.169.254", "169.254.0.1", "[fe80::1]", "[febf::1]", "[::ffff:169.254.169.254]", "[64:ff9b::a9fe:a9fe]"],
  reserved: ["0.0.0.0", "0.1.2.3", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "[::]", "[::10.0.0.1]", "[ff02::1]"],
};
const PUBLIC_LITERALS = ["8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "169.253.255.255", "192.169.0.1", "[2606:4700::1111]"];

async function messageFor(url: string): Promise<string | undefined> {
  const check = await checkDestinationUrl(url);
  return check.ok ? undefined : check.message;
}

describe("destination addresses in microsoft mode", () => {
  beforeAll(() => {
    Object.assign(process.env, {
      NEXTAUTH_SECRET: "s".repeat(40),
      NEXTAUTH_URL: "https://portal.contoso.example",
      AZURE_CLIENT_ID: "11111111-2222-3333-4444-555555555555",
      AZURE_CLIENT_SECRET: "a-secret",
      AZURE_TENANT_ID: "66666666-7777-8888-9999-000000000000",
      PARTNER_NAME: "Contoso Managed Security",
    });
  });

  it("refuses every loopback, private, link-local and reserved IP address, however it is written", async () => {
    for (const [kind, literals] of Object.entries(LITERALS)) {
      for (const literal of literals) {
        expect(await messageFor(`https://${literal}/hook`), literal).toBe(`This address ${REASONS[kind as keyof typeof REASONS]}; ${PUBLIC_ONLY}`);
      }
    }
  });

  it("accepts public IP addresses just outside those ranges", async () => {
    for (const literal of PUBLIC_LITERALS) expect(await checkDestinationUrl(`https://${literal}/hook`), literal).toMatchObject({ ok: true });
  });

  it("refuses localhost, and http:// even to this machine", async () => {
    expect(await messageFor("https://localhost/hook")).toMatch(
      /^localhost resolves to (127\.0\.0\.1|::1), which points to the portal's own server; the portal only calls public addresses\.$/,
    );
    expect(await messageFor("http://127.0.0.1:8080/hook")).toBe("Webhook addresses must start with https://.");
  });

  it("refuses a name that resolves to a private address, even among public ones", async () => {
    names.set("intranet.contoso.example", [["10.20.30.40"]]);
    names.set("mixed.contoso.example", [["203.0.113.10", "2001:db8::10", "192.168.1.20"]]);
    names.set("metadata.contoso.example", [["::ffff:169.254.169.254"]]);

    expect(await messageFor("https://intranet.contoso.example/hook")).toBe(
      `intranet.contoso.example resolves to 10.20.30.40, which points into a private network; ${PUBLIC_ONLY}`,
    );
    expect(await messageFor("https://mixed.contoso.example/hook")).toBe(
      `mixed.contoso.example resolves to 192.168.1.20, which points into a private network; ${PUBLIC_ONLY}`,
    );
    expect(await messageFor("https://metadata.contoso.example/hook")).toBe(
      `metadata.contoso.example resolves to ::ffff:169.254.169.254, which ${REASONS.linkLocal}; ${PUBLIC_ONLY}`,
    );
  });

  it("accepts a name that resolves only to public addresses", async () => {
    names.set("hooks.fabrikam.example", [["203.0.113.10", "2001:db8::10"]]);

    expect(await checkDestinationUrl("https://hooks.fabrikam.example/alerts")).toEqual({ ok: true, url: new URL("https://hooks.fabrikam.example/alerts") });
  });

  it("says so when a name is not found", async () => {
    names.set("hooks.tpyo.example", [[]]);

    expect(await messageFor("https://hooks.tpyo.example/alerts")).toBe("No address was found for hooks.tpyo.example; check the spelling.");
  });

  it("refuses the portal's own address", async () => {
    expect(await messageFor("https://portal.contoso.example/api/health")).toBe("This is the portal's own address; alerts must go to another service.");
  });

  it("refuses to send when the name has since been pointed at a private address (DNS rebinding)", async () => {
    names.set("rebind.fabrikam.example", [["203.0.113.10"], ["10.0.0.5"]]);
    expect(await checkDestinationUrl("https://rebind.fabrikam.example/hook")).toMatchObject({ ok: true });

    const result = await sendWebhook({ url: "https://rebind.fabrikam.example/hook", secret: "secret" }, {}, { eventId: "evt-1", timeoutMs: 3_000 });

    expect(result).toEqual({
      ok: false,
      message: `rebind.fabrikam.example resolves to 10.0.0.5, which points into a private network; ${PUBLIC_ONLY}`,
      retryable: false,
    });
  });
});
