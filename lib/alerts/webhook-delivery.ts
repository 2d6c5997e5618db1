import "server-only";

import { postJson, type DeliveryResult, type SendOptions } from "./delivery";
import { signedHeaders } from "./webhook";

export interface WebhookTarget {
  url: string;
  secret: string;
}

/** POSTs the event as signed JSON (see SIGNATURE_HEADER). */
export function sendWebhook(target: WebhookTarget, payload: object, { eventId, ...options }: SendOptions & { eventId: string }): Promise<DeliveryResult> {
  const body = JSON.stringify(payload);
  return postJson(target.url, body, signedHeaders(target.secret, eventId, body), options);
}
