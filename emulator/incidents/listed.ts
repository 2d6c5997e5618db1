import { z } from "zod";
import { InvalidSeedError } from "../world/seed";
import { ALERT_STATUSES, CLASSIFICATIONS, DETERMINATIONS, INCIDENT_STATUSES, SEVERITIES, type Incident } from "./model";

// A seed may list incidents explicitly, in Graph's incident shape, instead of generating them.
// Only the fields below are read; alerts are listed without evidence.

const time = z.iso.datetime({ offset: true }).transform((value) => Date.parse(value));

const alertSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  description: z.string().default(""),
  category: z.string().default("SuspiciousActivity"),
  severity: z.enum(SEVERITIES).default("medium"),
  status: z.enum(ALERT_STATUSES).default("new"),
  serviceSource: z.string().default("microsoftDefenderForEndpoint"),
  detectionSource: z.string().default("microsoftDefenderForEndpoint"),
  mitreTechniques: z.array(z.string()).default([]),
  createdDateTime: time,
});

const incidentSchema = z.object({
  id: z.string().regex(/^\d+$/, "must be a numeric string, as Graph's incident ids are"),
  displayName: z.string(),
  description: z.string().nullable().default(null),
  summary: z.string().nullable().default(null),
  resolvingComment: z.string().nullable().default(null),
  createdDateTime: time,
  lastUpdateDateTime: time.optional(),
  assignedTo: z.string().nullable().default(null),
  classification: z.enum(CLASSIFICATIONS).default("unknown"),
  determination: z.enum(DETERMINATIONS).default("unknown"),
  status: z.enum(INCIDENT_STATUSES).default("active"),
  severity: z.enum(SEVERITIES).default("medium"),
  customTags: z.array(z.string()).default([]),
  systemTags: z.array(z.string()).default([]),
  comments: z.array(z.object({ comment: z.string(), createdByDisplayName: z.string(), createdDateTime: time })).default([]),
  alerts: z.array(alertSchema).default([]),
});

/** Reads a seed's explicit incident list; throws InvalidSeedError naming the tenant and the field. */
export function listedIncidents(tenantId: string, records: readonly Record<string, unknown>[]): Incident[] {
  return records.map((record, index) => {
    const result = incidentSchema.safeParse(record);
    if (!result.success) {
      const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
      throw new InvalidSeedError(`Invalid incident ${index} of tenant ${tenantId}: ${problems.join("; ")}.`);
    }
    const listed = result.data;
    const id = Number(listed.id);
    return {
      id,
      tenantId,
      displayName: listed.displayName,
      description: listed.description,
      summary: listed.summary,
      resolvingComment: listed.resolvingComment,
      lastModifiedBy: null,
      redirectIncidentId: null,
      createdAt: listed.createdDateTime,
      lastUpdatedAt: listed.lastUpdateDateTime ?? listed.createdDateTime,
      assignedTo: listed.assignedTo,
      classification: listed.classification,
      determination: listed.determination,
      status: listed.status,
      severity: listed.severity,
      customTags: listed.customTags,
      systemTags: listed.systemTags,
      comments: listed.comments.map((comment) => ({ comment: comment.comment, createdBy: comment.createdByDisplayName, createdAt: comment.createdDateTime })),
      alerts: listed.alerts.map((alert) => ({
        ...alert,
        incidentId: id,
        recommendedActions: "",
        classification: null,
        determination: null,
        detectorId: "",
        assignedTo: listed.assignedTo,
        actorDisplayName: null,
        threatFamilyName: null,
        alertWebUrl: `https://security.microsoft.com/alerts/${alert.id}?tid=${tenantId}`,
        investigationId: null,
        investigationState: "UnsupportedAlertType",
        createdAt: alert.createdDateTime,
        lastUpdatedAt: alert.createdDateTime,
        resolvedAt: null,
        firstActivityAt: alert.createdDateTime,
        lastActivityAt: alert.createdDateTime,
        evidence: [],
      })),
    };
  });
}
