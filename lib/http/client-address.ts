import "server-only";
import { BlockList, isIP } from "node:net";

import { getConfig } from "@/lib/config";
import { processState } from "@/lib/process-state";

/** The address a request came from, and on whose word: the connection's own, or a trusted proxy's X-Forwarded-For. */
export interface ClientAddress {
  /** null when the portal's server did not say (started otherwise than by `npm start`). */
  address: string | null;
  /** How the portal knows it, as recorded: "connection", or "X-Forwarded-For from proxy <address>". */
  source: string;
}

/**
 * Who sent a request. The portal's server (scripts/server.mjs) puts the connection's address in
 * `x-portal-peer`. When that peer is one of TRUSTED_PROXIES, X-Forwarded-For is believed from the
 * right: the first address that is not itself a trusted proxy is the client (entries further left
 * are whatever the client wrote). Otherwise the connection's address is the client, whatever
 * X-Forwarded-For says.
 */
export function clientAddress(headers: Headers): ClientAddress {
  const peer = normalise(headers.get("x-portal-peer"));
  if (!peer) return { address: null, source: "unknown (not started by npm start)" };
  const trusted = trustedProxies();
  if (!isTrusted(trusted, peer)) return { address: peer, source: "connection" };
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map((entry) => normalise(entry.trim()));
  for (let index = forwarded.length - 1; index >= 0; index--) {
    const hop = forwarded[index];
    if (!hop) break;
    if (!isTrusted(trusted, hop)) return { address: hop, source: `X-Forwarded-For from proxy ${peer}` };
  }
  return { address: peer, source: "connection" };
}

// The configuration is read once per process, and so is this list.
function trustedProxies(): BlockList {
  return processState("trusted-proxies", () => {
    const list = new BlockList();
    for (const entry of getConfig().trustedProxies) {
      const [address, prefix] = entry.split("/");
      const type = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (prefix === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(prefix), type);
    }
    return list;
  });
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/** An IP address as text, IPv4-mapped IPv6 (`::ffff:10.0.0.1`) as IPv4; null for anything that is not an address. */
function normalise(value: string | null): string | null {
  if (!value) return null;
  const address = value.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return isIP(address) ? address : null;
}
