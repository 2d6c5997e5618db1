import "server-only";
import { BlockList, isIPv4 } from "node:net";

import { getConfig } from "@/lib/config";

type Block = [family: "ipv4" | "ipv6", address: string, prefix: number];

/** Why an address is refused, as the messages "AlertProblems.refusedAddress" and "resolvesTo" say it. */
export type AddressRefusal = "loopback" | "private" | "linkLocal" | "reserved";

// An admin types webhook URLs: these keep the portal from calling into our network or the cloud's metadata service.
const REFUSED: { reason: AddressRefusal; blocks: Block[] }[] = [
  { reason: "loopback", blocks: [["ipv4", "127.0.0.0", 8], ["ipv6", "::1", 128]] },
  {
    reason: "private",
    blocks: [["ipv4", "10.0.0.0", 8], ["ipv4", "172.16.0.0", 12], ["ipv4", "192.168.0.0", 16], ["ipv4", "100.64.0.0", 10], ["ipv6", "fc00::", 7]],
  },
  // Such as a cloud's metadata service.
  { reason: "linkLocal", blocks: [["ipv4", "169.254.0.0", 16], ["ipv6", "fe80::", 10]] },
  {
    reason: "reserved",
    // ::/96 holds the unspecified address and the deprecated IPv4-compatible forms (::10.0.0.1).
    blocks: [["ipv4", "0.0.0.0", 8], ["ipv4", "224.0.0.0", 4], ["ipv4", "240.0.0.0", 4], ["ipv6", "::", 96], ["ipv6", "ff00::", 8]],
  },
];

// BlockList matches IPv4-mapped IPv6 itself; behind NAT64, 64:ff9b::a00:1 reaches 10.0.0.1, so add that form too.
const RULES = REFUSED.map(({ reason, blocks }) => {
  const list = new BlockList();
  for (const [family, address, prefix] of blocks) {
    list.addSubnet(address, prefix, family);
    if (family === "ipv4") list.addSubnet(nat64(address), 96 + prefix, "ipv6");
  }
  return { reason, list };
});

function nat64(ipv4: string): string {
  const [a, b, c, d] = ipv4.split(".").map(Number);
  return `64:ff9b::${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/**
 * Why the portal must not connect to this IP address ("private"), or undefined for a public
 * address. Loopback is allowed in demo mode, where receivers run on this machine.
 */
export function addressRefusal(address: string): AddressRefusal | undefined {
  const family = isIPv4(address) ? "ipv4" : "ipv6";
  const reason = RULES.find(({ list }) => list.check(address.replace(/%.*$/, ""), family))?.reason;
  if (reason === "loopback" && getConfig().mode === "demo") return undefined;
  return reason;
}

export function isLoopback(address: string): boolean {
  return RULES[0].list.check(address, isIPv4(address) ? "ipv4" : "ipv6");
}
