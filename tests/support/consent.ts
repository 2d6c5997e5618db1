import { createConsentLink } from "@/lib/consent/links";

/** Creates a consent link for the tenant, as an admin does, and returns the state it carries. */
export async function newConsentState(tenant: { id: string; displayName: string }, admin: string): Promise<string> {
  const link = await createConsentLink(tenant, admin);
  return new URL(link.url).searchParams.get("state")!;
}
