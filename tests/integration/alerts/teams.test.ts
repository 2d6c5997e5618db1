import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { sendTeams, teamsCard } from "@/lib/alerts";

import { startReceiver, type Receiver } from "./receiver";

const INCIDENT_URL = "http://localhost:3000/incidents/fabrikam/42";

let receiver: Receiver;

describe("Microsoft Teams alerts", () => {
  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = "s".repeat(40);
    receiver = await startReceiver("unused: Teams deliveries are not signed");
  });
  afterAll(() => receiver.close());

  it("posts an Adaptive Card with the incident's facts and a link to it in the portal", async () => {
    receiver.answers.push({ status: 202 });
    const card = teamsCard({
      title: "Ransomware activity on FILE01",
      label: "High severity",
      severity: "high",
      facts: [
        { title: "Customer", value: "Fabrikam" },
        { title: "Status", value: "Active" },
      ],
      url: INCIDENT_URL,
    });

    expect(await sendTeams(receiver.url, card, { timeoutMs: 5_000 })).toEqual({ ok: true, status: 202 });

    const [post] = receiver.received;
    expect(post.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(post.body)).toEqual({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          contentUrl: null,
          content: {
            type: "AdaptiveCard",
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            version: "1.4",
            body: [
              { type: "TextBlock", text: "High severity", color: "Attention", weight: "Bolder", spacing: "None" },
              { type: "TextBlock", text: "Ransomware activity on FILE01", size: "Large", weight: "Bolder", wrap: true },
              {
                type: "FactSet",
                facts: [
                  { title: "Customer", value: "Fabrikam" },
                  { title: "Status", value: "Active" },
                ],
              },
            ],
            actions: [{ type: "Action.OpenUrl", title: "Open in the portal", url: INCIDENT_URL }],
          },
        },
      ],
    });
  });

  it("shows a customer's Markdown as text, so an incident title cannot become a link", () => {
    const card = teamsCard({
      title: "[Sign in again](https://evil.example) **now**\n- urgent",
      label: "Low severity",
      severity: "low",
      facts: [{ title: "Customer", value: "_Fabrikam_" }],
      url: INCIDENT_URL,
    });

    const [, title, facts] = card.attachments[0].content.body as [unknown, { text: string }, { facts: { value: string }[] }];
    expect(title.text).toBe("\\[Sign in again\\](https://evil.example) \\*\\*now\\*\\* - urgent");
    expect(facts.facts[0].value).toBe("\\_Fabrikam\\_");
  });

  it("treats a refusal from Teams like a webhook's", async () => {
    receiver.answers.push({ status: 400, body: "Summary or Text is required." }, { status: 429, body: "Too many requests" });
    const card = teamsCard({ label: "Medium severity", title: "t", severity: "medium", facts: [], url: INCIDENT_URL });

    expect(await sendTeams(receiver.url, card, { timeoutMs: 5_000 })).toEqual({
      ok: false,
      status: 400,
      message: "The receiver answered 400 Bad Request: Summary or Text is required.",
      retryable: false,
    });
    expect(await sendTeams(receiver.url, card, { timeoutMs: 5_000 })).toMatchObject({ ok: false, status: 429, retryable: true });
  });
});
