import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";

// The signing scheme both sides share: a receiver's code (the e2e runner's, the benchmark's) loads
// this module alone, without the portal's sending and its messages (webhook-delivery.ts sends).

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the target's secret>` */
export const SIGNATURE_HEADER = "x-portal-signature";
/** The same for every attempt to deliver one event: a receiver ignores an id it has already handled. */
export const EVENT_ID_HEADER = "x-portal-event-id";

/** The headers a delivery of this body carries: its event id and its signature, made now (the scheme Stripe uses). */
export function signedHeaders(secret: string, eventId: string, body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000).toString();
  return { [EVENT_ID_HEADER]: eventId, [SIGNATURE_HEADER]: `t=${timestamp},v1=${signature(secret, timestamp, body)}` };
}

/**
 * For a receiver: whether a delivery comes from the portal, unchanged and recent. `header` is the
 * X-Portal-Signature value, `rawBody` the bytes received, before any JSON parsing. The timestamp is
 * signed with the body, so a delivery replayed later than `toleranceSeconds` is refused.
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  rawBody: string | Uint8Array,
  { toleranceSeconds = 300, now = Date.now() }: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const fields = (header ?? "").split(",").map((field) => field.trim().split("=", 2));
  const timestamp = fields.find(([name]) => name === "t")?.[1] ?? "";
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const given = fields.find(([name]) => name === "v1")?.[1] ?? "";
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(signature(secret, timestamp, rawBody), "hex"));
}

function signature(secret: string, timestamp: string, rawBody: string | Uint8Array): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest("hex");
}
