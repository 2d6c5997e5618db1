import type { Locale } from "../locales";

import enAdmin from "./en/admin.json";
import enCommon from "./en/common.json";
import enDashboard from "./en/dashboard.json";
import enIncidents from "./en/incidents.json";
import enTenants from "./en/tenants.json";
import enViews from "./en/views.json";
import nlAdmin from "./nl/admin.json";
import nlCommon from "./nl/common.json";
import nlDashboard from "./nl/dashboard.json";
import nlIncidents from "./nl/incidents.json";
import nlTenants from "./nl/tenants.json";
import nlViews from "./nl/views.json";

// One file per part of the portal, each with namespaces of its own.
const en = { ...enCommon, ...enTenants, ...enIncidents, ...enDashboard, ...enViews, ...enAdmin };
export type Messages = typeof en;

/**
 * Every text the portal shows, per language. The Dutch messages must have the English ones' shape:
 * a key missing in Dutch fails the type check.
 */
export const MESSAGES: Record<Locale, Messages> = {
  en,
  nl: { ...nlCommon, ...nlTenants, ...nlIncidents, ...nlDashboard, ...nlViews, ...nlAdmin },
};
