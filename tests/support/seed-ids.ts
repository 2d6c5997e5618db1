// Who is who in the emulator's default world (emulator/seeds/default.json): plain constants, so unit,
// integration and end-to-end tests can all import them without starting anything.

export const PORTAL_APP_ID = "54b3e267-3d85-48b3-ad9d-e9cf50200a46";

export const PARTNER_TENANT_ID = "c1626cae-1399-4aec-adf5-acee23a42d47";
export const PARTNER_DOMAIN = "northwind-partners.example";
export const ADMIN = { upn: "admin@northwind-partners.example", oid: "95fbce71-c3a0-49ab-b24e-430589e36b3c", name: "Avery Admin" };
export const ANALYST = { upn: "analyst@northwind-partners.example", oid: "db6593e9-b05d-4d5a-ae4c-fe47e0547fec", name: "Sam Analyst" };
export const READER = { upn: "reader@northwind-partners.example", oid: "3f2c9a41-6d0e-4b7a-9c55-8e1b2d4f6a70", name: "Rory Reader" };
export const VISITOR = { upn: "visitor@northwind-partners.example", oid: "606808d3-aff0-4cf8-b37f-b4ccf27cb892", name: "Riley Visitor" };
/** Portal.Analyst, in SOC Region NL and 230 generated groups: past the ID token's 200-group limit. */
export const OVERAGE = { upn: "overage@northwind-partners.example", oid: "4e787b05-7f4e-4c2e-ac82-1b32a32a6c2a", name: "Olivia Overage" };
/** Security groups of the partner tenant; the portal app's registration asks for group claims. */
export const SOC_REGION_NL_GROUP_ID = "f0ea28ac-7afc-4381-b093-90988f88a0a3"; // Sam Analyst, Olivia Overage
export const SOC_GOLD_GROUP_ID = "3ac5b3a6-84a6-4dba-9a29-d84f14147bd8"; // Rory Reader
export const OVERAGE_GENERATED_GROUPS = 230;

export const FABRIKAM_TENANT_ID = "d07e079e-4f7c-4c1e-bf93-dc6d19cc37c2";
export const FABRIKAM_DOMAIN = "fabrikam.example";
export const FABRIKAM_ADMIN = { upn: "admin@fabrikam.example", name: "Fabrikam Global Admin" };
export const FABRIKAM_HELPDESK = { upn: "helpdesk@fabrikam.example", name: "Fabrikam Helpdesk" };
export const TAILSPIN_TENANT_ID = "661560df-128d-487b-bb25-f2e8150bd11e";
export const TAILSPIN_ADMIN = { upn: "admin@tailspin.example" };
export const WOODGROVE_TENANT_ID = "7d8d37dc-d80d-4a73-a814-f8539517b251";
/** No incidents at all. */
export const ADATUM_TENANT_ID = "610e180a-8576-4519-89b0-73edcc48028f";
/** More than 1,000 incidents: several pages. */
export const LITWARE_TENANT_ID = "ba5e58e4-c41c-465d-ad33-212c86c6c8fb";
/** Onboarded by keyboard alone in the end-to-end tests, and by no other test. */
export const CONTOSO_TENANT_ID = "3b0f6a52-5d0c-4f4e-9a63-8d2e71c4b9f1";
/** Incidents full of hostile text and links. */
export const PROSEWARE_TENANT_ID = "8ff6aaa1-b17e-4533-9037-4e3911d585c9";
