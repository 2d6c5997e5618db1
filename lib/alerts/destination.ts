import "server-only";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

import { getConfig } from "@/lib/config";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";

import { addressRefusal, isLoopback, type AddressRefusal } from "./public-address";
import { problemTexts } from "./texts";

export type DestinationCheck = { ok: true; url: URL } | { ok: false; message: string };

/** A name that resolved to an address the portal must not call. */
export interface ResolvedRefusal {
  host: string;
  address: string;
  reason: AddressRefusal;
}

/**
 * The URL, or why the portal must not call it (in `locale`): everything but resolving its name.
 * Checked again before each delivery, when the name is resolved by the connection itself (see delivery-agent).
 */
export function parseDestination(text: string, locale: Locale = DEFAULT_LOCALE): DestinationCheck {
  const t = problemTexts(locale);
  if (!URL.canParse(text.trim())) return { ok: false, message: t("notUrl") };
  const url = new URL(text.trim());
  const host = hostOf(url);
  const ownMachine = host === "localhost" || (isIP(host) !== 0 && isLoopback(host));
  // Demo mode has no certificates for the receivers a partner tries out on this machine.
  const plainHttpAllowed = url.protocol === "http:" && ownMachine && getConfig().mode === "demo";
  if (url.protocol !== "https:" && !plainHttpAllowed) return { ok: false, message: t("httpsOnly") };
  if (url.username || url.password) return { ok: false, message: t("credentials") };
  if (url.origin === new URL(getConfig().appUrl).origin) return { ok: false, message: t("ownAddress") };
  const reason = isIP(host) ? addressRefusal(host) : undefined;
  if (reason) return { ok: false, message: t("refusedAddress", { reason }) };
  return { ok: true, url };
}

/** Whether alerts may be sent to this URL, with a message (in `locale`) for the admin who typed it when not. */
export async function checkDestinationUrl(text: string, locale: Locale = DEFAULT_LOCALE): Promise<DestinationCheck> {
  const parsed = parseDestination(text, locale);
  if (!parsed.ok) return parsed;
  const host = hostOf(parsed.url);
  if (isIP(host)) return parsed;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    return { ok: false, message: problemTexts(locale)("notFound", { host }) };
  }
  for (const { address } of addresses) {
    const refusal = resolvedAddressRefusal(host, address);
    if (refusal) return { ok: false, message: refusalMessage(refusal, locale) };
  }
  return parsed;
}

/** Why the portal must not connect to the address this name resolved to, or undefined. */
export function resolvedAddressRefusal(host: string, address: string): ResolvedRefusal | undefined {
  const reason = addressRefusal(address);
  return reason && { host, address, reason };
}

export function refusalMessage(refusal: ResolvedRefusal, locale: Locale): string {
  return problemTexts(locale)("resolvesTo", { ...refusal });
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}
