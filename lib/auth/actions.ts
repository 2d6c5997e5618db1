import "server-only";
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
  return guarded((staff) => staff?.role === "admin", "Only portal administrators can do this. Sign in again if your role changed.", schema, handler);
}

/** Wraps a server action for staff who may act on incidents (admins and analysts, not readers). */
export function analystAction<Schema extends z.ZodType>(
  schema: Schema,
  handler: (input: z.infer<Schema>, staff: Staff) => Promise<ActionState>,
): Action {
  return guarded((staff) => staff !== null && mayAct(staff.role), "Only analysts and administrators can change incidents. Sign in again if your role changed.", schema, handler);
}

function guarded<Schema extends z.ZodType>(
  allowed: (staff: Staff | null) => boolean,
  refusal: string,
  schema: Schema,
  handler: (input: z.infer<Schema>, staff: Staff) => Promise<ActionState>,
): Action {
  return async (_previous, form) => {
    const staff = await currentStaff();
    if (!staff || !allowed(staff)) return { ok: false, message: refusal };
    const parsed = schema.safeParse(fieldsOf(form));
    if (!parsed.success) {
      return { ok: false, message: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors as ActionState["fieldErrors"] };
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
