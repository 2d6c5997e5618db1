import { beforeAll, describe, expect, it } from "vitest";

import { checkDestinationUrl, sendWebhook } from "@/lib/alerts";

const PRIVATE = "This address points into a private network; the portal only calls public addresses.";
const LINK_LOCAL = "This address is a link-local address (such as a cloud's metadata service); the portal only calls public addresses.";
const HTTPS_ONLY = "Webhook addresses must start with https://.";

async function messageFor(url: string): Promise<string | undefined> {
  const check = await checkDestinationUrl(url);
  return check.ok ? undefined : check.message;
}

describe("destination addresses in demo mode", () => {
  beforeAll(() => {
    process.env.NEXTAUTH_SECRET = "s".repeat(40);
  });

  it("accepts http:// to this machine, where demo receivers run", async () => {
    for (const url of ["http://127.0.0.1:8080/hook", "http://localhost:8080/hook", "http://[::1]:8080/hook", "https://127.0.0.2/hook"]) {
      expect(await checkDestinationUrl(url), url).toMatchObject({ ok: true, url: new URL(url) });
    }
  });

  it("refuses http:// to anywhere else", async () => {
    expect(await messageFor("http://93.184.215.14/hook")).toBe(HTTPS_ONLY);
    expect(await messageFor("ftp://127.0.0.1/hook")).toBe(HTTPS_ONLY);
    expect(await messageFor("javascript:alert(1)")).toBe(HTTPS_ONLY);
  });

  it("refuses the portal's own address", async () => {
    expect(await messageFor("http://localhost:3000/api/health")).toBe("This is the portal's own address; alerts must go to another service.");
  });

  it("refuses private and link-local addresses even in demo mode", async () => {
    expect(await messageFor("https://10.1.2.3/hook")).toBe(PRIVATE);
    expect(await messageFor("https://[::ffff:192.168.1.1]/hook")).toBe(PRIVATE);
    expect(await messageFor("http://169.254.169.254/latest/meta-data/")).toBe(HTTPS_ONLY);
    expect(await messageFor("https://169.254.169.254/latest/meta-data/")).toBe(LINK_LOCAL);
    expect(await messageFor("https://[fe80::1]/hook")).toBe(LINK_LOCAL);
  });

  it("refuses credentials in the address and text that is not an address", async () => {
    expect(await messageFor("https://admin:hunter2@hooks.contoso.example/hook")).toBe("Webhook addresses must not contain a user name or password.");
    expect(await messageFor("hooks.contoso.example/hook")).toBe("Enter a full web address, starting with https://.");
    expect(await messageFor("")).toBe("Enter a full web address, starting with https://.");
  });

  it("refuses a private address again when sending", async () => {
    const result = await sendWebhook({ url: "https://10.0.0.7/hook", secret: "secret" }, {}, { eventId: "evt-1", timeoutMs: 5_000 });

    expect(result).toEqual({ ok: false, message: PRIVATE, retryable: false });
  });
});
