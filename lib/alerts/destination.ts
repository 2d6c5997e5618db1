import "server-only";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

import { getConfig } from "@/lib/config";

import { addressRefusal, isLoopback } from "./public-address";

export type DestinationCheck = { ok: true; url: URL } | { ok: false; message: string };

const PUBLIC_ONLY = "the portal only calls public addresses.";

/**
 * The URL, or why the portal must not call it: everything but resolving its name. Checked again
 * before each delivery, when the name is resolved by the connection itself (see delivery-agent).
 */
export function parseDestination(text: string): DestinationCheck {
  if (!URL.canParse(text.trim())) return { ok: false, message: "Enter a full web address, starting with https://." };
  const url = new URL(text.trim());
  const host = hostOf(url);
  const ownMachine = host === "localhost" || (isIP(host) !== 0 && isLoopback(host));
  // Demo mode has no certificates for the receivers a partner tries out on this machine.
  const plainHttpAllowed = url.protocol === "http:" && ownMachine && getConfig().mode === "demo";
  if (url.protocol !== "https:" && !plainHttpAllowed) return { ok: false, message: "Webhook addresses must start with https://." };
  if (url.username || url.password) return { ok: false, message: "Webhook addresses must not contain a user name or password." };
  if (url.origin === new URL(getConfig().appUrl).origin) {
    return { ok: false, message: "This is the portal's own address; alerts must go to another service." };
  }
  const refusal = isIP(host) ? addressRefusal(host) : undefined;
  if (refusal) return { ok: false, message: `This address ${refusal}; ${PUBLIC_ONLY}` };
  return { ok: true, url };
}

/** Whether alerts may be sent to this URL, with a message for the admin who typed it when not. */
export async function checkDestinationUrl(text: string): Promise<DestinationCheck> {
  const parsed = parseDestination(text);
  if (!parsed.ok) return parsed;
  const host = hostOf(parsed.url);
  if (isIP(host)) return parsed;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    return { ok: false, message: `No address was found for ${host}; check the spelling.` };
  }
  for (const { address } of addresses) {
    const message = resolvedAddressRefusal(host, address);
    if (message) return { ok: false, message };
  }
  return parsed;
}

/** Why the portal must not connect to the address this name resolved to, or undefined. */
export function resolvedAddressRefusal(host: string, address: string): string | undefined {
  const refusal = addressRefusal(address);
  return refusal && `${host} resolves to ${address}, which ${refusal}; ${PUBLIC_ONLY}`;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}
