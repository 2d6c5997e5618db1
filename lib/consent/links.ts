import "server-only";
import { createHash, randomBytes } from "node:crypto";

import { recordAuditEvent } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { RESOURCES } from "@/lib/tokens";

export interface ConsentLink {
  url: string;
  /** Microsoft's link from the Defender partner documentation: no state and no way back to us. */
  legacyUrl: string;
  expiresAt: Date;
}

const CALLBACK_PATH = "/consent/callback";

/** 32 random bytes: the state is the only thing binding a consent redirect to a tenant. */
export function newState(): string {
  return randomBytes(32).toString("base64url");
}

export function hashState(state: string): string {
  return createHash("sha256").update(state).digest("hex");
}

/** Makes a new admin-consent link for a tenant and retires any earlier one. */
export async function createConsentLink(tenant: { id: string; displayName: string }, actor: string): Promise<ConsentLink> {
  const config = getConfig();
  const state = newState();
  const expiresAt = new Date(Date.now() + config.consentLinkTtlDays * 24 * 60 * 60 * 1000);
  await db().$transaction(async (tx) => {
    // One link creation per tenant at a time: two at once would each retire the older links and
    // leave both new ones live.
    await tx.$executeRaw`SELECT 1 FROM tenant WHERE id = ${tenant.id}::uuid FOR UPDATE`;
    await tx.consentRequest.updateMany({
      where: { tenantId: tenant.id, usedAt: null, retiredAt: null },
      data: { retiredAt: new Date() },
    });
    await tx.consentRequest.create({ data: { tenantId: tenant.id, stateHash: hashState(state), createdBy: actor, expiresAt } });
    await recordAuditEvent(
      { actor, action: "consent.link_created", target: tenant.id, details: { expiresAt: expiresAt.toISOString() } },
      tx,
    );
  });

  const { authorityHost, clientId } = config.microsoft;
  const url = new URL(`${authorityHost}/${tenant.id}/v2.0/adminconsent`);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: `${config.appUrl}${CALLBACK_PATH}`,
    scope: `${RESOURCES[config.incidentApi]}/.default`,
    state,
  }).toString();
  const legacyUrl = `${authorityHost}/common/oauth2/authorize?prompt=consent&client_id=${clientId}&response_type=code&sso_reload=true`;
  return { url: url.toString(), legacyUrl, expiresAt };
}
