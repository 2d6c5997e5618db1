import "server-only";
import { lookup } from "node:dns/promises";
import type { LookupFunction } from "node:net";

import { Agent } from "undici";

import { processState } from "@/lib/process-state";

import { refusalMessage, resolvedAddressRefusal, type ResolvedRefusal } from "./destination";

/** A connection refused by the address rules: the delivery says why in its own language. */
export class RefusedAddressError extends Error {
  constructor(readonly refusal: ResolvedRefusal) {
    super(refusalMessage(refusal, "en"));
    this.name = "RefusedAddressError";
  }
}

// DNS rebinding: a name public when the target was saved may resolve privately now, so connections resolve through the rule.
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }).then(
    (addresses) => {
      const refusal = addresses.map(({ address }) => resolvedAddressRefusal(hostname, address)).find(Boolean);
      if (refusal) callback(new RefusedAddressError(refusal), "");
      else if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    },
    (error: NodeJS.ErrnoException) => callback(error, ""),
  );
};

/** The connections alert deliveries use: separate from the pool for Microsoft, and guarded. */
export function deliveryAgent(): Agent {
  return processState("alerts.deliveryAgent", () => new Agent({ connect: { lookup: guardedLookup } }));
}
