import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { z } from "zod";

import { recordAuditEvent } from "@/lib/audit";
import { db } from "@/lib/db";
import type { AlertTarget } from "@/lib/db/generated/client";
import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";

import type { DeliveryResult } from "./delivery";
import { send } from "./delivery-jobs";
import { checkDestinationUrl } from "./destination";
import { checkEmailAddress } from "./email";
import { noticeTexts, problemTexts } from "./texts";

export type { AlertTarget } from "@/lib/db/generated/client";

export const TargetInput = z.object({
  name: z.string().trim().min(1, "AlertTargets.errors.nameMissing").max(80, "AlertTargets.errors.nameTooLong"),
  channel: z.enum(["webhook", "teams", "email"], "AlertTargets.errors.channel"),
  address: z.string().trim().min(1, "AlertTargets.errors.addressMissing").max(2000, "AlertTargets.errors.addressTooLong"),
});

export type TargetResult = { ok: true; target: AlertTarget } | { ok: false; message: string };

export function listTargets(): Promise<AlertTarget[]> {
  return db().alertTarget.findMany({ orderBy: { name: "asc" } });
}

/** Adds a target once its address is one the portal may send to; a webhook gets its signing secret. Says why not in `locale`. */
export async function createTarget(input: z.infer<typeof TargetInput>, actor: string, locale: Locale = DEFAULT_LOCALE): Promise<TargetResult> {
  const check = input.channel === "email" ? checkEmailAddress(input.address, locale) : await checkDestinationUrl(input.address, locale);
  if (!check.ok) return { ok: false, message: check.message };
  if (await db().alertTarget.findFirst({ where: { name: { equals: input.name, mode: "insensitive" } } })) {
    return { ok: false, message: problemTexts(locale)("targetNameTaken", { name: input.name }) };
  }
  const address = "address" in check ? check.address : check.url.href;
  const secret = input.channel === "webhook" ? randomBytes(32).toString("base64url") : null;
  const target = await db().$transaction(async (tx) => {
    const created = await tx.alertTarget.create({ data: { name: input.name, channel: input.channel, address, secret, createdBy: actor } });
    await recordAuditEvent({ actor, action: "alert.target_added", details: { targetId: created.id, name: created.name, channel: created.channel, address } }, tx);
    return created;
  });
  return { ok: true, target };
}

/** Deletes a target; rules stop sending to it, and its pending deliveries fail saying so. */
export async function deleteTarget(id: string, actor: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const target = await tx.alertTarget.findUnique({ where: { id } });
    if (!target) return false;
    await tx.alertTarget.delete({ where: { id } });
    await tx.$executeRaw`UPDATE alert_rule SET "targetIds" = array_remove("targetIds", ${id}::uuid) WHERE ${id}::uuid = ANY ("targetIds")`;
    await recordAuditEvent({ actor, action: "alert.target_deleted", details: { targetId: id, name: target.name } }, tx);
    return true;
  });
}

/** Sends a sample new-incident alert, written in `locale`, to the target now, and returns its answer. */
export async function sendTest(id: string, locale: Locale): Promise<DeliveryResult | null> {
  const target = await db().alertTarget.findUnique({ where: { id } });
  if (!target) return null;
  const t = noticeTexts(locale);
  return send(
    target,
    {
      key: `test:${randomUUID()}`,
      trigger: "newIncident",
      tenantId: "00000000-0000-0000-0000-000000000000",
      at: new Date(),
      details: { tenant: t("testCustomer"), incidentId: "0", title: t("testTitle"), severity: "high" },
    },
    locale,
  );
}
