// The admin-consent screens, worded after Entra's: "Permissions requested", "Need admin approval"
// and the end page of the partner-doc link. Every value goes through escapeHtml.
import { escapeHtml, hiddenField, layout } from "../pages";
import { API_DISPLAY_NAMES, type RequestedPermission } from "./permissions";

const CONSENT_STYLE = `<style>
  .signed-in { font-size: 13px; color: #5e5e5e; }
  .app { display: flex; gap: 12px; align-items: center; margin: 16px 0; }
  .app-logo { width: 40px; height: 40px; background: #e6e6e6; flex: none; }
  .publisher { font-size: 13px; color: #5e5e5e; }
  .unverified { color: #a4262c; }
  ul.permissions { padding-left: 20px; font-size: 15px; }
  .fine-print { font-size: 13px; color: #5e5e5e; }
  .buttons { display: flex; justify-content: flex-end; gap: 8px; margin-top: 24px; }
  .secondary { background: #ccc; color: #1b1b1b; border: 0; padding: 6px 24px; font: inherit; cursor: pointer; }
  .link { background: none; border: 0; padding: 0; color: #0067b8; font: inherit; cursor: pointer; text-decoration: underline; }
</style>`;

export interface ConsentView {
  /** The consent endpoint the decision is posted back to. */
  action: string;
  /** The original request parameters plus the signed-in account, carried in hidden fields. */
  fields: [string, string][];
  userPrincipalName: string;
  applicationName: string;
  publisherName?: string;
  permissions: RequestedPermission[];
}

const PERMISSION_DESCRIPTIONS: Record<string, string> = {
  "SecurityIncident.Read.All": "Read all security incidents",
  "SecurityIncident.ReadWrite.All": "Read and write to all security incidents",
  "SecurityAlert.Read.All": "Read all security alerts",
  "Incident.Read.All": "Read all incidents",
  "Incident.ReadWrite.All": "Read and write all incidents",
  "User.Read": "Sign in and read user profile",
};

export function consentPage(view: ConsentView): string {
  const permissions = view.permissions.length
    ? view.permissions
        .map(
          (permission) =>
            `<li><span class="permission">${escapeHtml(PERMISSION_DESCRIPTIONS[permission.name] ?? permission.name)}</span>` +
            ` <span class="publisher">(${escapeHtml(permission.name)}, ${escapeHtml(API_DISPLAY_NAMES[permission.api])}` +
            `${permission.kind === "application" ? ", application permission" : ""})</span></li>`,
        )
        .join("\n")
    : "<li>Sign you in</li>";
  return layout(
    "Permissions requested",
    `${CONSENT_STYLE}
<p class="signed-in">${escapeHtml(view.userPrincipalName)}</p>
<h1>Permissions requested</h1>
<p><strong>Accept for your organization</strong></p>
${applicationBlock(view.applicationName, view.publisherName)}
<p>This app would like to:</p>
<ul class="permissions">
${permissions}
</ul>
<p class="fine-print">If you accept, this app will get access to the specified resources for all users in your organization.
No one else will be prompted to review these permissions.</p>
<p class="fine-print">Accepting these permissions means that you allow this app to use your data as specified in their terms of service
and privacy statement. You can change these permissions at https://myapps.microsoft.com.</p>
<form method="post" action="${escapeHtml(view.action)}">${hiddenFields(view.fields)}
<div class="buttons">
<button class="secondary" type="submit" name="decision" value="cancel">Cancel</button>
<button class="primary" type="submit" name="decision" value="accept">Accept</button>
</div>
</form>`,
  );
}

export interface AdminApprovalView extends Omit<ConsentView, "permissions"> {
  /** The request without the signed-in account, to go back to the account picker. */
  pickerFields: [string, string][];
  /** False for the partner-doc link, which has nowhere to return to. */
  canReturn: boolean;
  /** The AADSTS code and message, shown in the troubleshooting details. */
  details: string;
}

export function adminApprovalPage(view: AdminApprovalView): string {
  const returnForm = view.canReturn
    ? `<form method="post" action="${escapeHtml(view.action)}">${hiddenFields(view.fields)}
<button class="link" type="submit" name="decision" value="return">Return to the application without granting consent</button>
</form>`
    : "";
  return layout(
    "Need admin approval",
    `${CONSENT_STYLE}
<p class="signed-in">${escapeHtml(view.userPrincipalName)}</p>
<h1>Need admin approval</h1>
${applicationBlock(view.applicationName, view.publisherName)}
<p>${escapeHtml(view.applicationName)} needs permission to access resources in your organization that only an admin can grant.
Please ask an admin to grant permission to this app before you can use it.</p>
<form method="post" action="${escapeHtml(view.action)}">${hiddenFields(view.pickerFields)}
<p>Have an admin account? <button class="link" type="submit">Sign in with that account</button></p>
</form>
${returnForm}
<p class="details">${escapeHtml(view.details)}</p>`,
  );
}

function applicationBlock(applicationName: string, publisherName: string | undefined): string {
  const publisher = publisherName
    ? `<span class="publisher">${escapeHtml(publisherName)}</span>`
    : `<span class="publisher unverified">unverified</span>`;
  return `<div class="app"><span class="app-logo" aria-hidden="true"></span>
<span><span class="app-name">${escapeHtml(applicationName)}</span><br>${publisher}</span></div>`;
}

function hiddenFields(fields: [string, string][]): string {
  return fields.map(([name, value]) => hiddenField(name, value)).join("");
}
