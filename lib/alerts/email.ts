import "server-only";

import nodemailer from "nodemailer";
import { z } from "zod";

import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";

import type { DeliveryResult } from "./delivery";
import { problemTexts } from "./texts";

export interface SmtpServer {
  /** smtp://user:password@host:587 or smtps://…:465 */
  url: string;
  /** The sender, such as "Contoso alerts <alerts@contoso.com>". */
  from: string;
}

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
}

// nodemailer's defaults (2 minutes to connect, 10 on a silent socket) would hold a delivery that long on a dead server.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

// Failures of the connection itself, not answers from the server: the next attempt may get through.
const UNANSWERED = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS"]);

/** Sends one email through the SMTP server; a refusal (5xx) is final, the server being down is not. A failure is told in `locale`. */
export async function sendEmail(smtp: SmtpServer, email: Email, locale: Locale = DEFAULT_LOCALE): Promise<DeliveryResult> {
  const transport = nodemailer.createTransport({ url: smtp.url, ...TIMEOUTS });
  try {
    const info = await transport.sendMail({ from: smtp.from, ...email });
    return { ok: true, status: Number.parseInt(info.response, 10) || 250 };
  } catch (error) {
    return failureOf(error as SmtpError, serverOf(smtp.url), locale);
  } finally {
    transport.close();
  }
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

function failureOf(error: SmtpError, server: string, locale: Locale): DeliveryResult {
  const t = problemTexts(locale);
  if (error.responseCode && error.responseCode >= 400) {
    const answer = error.response ?? String(error.responseCode);
    return error.responseCode >= 500
      ? { ok: false, status: error.responseCode, message: t("mailRefused", { server, answer }), retryable: false }
      : { ok: false, status: error.responseCode, message: t("mailDeferred", { server, answer }), retryable: true };
  }
  if (error.code && UNANSWERED.has(error.code)) return { ok: false, message: t("mailNoAnswer", { server }), retryable: true };
  return { ok: false, message: t("mailFailed", { server, error: error.message }), retryable: false };
}

function serverOf(url: string): string {
  const { hostname, port, protocol } = new URL(url);
  return `${hostname}:${port || (protocol === "smtps:" ? 465 : 587)}`;
}

const ADDRESS = z.email();

/** Whether the text is one email address, with a message (in `locale`) for the form when not. */
export function checkEmailAddress(text: string, locale: Locale = DEFAULT_LOCALE): { ok: true; address: string } | { ok: false; message: string } {
  const address = text.trim();
  if (!address) return { ok: false, message: problemTexts(locale)("emailMissing") };
  if (!ADDRESS.safeParse(address).success) return { ok: false, message: problemTexts(locale)("emailInvalid") };
  return { ok: true, address };
}
