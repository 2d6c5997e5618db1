import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { alertEmail, checkEmailAddress, sendEmail } from "@/lib/alerts";

import { part, startMailbox, subjectOf, type Mailbox } from "./mailbox";
import { closedPort } from "./receiver";

const FROM = "Contoso alerts <alerts@contoso.example>";
const TITLE = `Ransomware on <img src=x onerror="alert(1)"> & FILE01`;
const MESSAGE = { label: "High severity", title: TITLE, severity: "high" as const, facts: [{ title: "Customer", value: "Fabrikam <script>" }], url: "http://localhost:3000/incidents/fabrikam/42" };

let mailbox: Mailbox;
let smtpUrl: string;

describe("email alerts", () => {
  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = "s".repeat(40);
    mailbox = await startMailbox();
    smtpUrl = mailbox.url;
  });
  beforeEach(() => {
    mailbox.received.length = 0;
  });
  afterAll(() => mailbox.close());

  it("delivers the alert with its subject, plain text and HTML with every customer value escaped", async () => {
    const result = await sendEmail({ url: smtpUrl, from: FROM }, { to: "soc@fabrikam.example", ...alertEmail(MESSAGE) });

    expect(result).toEqual({ ok: true, status: 250 });
    expect(mailbox.received).toHaveLength(1);
    const [email] = mailbox.received;
    expect(email).toMatchObject({ from: "alerts@contoso.example", to: ["soc@fabrikam.example"] });
    expect(subjectOf(email.raw)).toBe(`[High severity] ${TITLE}`);
    const text = part(email.raw, "text/plain");
    expect(text).toContain(TITLE);
    expect(text).toContain("Customer: Fabrikam <script>");
    expect(text).toContain("Open in the portal: http://localhost:3000/incidents/fabrikam/42");
    const html = part(email.raw, "text/html");
    expect(html).toContain("<h1>Ransomware on &#60;img src=x onerror=&#34;alert(1)&#34;&#62; &#38; FILE01</h1>");
    expect(html).toContain("<td>Fabrikam &#60;script&#62;</td>");
    expect(html).toContain('<a href="http://localhost:3000/incidents/fabrikam/42">Open in the portal</a>');
    expect(html).not.toMatch(/<img|<script/);
  });

  it("reports a mail server that is down as retryable", async () => {
    const port = await closedPort();

    const result = await sendEmail({ url: `smtp://127.0.0.1:${port}`, from: FROM }, { to: "soc@fabrikam.example", ...alertEmail(MESSAGE) });

    expect(result).toEqual({ ok: false, message: `The mail server at 127.0.0.1:${port} did not answer.`, retryable: true });
  });

  it("reports a refused recipient as final, with the server's answer", async () => {
    const result = await sendEmail({ url: smtpUrl, from: FROM }, { to: "nobody@fabrikam.example", ...alertEmail(MESSAGE) });

    expect(result).toMatchObject({ ok: false, status: 550, retryable: false });
    expect(!result.ok && result.message).toMatch(/^The mail server at 127\.0\.0\.1:\d+ refused the message: 550 5\.1\.1 No such user here$/);
    expect(mailbox.received).toHaveLength(0);
  });

  it("checks an email address typed in a form", () => {
    expect(checkEmailAddress("  soc@fabrikam.example ")).toEqual({ ok: true, address: "soc@fabrikam.example" });
    expect(checkEmailAddress("")).toEqual({ ok: false, message: "Enter an email address." });
    for (const text of ["soc", "soc@", "soc@fabrikam", "a@b.example, c@d.example", "SOC <soc@fabrikam.example>", "soc@fabrikam.example\r\nBcc: x@evil.example"]) {
      expect(checkEmailAddress(text), text).toEqual({ ok: false, message: "Enter one email address, such as soc@contoso.com." });
    }
  });
});
