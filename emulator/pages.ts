// Server-rendered pages of the emulated sign-in service. Every value that reaches HTML goes
// through escapeHtml: display names, UPNs and request parameters all come from outside.

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const STYLE = `
  body { margin: 0; background: #f2f2f2; font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; }
  main { max-width: 440px; margin: 8vh auto; background: #fff; padding: 44px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  .brand { font-size: 15px; color: #5e5e5e; margin-bottom: 16px; }
  h1 { font-size: 24px; font-weight: 600; margin: 0 0 16px; }
  p { font-size: 15px; line-height: 1.4; }
  .account { display: flex; align-items: center; gap: 12px; width: 100%; padding: 12px 8px; border: 0; border-top: 1px solid #e6e6e6;
             background: none; text-align: left; font: inherit; cursor: pointer; }
  .account:hover { background: #f2f2f2; }
  .initials { width: 40px; height: 40px; border-radius: 50%; background: #0067b8; color: #fff; display: flex; align-items: center;
              justify-content: center; font-weight: 600; flex: none; }
  .upn { font-size: 13px; color: #5e5e5e; }
  .another { border-top: 1px solid #e6e6e6; padding-top: 16px; margin-top: 0; }
  input[type=text] { width: 100%; box-sizing: border-box; padding: 6px 0; border: 0; border-bottom: 1px solid #666; font: inherit; margin: 8px 0 16px; }
  .primary { background: #0067b8; color: #fff; border: 0; padding: 6px 24px; font: inherit; cursor: pointer; }
  .error { color: #e81123; font-size: 15px; }
  .details { font-size: 13px; color: #5e5e5e; word-break: break-word; }
`;

export function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main><div class="brand">Microsoft cloud emulator</div>
${body}
</main></body>
</html>`;
}

export interface ErrorPageDetails {
  message: string;
  traceId: string;
  correlationId: string;
  timestamp: string;
}

export function errorPage(details: ErrorPageDetails): string {
  return layout(
    "Sign in to your account",
    `<h1>Sign in</h1>
<p>Sorry, but we’re having trouble signing you in.</p>
<p class="error" role="alert">${escapeHtml(details.message)}</p>
<div class="details">
<p><strong>Troubleshooting details</strong></p>
<p>Request Id: ${escapeHtml(details.traceId)}<br>Correlation Id: ${escapeHtml(details.correlationId)}<br>Timestamp: ${escapeHtml(details.timestamp)}</p>
</div>`,
  );
}

export interface AccountPickerView {
  /** The authorize URL the picks are posted back to. */
  action: string;
  /** The original authorize parameters, carried through the pick in hidden fields. */
  fields: [string, string][];
  accounts: { displayName: string; userPrincipalName: string }[];
  applicationName: string;
  /** An AADSTS message to show above "Use another account" after a failed attempt. */
  error?: string;
  enteredName?: string;
}

export function accountPickerPage(view: AccountPickerView): string {
  const hiddenFields = view.fields.map(([name, value]) => hiddenField(name, value)).join("");
  const accounts = view.accounts
    .map(
      (account) => `<button class="account" type="submit" name="login" value="${escapeHtml(account.userPrincipalName)}">
<span class="initials" aria-hidden="true">${escapeHtml(initials(account.displayName))}</span>
<span><span class="name">${escapeHtml(account.displayName)}</span><br><span class="upn">${escapeHtml(account.userPrincipalName)}</span></span>
</button>`,
    )
    .join("\n");
  const error = view.error
    ? `<p class="error" role="alert">This username may be incorrect. Make sure you typed it correctly. Otherwise, contact your admin.</p>
<p class="details">${escapeHtml(view.error)}</p>`
    : "";
  return layout(
    "Sign in to your account",
    `<h1>Pick an account</h1>
<p>to continue to ${escapeHtml(view.applicationName)}</p>
<form method="post" action="${escapeHtml(view.action)}">${hiddenFields}
${accounts}
</form>
<form class="another" method="post" action="${escapeHtml(view.action)}">${hiddenFields}
<label for="login">Use another account</label>
${error}
<input type="text" id="login" name="login" placeholder="Email or phone" value="${escapeHtml(view.enteredName ?? "")}" autocomplete="username">
<button class="primary" type="submit">Next</button>
</form>`,
  );
}

/** Entra's response_mode=form_post page: a form that posts the result to the app and submits itself. */
export function formPostPage(action: string, fields: [string, string][]): string {
  return `<html><head><title>Working...</title></head><body>
<form method="POST" name="hiddenform" action="${escapeHtml(action)}">${fields.map(([name, value]) => hiddenField(name, value)).join("")}
<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript>
</form>
<script>document.forms[0].submit();</script>
</body></html>`;
}

/** The content security policy that lets the form_post page's one inline script run. */
export const FORM_POST_POLICY = `default-src 'none'; script-src 'unsafe-inline'; frame-ancestors 'none'`;

export function signedOutPage(): string {
  return layout(
    "Sign out",
    `<h1>You signed out of your account</h1>
<p>It’s a good idea to close all browser windows.</p>`,
  );
}

export function errorLookupPage(code: string): string {
  return layout(
    "Error lookup",
    `<h1>AADSTS${escapeHtml(code)}</h1>
<p>This is the local Microsoft cloud emulator. Look up this code at https://login.microsoftonline.com/error?code=${escapeHtml(code)}.</p>`,
  );
}

export function hiddenField(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

function initials(displayName: string): string {
  const words = displayName.trim().split(/\s+/);
  return words
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join("");
}
