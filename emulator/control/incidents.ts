import { z, ZodError } from "zod";
import { CLASSIFICATIONS, DETERMINATIONS, INCIDENT_STATUSES, SEVERITIES } from "../incidents/model";
import type { NewIncident } from "../incidents/store";

// Incidents as they appear and change in a customer's tenant while the emulator runs: raised by
// Defender, and changed by an analyst in Microsoft's own portal (not through the APIs).

const newIncidentSchema = z.strictObject({
  displayName: z.string().min(1).optional(),
  severity: z.enum(SEVERITIES).optional(),
  // A new incident is not merged into another yet.
  status: z.enum(INCIDENT_STATUSES).exclude(["redirected"]).optional(),
  assignedTo: z.string().nullable().optional(),
  customTags: z.array(z.string()).optional(),
  createdDateTime: z.iso.datetime({ offset: true }).optional(),
});

/** A new incident's given fields (Graph's names and enum spellings); everything else is generated. */
export type NewIncidentRequest = z.input<typeof newIncidentSchema>;

export const incidentUpdateSchema = z
  .strictObject({
    status: z.enum(INCIDENT_STATUSES).optional(),
    assignedTo: z.string().nullable().optional(),
    classification: z.enum(CLASSIFICATIONS).optional(),
    determination: z.enum(DETERMINATIONS).optional(),
    severity: z.enum(SEVERITIES).optional(),
    customTags: z.array(z.string()).optional(),
    displayName: z.string().min(1).optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, "Name at least one property to change.");

/** What an analyst changes in Microsoft's portal (Graph's names and enum spellings). */
export type IncidentUpdateRequest = z.input<typeof incidentUpdateSchema>;

/** The store's form of a new incident; refuses a creation time later than `now`. */
export function newIncident(request: NewIncidentRequest, now: number): NewIncident {
  const { createdDateTime, ...given } = newIncidentSchema.parse(request);
  if (createdDateTime === undefined) return given;
  const createdAt = Date.parse(createdDateTime);
  if (createdAt > now) throw invalid("createdDateTime", `Must not be later than the emulator's clock (${new Date(now).toISOString()}).`);
  return { ...given, createdAt };
}

/** A refusal in the control API's validation shape (400 with the problem's path). */
export function invalid(path: string, message: string): ZodError {
  return new ZodError([{ code: "custom", path: [path], message, input: undefined }]);
}
