import type { Metadata } from "next";

import { CardPage } from "@/components/ui/card-page";
import { getConfig } from "@/lib/config";
import { entryOf } from "@/lib/search-params";

export const metadata: Metadata = { title: "Admin consent" };

type Message = { title: string; body: (partner: string) => string; next?: (partner: string) => string };

const MESSAGES: Record<string, Message> = {
  granted: {
    title: "Thank you — consent granted",
    body: (p) => `${p} can now monitor your organization's Microsoft Defender incidents. The app only reads security incidents.`,
    next: () => "There is nothing else to do. You can close this window.",
  },
  generic: {
    title: "Thank you",
    body: (p) => `Microsoft sent you back to ${p} without saying which organization consented: ${p} will check with Microsoft.`,
    next: () => "There is nothing else to do. You can close this window.",
  },
  mismatch: {
    title: "Consent granted for a different organization",
    body: (p) => `You granted consent in a different Microsoft Entra tenant than the one ${p} asked about.`,
    next: (p) => `Please contact ${p}: they will check and, if needed, send you a new link.`,
  },
  cancelled: {
    title: "Consent cancelled",
    body: () => "You cancelled, so no permissions were granted.",
    next: (p) => `If this was a mistake, ask ${p} for a new link.`,
  },
  declined: {
    title: "Consent was not granted",
    body: () => "Microsoft reports that consent was declined: either it was refused, or the account that signed in cannot grant it for your organization.",
    next: (p) => `To grant it, ask ${p} for a new link and accept it with a Global Administrator account.`,
  },
  not_admin: {
    title: "A Global Administrator is needed",
    body: () => "Only a Global Administrator of your organization can grant this consent.",
    next: (p) => `Ask ${p} for a new link and forward it to a Global Administrator.`,
  },
  failed: {
    title: "Consent was not granted",
    body: (p) => `Microsoft reported a problem, so no permissions were granted. ${p} can see what Microsoft reported.`,
    next: (p) => `Ask ${p} for a new link to try again.`,
  },
  expired: {
    title: "This link has expired",
    body: () => "Consent links work for a limited time, and this one is no longer valid.",
    next: (p) => `Ask ${p} for a new link.`,
  },
  used: {
    title: "This link was already used",
    body: () => "Each consent link works once, and this one was used or replaced by a newer link.",
    next: (p) => `If you still need to grant consent, ask ${p} for a new link.`,
  },
  invalid: {
    title: "This link is not valid",
    body: () => "The link is incomplete or was not issued by this portal.",
    next: (p) => `Make sure you opened the complete link from ${p}, or ask them for a new one.`,
  },
  unavailable: {
    title: "We could not record your answer",
    body: () => "The portal could not save your answer just now. Nothing was lost: your link still works.",
    next: () => "Please open the same link again in a few minutes.",
  },
};

export default async function ConsentResultPage({ params }: { params: Promise<{ outcome: string }> }) {
  const { outcome } = await params;
  const partner = getConfig().partnerName;
  const message = entryOf(MESSAGES, outcome) ?? MESSAGES.invalid;
  return (
    <CardPage title={message.title} brand={partner}>
      <p>{message.body(partner)}</p>
      {message.next && <p className="font-medium">{message.next(partner)}</p>}
    </CardPage>
  );
}
