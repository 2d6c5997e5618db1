import "server-only";
import { getTranslations } from "next-intl/server";
import { z } from "zod";

import { mayAct } from "./access";
import { currentStaff, type Staff } from "./session";

/** What a form shows after a server action: a message, and per-field problems for bad input. */
export interface ActionState {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** Data to show once, e.g. a new consent link (never stored in the clear). */
  data?: Record<string, string>;
}

/** A server action as forms call it, through useActionState. */
export type Action = (previous: ActionState, form: FormData) => Promise<ActionState>;

/**
 * Wraps a server action for portal admins: the role is checked and the form validated before the
 * handler runs, so no action can forget either.
 */
export function adminAction<Schema extends z.ZodType>(
  schema: Schema,
  handler: (input: z.infer<Schema>, staff: Staff) => Promise<ActionState>,
): Action {
  return guarded((staff) => staff?.role === "admin", "adminOnly", schema, handler);
}

/** Wraps a server action for staff who may act on incidents (admins and analysts, not readers). */
export function analystAction<Schema extends z.ZodType>(
  schema: Schema,
  handler: (input: z.infer<Schema>, staff: Staff) => Promise<ActionState>,
): Action {
  return guarded((staff) => staff !== null && mayAct(staff.role), "analystOnly", schema, handler);
}

/** Wraps a server action any signed-in staff member may run on their own account (their preferences). */
export function staffAction<Schema extends z.ZodType>(
  schema: Schema,
  handler: (input: z.infer<Schema>, staff: Staff) => Promise<ActionState>,
): Action {
  return guarded((staff) => staff !== null, "signInFirst", schema, handler);
}

function guarded<Schema extends z.ZodType>(
  allowed: (staff: Staff | null) => boolean,
  refusal: "adminOnly" | "analystOnly" | "signInFirst",
  schema: Schema,
  handler: (input: z.infer<Schema>, staff: Staff) => Promise<ActionState>,
): Action {
  return async (_previous, form) => {
    const staff = await currentStaff();
    const t = await getTranslations();
    if (!staff || !allowed(staff)) return { ok: false, message: t(`Actions.${refusal}`) };
    const parsed = schema.safeParse(fieldsOf(form));
    if (!parsed.success) {
      // A schema's message is a message key ("Tenants.errors.domain"); zod's own ones are kept.
      const fieldErrors = Object.fromEntries(
        Object.entries(z.flattenError(parsed.error).fieldErrors as Record<string, string[]>).map(([field, errors]) => [field, errors.map((error) => (t.has(error as never) ? t(error as never) : error))]),
      );
      return { ok: false, message: t("Actions.checkFields"), fieldErrors };
    }
    return handler(parsed.data, staff);
  };
}

/** A field a form may send any number of times (checkboxes), read as a list: empty when none was sent. */
export function formList<List extends z.ZodArray<z.ZodType>>(list: List) {
  return z.preprocess((value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]), list);
}

/** The form's fields by name; a name sent several times (checkboxes) gives the list of its values. */
function fieldsOf(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  return Object.fromEntries([...new Set(form.keys())].map((name) => {
    const values = form.getAll(name);
    return [name, values.length > 1 ? values : values[0]];
  }));
}
