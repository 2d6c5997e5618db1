import "server-only";

import { DEFAULT_LOCALE, type Locale } from "@/lib/i18n/locales";
import type { Severity } from "@/lib/incidents/model";

import type { AlertMessage } from "./alert-message";
import { postJson, type DeliveryResult, type SendOptions } from "./delivery";
import { noticeTexts } from "./texts";

// What Teams incoming webhooks and Workflows webhook flows accept: https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using#send-adaptive-cards-using-an-incoming-webhook
export interface TeamsMessage {
  type: "message";
  attachments: { contentType: "application/vnd.microsoft.card.adaptive"; contentUrl: null; content: AdaptiveCard }[];
}

interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json";
  version: "1.4";
  body: object[];
  actions: { type: "Action.OpenUrl"; title: string; url: string }[];
}

const COLORS: Record<Severity, string> = { high: "Attention", medium: "Warning", low: "Accent", informational: "Default", unknown: "Default" };

/** The alert as an Adaptive Card, its own words in `locale`. */
export function teamsCard({ label, severity, title, facts, url }: AlertMessage, locale: Locale = DEFAULT_LOCALE): TeamsMessage {
  const content: AdaptiveCard = {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.4",
    body: [
      { type: "TextBlock", text: label, color: severity ? COLORS[severity] : "Warning", weight: "Bolder", spacing: "None" },
      { type: "TextBlock", text: plainText(title), size: "Large", weight: "Bolder", wrap: true },
      { type: "FactSet", facts: facts.map((fact) => ({ title: plainText(fact.title), value: plainText(fact.value) })) },
    ],
    actions: [{ type: "Action.OpenUrl", title: noticeTexts(locale)("open"), url }],
  };
  return { type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content }] };
}

/** Posts the card; Teams answers 200, a Workflows flow 202. */
export function sendTeams(url: string, card: TeamsMessage, options: SendOptions): Promise<DeliveryResult> {
  return postJson(url, JSON.stringify(card), {}, options);
}

// Teams reads TextBlock and Fact text as Markdown: an incident titled "[Sign in](https://…)" would post a working link.
function plainText(text: string): string {
  return text.replace(/\s+/g, " ").replace(/[\\`*_~[\]]/g, "\\$&");
}
