import "server-only";
import { setTimeout as sleep } from "node:timers/promises";

import DataLoader from "dataloader";

import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import type { AlertEvent, AlertTarget, AlertTrigger } from "@/lib/db/generated/client";
import { DEFAULT_LOCALE, isLocale, type Locale } from "@/lib/i18n/locales";
import type { Severity } from "@/lib/incidents/model";
import { leaseFree, openJobQueue, runWorkers } from "@/lib/jobs";
import { processState } from "@/lib/process-state";
import { log, reason } from "@/lib/log";

import type { AlertMessage } from "./alert-message";
import type { DeliveryResult } from "./delivery";
import { sendEmail } from "./email";
import { alertEmail } from "./email-content";
import { sendTeams, teamsCard } from "./teams";
import { deliveriesQueued, INCIDENT_TRIGGERS } from "./events";
import { noticeTexts, problemTexts, utcTime } from "./texts";
import { sendWebhook } from "./webhook-delivery";

const QUEUE = "alert-delivery";
const CONCURRENCY = 32;
const POLL_MS = 1_000;
const DISPATCH_EVERY_MS = 1_000;
// An attempt that outlives this was cut short (its instance died): another instance tries again.
const LEASE_SECONDS = 120;
const TIMEOUT_MS = 10_000;
// 10 s, 30 s, 90 s, … about an hour in all, then the delivery is failed and says why.
const MAX_ATTEMPTS = 7;
const FIRST_RETRY_SECONDS = 10;

const state = processState("alert-delivery", () => ({ runner: null as Promise<{ stop(): Promise<void> }> | null }));

/** Starts this instance's share of alert delivery: every instance queues due deliveries, each is attempted by one. */
export function startAlertDelivery(): Promise<{ stop(): Promise<void> }> {
  state.runner ??= start();
  return state.runner;
}

/** Stops fetching deliveries, finishes those under way and closes the queue. */
export async function stopAlertDelivery(): Promise<void> {
  const runner = state.runner;
  state.runner = null;
  if (runner) await (await runner).stop();
}

