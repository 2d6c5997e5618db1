import { createHash } from "node:crypto";

/**
 * A GUID derived from its parts (joined with "|"), in the v4 layout Entra's object ids have: objects
 * the seed implies get the same id at every start, so the world looks the same after a reset.
 */
export function derivedObjectId(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("|")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
