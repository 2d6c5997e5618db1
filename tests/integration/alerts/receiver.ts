import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

import { SIGNATURE_HEADER, verifySignature } from "@/lib/alerts";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the signature matched the body under the receiver's secret and clock. */
  verified: boolean;
}

/** What the receiver does with the next request: answer it, or (undefined) hold it without answering. */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | undefined;

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** Answers for the coming requests, in order; after them, a signed request gets 204 and any other 401. */
  answers: Answer[];
  /** The receiver's clock, as Date.now(): move it to replay a delivery later. */
  now: number | undefined;
  close(): Promise<void>;
}

/**
 * A partner's webhook receiver on 127.0.0.1, as our documentation tells partners to write one:
 * it checks X-Portal-Signature against the raw body with verifySignature before anything else.
 */
export async function startReceiver(secret: string): Promise<Receiver> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const verified = verifySignature(secret, req.headers[SIGNATURE_HEADER] as string | undefined, raw, { now: receiver.now });
    receiver.received.push({ method: req.method!, path: req.url!, headers: req.headers, body: raw.toString("utf8"), verified });
    const answer = receiver.answers.length > 0 ? receiver.answers.shift() : verified ? { status: 204 } : { status: 401, body: "bad signature" };
    if (answer) res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const receiver: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts`,
    received: [],
    answers: [],
    now: undefined,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

/** A port on 127.0.0.1 where nothing listens. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
