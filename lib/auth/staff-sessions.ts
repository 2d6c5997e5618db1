import "server-only";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";

import { recordAuditEvent } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { jsonOf, send } from "@/lib/http";

import { staffAccess, type PortalRole } from "./access";
import { JWT_BEARER, signClientAssertion } from "./client-assertion";

/** What staff sign in with: the refresh token (`offline_access`) is how their role is checked again. */
export const SIGN_IN_SCOPE = "openid profile email offline_access";

/** Why a session ended, as the audit log names it. */
type EndReason = "signed_out" | "ended_by_admin" | "role_removed" | "account_disabled" | "sessions_revoked" | "entra_refused";

/**
 * Starts a staff member's session at sign-in and returns its id, which the session cookie carries.
 * It lasts staffSessionHours however active they are.
 */
export async function startSession(staff: { upn: string; oid: string; role: PortalRole; refreshToken?: string }): Promise<string> {
  const { staffSessionHours } = getConfig();
  const session = await db().staffSession.create({
    data: {
      staffKey: staff.upn.toLowerCase(),
      oid: staff.oid,
      role: staff.role,
      expiresAt: new Date(Date.now() + staffSessionHours * 60 * 60 * 1000),
      refreshToken: staff.refreshToken ? seal(staff.refreshToken) : null,
    },
  });
  return session.id;
}

/**
 * The role of a session still running, or null when it ended or expired. Every staff request asks;
 * once the role is older than staffRoleCheckSeconds, one request asks Entra again (the others keep
 * the role meanwhile): a role removed, an account disabled or sessions revoked there ends it.
 */
export async function activeRole(sessionId: string): Promise<PortalRole | null> {
  const session = z.uuid().safeParse(sessionId).success ? await db().staffSession.findUnique({ where: { id: sessionId } }) : null;
  if (!session || session.expiresAt <= new Date()) return null;
  const role = session.role as PortalRole;
  if (Date.now() - session.checkedAt.getTime() < getConfig().staffRoleCheckSeconds * 1000) return role;
  const { count } = await db().staffSession.updateMany({ where: { id: session.id, checkedAt: session.checkedAt }, data: { checkedAt: new Date() } });
  if (count === 0) return role;
  const now = await roleInEntra(session.refreshToken, session.oid);
  if (now === "unanswered") return role;
  if ("ended" in now) {
    await endSession(session.id, now.ended, session.staffKey);
    return null;
  }
  if (now.role !== role) {
    await db().staffSession.update({ where: { id: session.id }, data: { role: now.role } });
    await recordAuditEvent({ actor: session.staffKey, action: "staff.role_changed", details: { from: role, to: now.role } });
  }
  return now.role;
}

/** Ends a session: its cookie no longer signs anyone in, wherever it was copied to. */
export async function endSession(sessionId: string, reason: EndReason, actor: string): Promise<void> {
  if (!z.uuid().safeParse(sessionId).success) return;
  const ended = await db().staffSession.deleteMany({ where: { id: sessionId } });
  if (ended.count > 0) await recordAuditEvent({ actor, action: "staff.session_ended", details: { reason } });
}

/** Ends every session of a staff member (an admin's doing); returns how many there were. */
export async function endStaffSessions(staffKey: string, actor: string): Promise<number> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.staffSession.deleteMany({ where: { staffKey } });
    if (count > 0) await recordAuditEvent({ actor, action: "staff.sessions_ended", target: staffKey, details: { staff: staffKey, sessions: count, reason: "ended_by_admin" satisfies EndReason } }, tx);
    return count;
  });
}

export interface SignedInStaff {
  key: string;
  upn: string;
  name: string;
  role: PortalRole;
  sessions: number;
  lastSignInAt: Date;
}

/** Staff with a session running, by name. */
export async function signedInStaff(): Promise<SignedInStaff[]> {
  const staff = await db().staffMember.findMany({
    where: { sessions: { some: { expiresAt: { gt: new Date() } } } },
    include: { sessions: { where: { expiresAt: { gt: new Date() } }, orderBy: { startedAt: "desc" } } },
    orderBy: { name: "asc" },
  });
  return staff.map((member) => ({
    key: member.key,
    upn: member.upn,
    name: member.name,
    role: member.sessions[0].role as PortalRole,
    sessions: member.sessions.length,
    lastSignInAt: member.lastSignInAt,
  }));
}

/** Deletes sessions past their end; returns how many. */
export async function purgeExpiredSessions(): Promise<number> {
  const { count } = await db().staffSession.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  return count;
}

type EntraAnswer = { role: PortalRole } | { ended: EndReason } | "unanswered";

// Entra's refusals of a refresh token that mean the person may no longer sign in.
const REFUSALS: Record<number, EndReason> = { 50057: "account_disabled", 50173: "sessions_revoked" };

/**
 * The role Entra gives the user now: their refresh token redeemed at the partner tenant's token
 * endpoint returns a new ID token, issued with their current app roles. The ID token comes straight
 * from the token endpoint over TLS, so its issuer is the one asked (OpenID Connect Core 3.1.3.7).
 */
async function roleInEntra(sealedToken: string | null, oid: string): Promise<EntraAnswer> {
  const refreshToken = sealedToken && unseal(sealedToken);
  if (!refreshToken) return { ended: "entra_refused" };
  const { microsoft, upstreamTimeoutMs } = getConfig();
  const { clientId, credential, partnerTenantId, authorityHost } = microsoft;
  const tokenEndpoint = `${authorityHost}/${partnerTenantId}/oauth2/v2.0/token`;
  const form = new URLSearchParams({ client_id: clientId, grant_type: "refresh_token", refresh_token: refreshToken, scope: SIGN_IN_SCOPE });
  if (credential.kind === "secret") form.set("client_secret", credential.secret);
  else {
    form.set("client_assertion_type", JWT_BEARER);
    form.set("client_assertion", signClientAssertion(clientId, tokenEndpoint, credential));
  }
  let response;
  try {
    response = await send(tokenEndpoint, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString(), timeoutMs: upstreamTimeoutMs });
  } catch {
    return "unanswered";
  }
  const body = jsonOf(response) as { id_token?: string; error?: string; error_codes?: number[] } | undefined;
  if (response.status === 400 && body?.error === "invalid_grant") return { ended: REFUSALS[body.error_codes?.[0] ?? 0] ?? "entra_refused" };
  if (response.status !== 200 || !body?.id_token) return "unanswered";
  const claims = claimsOf(body.id_token);
  if (claims?.oid !== oid || claims.aud !== clientId) return { ended: "entra_refused" };
  const access = staffAccess(claims, partnerTenantId);
  return access.allowed ? { role: access.role } : { ended: access.reason === "role" ? "role_removed" : "entra_refused" };
}

function claimsOf(idToken: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(idToken.split(".")[1], "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

// The refresh token is kept encrypted (AES-256-GCM) with a key derived from the portal's secret: a
// copy of the database alone does not sign anyone in to Entra.
function sealingKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", getConfig().authSecret, "", "portal staff session refresh token", 32));
}

function seal(text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(), iv);
  const sealed = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

/** The text sealed, or null when it was sealed with another secret (NEXTAUTH_SECRET changed). */
function unseal(sealed: string): string | null {
  try {
    const bytes = Buffer.from(sealed, "base64url");
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
