import type { AddressInfo } from "node:net";

import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { alertEmail, checkEmailAddress, sendEmail } from "@/lib/alerts";

import { closedPort } from "./receiver";

const FROM = "Contoso alerts <alerts@contoso.example>";
const TITLE = `Ransomware on <img src=x onerror="alert(1)"> & FILE01`;
const MESSAGE = { label: "High severity", title: TITLE, severity: "high" as const, facts: [{ title: "Customer", value: "Fabrikam <script>" }], url: "http://localhost:3000/incidents/fabrikam/42" };

interface Received {
  from: string;
  to: string[];
  raw: string;
}

let server: SMTPServer;
let smtpUrl: string;
const received: Received[] = [];

/** The Subject header, its RFC 2047 encoded words ("=?UTF-8?Q?=5BHigh_...?=") decoded. */
function subjectOf(raw: string): string {
  const header = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)![1].replace(/\r\n(?=[ \t])/g, "");
  return header
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, word: string) => decodeQuotedPrintable(word.replace(/_/g, " ")));
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** One decoded part of a multipart message. */
function part(raw: string, contentType: string): string {
  const boundary = /boundary="?([^";\r\n]+)"?/.exec(raw)![1];
  const section = raw.split(`--${boundary}`).find((text) => text.includes(`Content-Type: ${contentType}`))!;
  const [headers, ...content] = section.split("\r\n\r\n");
  const body = content.join("\r\n\r\n").trim();
  return /quoted-printable/i.test(headers) ? decodeQuotedPrintable(body) : body;
}

describe("email alerts", () => {
  beforeAll(async () => {
    process.env.NEXTAUTH_SECRET = "s".repeat(40);
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith("nobody@")) return callback(Object.assign(new Error("5.1.1 No such user here"), { responseCode: 550 }));
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks).toString("utf8"),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    received.length = 0;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("delivers the alert with its subject, plain text and HTML with every customer value escaped", async () => {
    const result = await sendEmail({ url: smtpUrl, from: FROM }, { to: "soc@fabrikam.example", ...alertEmail(MESSAGE) });

    expect(result).toEqual({ ok: true, status: 250 });
    expect(received).toHaveLength(1);
    const [email] = received;
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
    expect(received).toHaveLength(0);
  });

  it("checks an email address typed in a form", () => {
    expect(checkEmailAddress("  soc@fabrikam.example ")).toEqual({ ok: true, address: "soc@fabrikam.example" });
    expect(checkEmailAddress("")).toEqual({ ok: false, message: "Enter an email address." });
    for (const text of ["soc", "soc@", "soc@fabrikam", "a@b.example, c@d.example", "SOC <soc@fabrikam.example>", "soc@fabrikam.example\r\nBcc: x@evil.example"]) {
      expect(checkEmailAddress(text), text).toEqual({ ok: false, message: "Enter one email address, such as soc@contoso.com." });
    }
  });
});