async function start() {
  const queue = await openJobQueue(getConfig().database, QUEUE, { leaseSeconds: LEASE_SECONDS });
  const workers = runWorkers(queue, { concurrency: CONCURRENCY, pollMs: POLL_MS }, (key) => deliver(BigInt(key)));
  let stopped = false;
  // Deliveries queued in this process (by its sync, say) are dispatched at once; those queued by
  // another instance, or due for a retry, at the next tick.
  let queuedMeanwhile = false;
  let tick: AbortController | undefined;
  const onQueued = () => {
    queuedMeanwhile = true;
    tick?.abort();
  };
  deliveriesQueued().addEventListener("queued", onQueued);
  const dispatcher = (async () => {
    while (!stopped) {
      queuedMeanwhile = false;
      try {
        await queue.send(await dueDeliveries());
        workers.wake();
      } catch (error) {
        log.error({ err: reason(error) }, "Alert dispatch failed");
      }
      if (queuedMeanwhile) continue;
      tick = new AbortController();
      await sleep(DISPATCH_EVERY_MS, undefined, { signal: tick.signal }).catch(() => {});
      tick = undefined;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      deliveriesQueued().removeEventListener("queued", onQueued);
      tick?.abort();
      await dispatcher;
      await workers.stop();
      await queue.stop();
    },
  };
}

async function dueDeliveries(): Promise<string[]> {
  const rows = await db().$queryRaw<{ id: bigint }[]>`
    SELECT id FROM alert_delivery s
    WHERE status = 'pending' AND "nextAttemptAt" <= now() AND ${leaseFree(LEASE_SECONDS)}
    ORDER BY "nextAttemptAt" LIMIT 500`;
  return rows.map((row) => String(row.id));
}

type Claimed = Pick<AlertEvent, "key" | "tenantId" | "at" | "details"> & {
  id: bigint;
  attempts: number;
  trigger: AlertTrigger;
  target: Pick<AlertTarget, "channel" | "address" | "secret"> | null;
  /** The rule's language; null once the rule was removed. */
  locale: string | null;
};

/**
 * Claims deliveries that are due and that no other instance is attempting, with their events and
 * targets, in one statement. The workers start a fetched batch of jobs at once and their claims
 * are made together: a burst of a thousand deliveries is bounded by the database's round trips.
 */
function claims(): DataLoader<bigint, Claimed | undefined> {
  return processState("alert-delivery.claims", () =>
    new DataLoader<bigint, Claimed | undefined>(
      async (ids) => {
        const rows = await db().$queryRaw<Claimed[]>`
          WITH claimed AS (
            UPDATE alert_delivery s SET "lastStartedAt" = now(), attempts = attempts + 1
            WHERE id = ANY(${ids}) AND status = 'pending' AND "nextAttemptAt" <= now() AND ${leaseFree(LEASE_SECONDS)}
            RETURNING id, attempts, "eventId", "targetId", "ruleId"
          )
          SELECT c.id, c.attempts, e.key, e.trigger::text, e."tenantId"::text, e.at, e.details,
            CASE WHEN t.id IS NULL THEN NULL ELSE jsonb_build_object('channel', t.channel, 'address', t.address, 'secret', t.secret) END AS target,
            r.locale
          FROM claimed c JOIN alert_event e ON e.id = c."eventId" LEFT JOIN alert_target t ON t.id = c."targetId" LEFT JOIN alert_rule r ON r.id = c."ruleId"`;
        const byId = new Map(rows.map((row) => [row.id, row]));
        // One claim per delivery, whoever else asked for it in the same batch.
        return ids.map((id) => {
          const row = byId.get(id);
          byId.delete(id);
          return row;
        });
      },
      { cache: false, maxBatchSize: CONCURRENCY },
    ),
  );
}

/**
 * One attempt at a delivery, if it is due and no other instance is making one: sends the event
 * through its target and records the target's answer; a failure that may pass is tried again later.
 * The alert and the answer recorded are in the rule's language.
 */
export async function deliver(id: bigint): Promise<void> {
  const claimed = await claims().load(id);
  if (!claimed) return;
  const locale = isLocale(claimed.locale) ? claimed.locale : DEFAULT_LOCALE;
  const t = problemTexts(locale);
  const result: DeliveryResult = claimed.target ? await send(claimed.target, claimed, locale) : { ok: false, message: t("targetDeleted"), retryable: false };
  const retry = !result.ok && result.retryable && claimed.attempts < MAX_ATTEMPTS;
  const status = result.ok ? "sent" : retry ? "pending" : "failed";
  const answer = result.ok ? t("answeredOk", { status: String(result.status) }) : result.message;
  const retryInSeconds = retry ? FIRST_RETRY_SECONDS * 3 ** (claimed.attempts - 1) : 0;
  // The database's clock, as the claim's: the lease compares the two.
  await db().$executeRaw`
    UPDATE alert_delivery SET status = ${status}::delivery_status, answer = ${answer}, "lastFinishedAt" = now(),
      "sentAt" = CASE WHEN ${result.ok} THEN now() END, "nextAttemptAt" = now() + make_interval(secs => ${retryInSeconds})
    WHERE id = ${id}`;
}

/** Sends one event to one target, now, written in `locale`: deliveries and "Send test" alike. */
export async function send(
  target: Pick<AlertTarget, "channel" | "address" | "secret">,
  event: Pick<AlertEvent, "key" | "trigger" | "tenantId" | "at" | "details">,
  locale: Locale,
): Promise<DeliveryResult> {
  const message = messageOf(event, locale);
  const options = { timeoutMs: TIMEOUT_MS, locale };
  switch (target.channel) {
    case "webhook":
      return sendWebhook({ url: target.address, secret: target.secret ?? "" }, payloadOf(event, message), { eventId: event.key, ...options });
    case "teams":
      return sendTeams(target.address, teamsCard(message, locale), options);
    case "email": {
      const mail = getConfig().alertMail;
      if (!mail) return { ok: false, message: problemTexts(locale)("noMailServer"), retryable: false };
      return sendEmail(mail, { to: target.address, ...alertEmail(message, locale) }, locale);
    }
  }
}

type EventDetails = { tenant?: string; incidentId?: string; title?: string; severity?: Severity; reason?: string; since?: string; minutes?: string };

function messageOf(event: Pick<AlertEvent, "trigger" | "tenantId" | "details">, locale: Locale): AlertMessage {
  const t = noticeTexts(locale);
  const details = event.details as EventDetails;
  const tenant = { title: t("customer"), value: details.tenant ?? event.tenantId };
  const tenantUrl = `${getConfig().appUrl}/tenants/${event.tenantId}`;
  const reason = { title: t("reason"), value: details.reason ?? "" };
  switch (event.trigger) {
    case "newIncident":
    case "incidentReopened": {
      const severity = details.severity ?? "unknown";
      return {
        label: t(event.trigger === "newIncident" ? "severity" : "reopened", { severity }),
        severity,
        title: details.title ?? t("incident"),
        facts: [tenant, { title: t("incident"), value: details.incidentId ?? "" }],
        url: `${tenantUrl}/incidents/${details.incidentId}`,
      };
    }
    case "consentLost":
      return { label: t("consentLost"), title: t("consentLostTitle", { tenant: tenant.value }), facts: [tenant, reason], url: tenantUrl };
    case "syncFailing":
      return {
        label: t("syncFailing"),
        title: t("syncFailingTitle", { tenant: tenant.value, minutes: Number(details.minutes) }),
        facts: [tenant, { title: t("lastSynced"), value: utcTime(details.since ?? "", locale) }, reason],
        url: tenantUrl,
      };
    case "writeAccessMissing":
      return { label: t("writeAccessMissing"), title: t("writeAccessMissingTitle", { tenant: tenant.value }), facts: [tenant, reason], url: tenantUrl };
  }
}

/** The webhook body (README: "Alerts"): the event, its tenant, and for incidents the incident. */
function payloadOf(event: Pick<AlertEvent, "key" | "trigger" | "tenantId" | "at" | "details">, message: AlertMessage) {
  const details = event.details as EventDetails;
  const incident = INCIDENT_TRIGGERS.includes(event.trigger);
  return {
    id: event.key,
    type: event.trigger,
    occurredAt: event.at.toISOString(),
    tenant: { id: event.tenantId, name: details.tenant ?? null },
    url: message.url,
    ...(incident ? { incident: { id: details.incidentId, title: details.title, severity: details.severity, url: message.url } } : { reason: details.reason ?? null }),
    ...(event.trigger === "syncFailing" && { lastSyncedAt: details.since ?? null, minutes: Number(details.minutes) }),
  };
}
