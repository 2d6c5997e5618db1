import { createHmac } from "node:crypto";

import { request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { EVENT_ID_HEADER, sendWebhook, SIGNATURE_HEADER, verifySignature } from "@/lib/alerts";

import { closedPort, startReceiver, type Receiver } from "./receiver";

const SECRET = "whsec-test-0123456789abcdef";
const EVENT = { type: "incident.created", incident: { id: "42", title: "Ransomware on <b>FILE01</b>", severity: "high" } };
const send = (url: string, timeoutMs = 5_000) => sendWebhook({ url, secret: SECRET }, EVENT, { eventId: "evt-1", timeoutMs });

let receiver: Receiver;

describe("webhook delivery (demo mode, a receiver on this machine)", () => {
  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = "s".repeat(40);
    receiver = await startReceiver(SECRET);
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.answers.length = 0;
    receiver.now = undefined;
  });
  afterAll(() => receiver.close());

  it("posts the event as signed JSON that the receiver verifies", async () => {
    expect(await send(receiver.url)).toEqual({ ok: true, status: 204 });

    const [delivery] = receiver.received;
    expect(delivery).toMatchObject({ method: "POST", path: "/hooks/alerts", verified: true });
    expect(JSON.parse(delivery.body)).toEqual(EVENT);
    expect(delivery.headers).toMatchObject({ "content-type": "application/json", "user-agent": "PartnerPortal-Alerts", [EVENT_ID_HEADER]: "evt-1" });
    // The documented scheme, computed here without the portal's code.
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery.headers[SIGNATURE_HEADER] as string)!;
    expect(v1).toBe(createHmac("sha256", SECRET).update(`${t}.${delivery.body}`).digest("hex"));
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(5);
  });

  it("lets a receiver refuse a delivery whose body was changed on the way", async () => {
    await send(receiver.url);
    const [delivery] = receiver.received;
    const tampered = delivery.body.replace('"high"', '"low"');
    expect(verifySignature(SECRET, delivery.headers[SIGNATURE_HEADER] as string, tampered)).toBe(false);

    const replay = await request(receiver.url, { method: "POST", headers: { [SIGNATURE_HEADER]: delivery.headers[SIGNATURE_HEADER] as string }, body: tampered });
    expect(replay.statusCode).toBe(401);
    await replay.body.dump();
  });

  it("lets a receiver refuse a delivery replayed after the tolerance", async () => {
    await send(receiver.url);
    const [delivery] = receiver.received;
    receiver.now = Date.now() + 301_000;

    const replay = await request(receiver.url, { method: "POST", headers: { [SIGNATURE_HEADER]: delivery.headers[SIGNATURE_HEADER] as string }, body: delivery.body });
    expect(replay.statusCode).toBe(401);
    await replay.body.dump();
    expect(verifySignature(SECRET, delivery.headers[SIGNATURE_HEADER] as string, delivery.body, { now: Date.now() + 299_000 })).toBe(true);
    expect(verifySignature("another-target's-secret", delivery.headers[SIGNATURE_HEADER] as string, delivery.body)).toBe(false);
  });

  it("does not follow a redirect, and names where it pointed", async () => {
    receiver.answers.push({ status: 302, headers: { location: "/hooks/elsewhere" } });

    const result = await send(receiver.url);

    expect(result).toEqual({
      ok: false,
      status: 302,
      message: `The receiver answered 302 Found: redirected to ${new URL("/hooks/elsewhere", receiver.url).href}, not followed.`,
      retryable: false,
    });
    expect(receiver.received.map((delivery) => delivery.path)).toEqual(["/hooks/alerts"]);
  });

  it("reports a 500 as retryable with the receiver's answer, and the retry succeeds", async () => {
    receiver.answers.push({ status: 500, body: "database\n  unavailable" }, { status: 200 });

    expect(await send(receiver.url)).toEqual({
      ok: false,
      status: 500,
      message: "The receiver answered 500 Internal Server Error: database unavailable",
      retryable: true,
    });
    expect(await send(receiver.url)).toEqual({ ok: true, status: 200 });
  });

  it("retries 408 and 429 but not other 4xx answers", async () => {
    receiver.answers.push({ status: 408 }, { status: 429 }, { status: 400, body: "unknown event type" }, { status: 410 });

    const results = [await send(receiver.url), await send(receiver.url), await send(receiver.url), await send(receiver.url)];

    expect(results.map((result) => !result.ok && result.retryable)).toEqual([true, true, false, false]);
    expect(results[2]).toMatchObject({ status: 400, message: "The receiver answered 400 Bad Request: unknown event type" });
  });

  it("keeps only the start of a long answer", async () => {
    receiver.answers.push({ status: 503, body: "x".repeat(100_000) });

    const result = await send(receiver.url);

    expect(result).toMatchObject({ ok: false, status: 503, retryable: true });
    expect(!result.ok && result.message).toBe(`The receiver answered 503 Service Unavailable: ${"x".repeat(300)}…`);
  });

  it("gives up on a receiver that never answers, as retryable", async () => {
    receiver.answers.push(undefined);

    const started = Date.now();
    const result = await send(receiver.url, 300);

    expect(result).toEqual({ ok: false, message: `No answer from ${new URL(receiver.url).host} within 0.3 s.`, retryable: true });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("reports an unreachable receiver as retryable", async () => {
    const port = await closedPort();

    expect(await send(`http://127.0.0.1:${port}/hooks`)).toEqual({ ok: false, message: `127.0.0.1:${port} refused the connection.`, retryable: true });
  });
});
