// Customer-controlled text is attacker-controlled text: alert titles, file names, mail subjects,
// URLs and comments come from the customer's estate. The hostile tenant carries these verbatim so
// the portal proves it escapes, neutralises links and survives huge values. The emulator must never
// sanitise them.

const SCRIPT_TAG = "<script>alert(1)</script>";
const IMG_ONERROR = "<img src=x onerror=alert(1)>";
export const JAVASCRIPT_URL = "javascript:alert(1)";
/** U+202E RIGHT-TO-LEFT OVERRIDE: "invoice\u202Egpj.exe" renders as "invoiceexe.jpg". */
export const RIGHT_TO_LEFT_OVERRIDE = "\u202E";

const HOSTILE_FRAGMENTS = [
  SCRIPT_TAG,
  IMG_ONERROR,
  `<a href="${JAVASCRIPT_URL}">Open report</a>`,
  `"><svg onload=alert(1)>`,
  `<b>Urgent</b><iframe src="${JAVASCRIPT_URL}"></iframe>`,
  `invoice${RIGHT_TO_LEFT_OVERRIDE}gpj.exe`,
  "{{constructor.constructor('alert(1)')()}}",
  "=HYPERLINK(\"https://evil.example\",\"Click\")",
  "'; DROP TABLE incidents; --",
] as const;

/** Over 10,000 characters: lists, cells and tooltips must truncate, not break the layout. */
export const VERY_LONG_TEXT = `${"Suspicious activity reported by the customer's mail gateway. ".repeat(180)}${SCRIPT_TAG}`;

export function hostileFragment(index: number): string {
  return HOSTILE_FRAGMENTS[index % HOSTILE_FRAGMENTS.length];
}
