import type { Tenant, World } from "../world/world";
import { epochBefore, generateIncidents, generateNewIncident } from "./generator";
import { listedIncidents } from "./listed";
import { determinationFits, type Classification, type Determination, type Incident, type IncidentStatus, type Severity } from "./model";

/** What the update APIs may change. Both APIs translate their request bodies into this. */
export interface IncidentChanges {
  assignedTo?: string | null;
  classification?: Classification;
  determination?: Determination;
  status?: IncidentStatus;
  customTags?: string[];
  /** Appended to the incident's comments (Defender's `comment`, Graph's POST …/comments). */
  comment?: string;
  severity?: Severity;
  displayName?: string;
  /** Graph only: free text. */
  description?: string | null;
  summary?: string | null;
  resolvingComment?: string | null;
}

export interface IncidentEdit {
  tenantId: string;
  incidentId: number;
  changes: IncidentChanges;
  /** Who made the change: a UPN, or API-App:{appId} for an application. */
  actor: string;
  /** Epoch milliseconds. */
  at: number;
}

/** What a new incident is given; the rest (scenario, alerts, evidence) is generated. */
export interface NewIncident {
  displayName?: string;
  severity?: Severity;
  /** Default active; a new incident is never redirected (merged) yet. */
  status?: Exclude<IncidentStatus, "redirected">;
  assignedTo?: string | null;
  customTags?: string[];
  /** Epoch milliseconds; default: the moment it is raised. */
  createdAt?: number;
}

/** An incident raised while the emulator runs; rebuilt from this record after a restart. */
interface IncidentCreation {
  tenantId: string;
  incidentId: number;
  created: NewIncident;
  actor: string;
  /** Epoch milliseconds: the incident's lastUpdateDateTime. */
  at: number;
}

export type IncidentRecord = IncidentEdit | IncidentCreation;

/**
 * Where edits to incidents, and incidents raised while the emulator runs, live. The generated
 * incidents never change; the records are replayed over them in order. The world keeps them with
 * its saved state, so they survive a restart.
 */
export interface IncidentEditLog {
  editsFor(tenantId: string): readonly IncidentRecord[];
  /** Resolves once the record is kept (saved, for the world's log). */
  append(record: IncidentRecord): Promise<void> | void;
}

export type UpdateResult =
  | { incident: Incident }
  | { problem: "notFound" }
  | { problem: "determinationDoesNotFitClassification" }
  | { problem: "redirected"; redirectIncidentId: number | null };
export type UpdateRefusal = Exclude<UpdateResult, { incident: Incident }>;

/** The one store behind the Graph and Defender incident APIs: a tenant's incidents, and edits to them. */
export class IncidentStore {
  private readonly tenants = new Map<string, Incident[]>();

  private readonly epoch: number;

  /** `now` sets the epoch: generated incidents lead up to the day before it. */
  constructor(
    private readonly world: World,
    now: number = Date.now(),
  ) {
    this.epoch = epochBefore(now);
    // Listed incidents are read (checked and kept) now, so a bad seed fails the start rather than a request.
    for (const tenant of world.tenants) if (Array.isArray(tenant.incidents)) this.incidents(tenant.id);
  }

  /** A tenant's incidents, in ascending id order. Generated on first use, so starting the emulator stays fast. */
  incidents(tenantId: string): readonly Incident[] {
    return this.list(tenantId);
  }

  incident(tenantId: string, id: number): Incident | undefined {
    return this.incidents(tenantId).find((incident) => incident.id === id);
  }

  /**
   * Applies the edit and resolves once it is recorded. An edit that changes nothing is not recorded.
   * Through the incident APIs (`throughApi`) a redirected (merged) incident is read-only: Microsoft
   * says such incidents should not be edited; the control API plays Microsoft's own portal and may.
   */
  async update(edit: IncidentEdit, { throughApi = false } = {}): Promise<UpdateResult> {
    const incident = this.incident(edit.tenantId, edit.incidentId);
    if (!incident) return { problem: "notFound" };
    if (throughApi && incident.status === "redirected") return { problem: "redirected", redirectIncidentId: incident.redirectIncidentId };
    if (Object.keys(edit.changes).length === 0) return { incident };
    const problem = applyEdit(incident, edit);
    if (problem) return { problem };
    await this.world.incidentEdits.append(edit);
    return { incident };
  }

  /** Raises a new incident in the tenant, with the next id above its highest; resolves once it is recorded. */
  async create(tenant: Tenant, created: NewIncident, actor: string, at: number): Promise<Incident> {
    const incidents = this.list(tenant.id);
    const incidentId = incidents.reduce((highest, incident) => Math.max(highest, incident.id), 0) + 1;
    const record: IncidentCreation = { tenantId: tenant.id, incidentId, created, actor, at };
    const incident = this.raise(tenant, record);
    incidents.push(incident);
    await this.world.incidentEdits.append(record);
    return incident;
  }

  private list(tenantId: string): Incident[] {
    const key = tenantId.toLowerCase();
    let incidents = this.tenants.get(key);
    if (!incidents) {
      incidents = this.build(tenantId);
      this.tenants.set(key, incidents);
    }
    return incidents;
  }

  private build(tenantId: string): Incident[] {
    const tenant = this.world.tenant(tenantId);
    if (!tenant) return [];
    const spec = tenant.incidents;
    const incidents = !spec ? [] : Array.isArray(spec) ? listedIncidents(tenant.id, spec) : generateIncidents(tenant, spec, this.epoch);
    incidents.sort((a, b) => a.id - b.id);
    for (const record of this.world.incidentEdits.editsFor(tenant.id)) {
      if ("created" in record) {
        incidents.push(this.raise(tenant, record));
        continue;
      }
      const incident = incidents.find((candidate) => candidate.id === record.incidentId);
      if (incident) applyEdit(incident, record);
    }
    return incidents;
  }

  private raise(tenant: Tenant, { incidentId, created, at }: IncidentCreation): Incident {
    const spec = tenant.incidents && !Array.isArray(tenant.incidents) ? tenant.incidents : undefined;
    const incident = generateNewIncident(tenant, spec, this.epoch, { id: incidentId, createdAt: created.createdAt ?? at, status: created.status ?? "active" });
    if (created.displayName !== undefined) incident.displayName = created.displayName;
    if (created.severity !== undefined) incident.severity = created.severity;
    if (created.assignedTo !== undefined) incident.assignedTo = created.assignedTo;
    if (created.customTags !== undefined) incident.customTags = [...created.customTags];
    incident.lastUpdatedAt = at;
    return incident;
  }
}

// As the Defender update API documents: fields left out keep their values unless a related change
// forces a recalculation, so a new classification drops a determination that no longer fits it.
function applyEdit(incident: Incident, { changes, actor, at }: IncidentEdit): "determinationDoesNotFitClassification" | undefined {
  const classification = changes.classification ?? incident.classification;
  let determination = changes.determination ?? incident.determination;
  if (!determinationFits(classification, determination)) {
    if (changes.determination !== undefined) return "determinationDoesNotFitClassification";
    determination = "unknown";
  }
  incident.classification = classification;
  incident.determination = determination;
  if (changes.assignedTo !== undefined) incident.assignedTo = changes.assignedTo;
  if (changes.severity !== undefined) incident.severity = changes.severity;
  if (changes.displayName !== undefined) incident.displayName = changes.displayName;
  if (changes.description !== undefined) incident.description = changes.description;
  if (changes.summary !== undefined) incident.summary = changes.summary;
  if (changes.resolvingComment !== undefined) incident.resolvingComment = changes.resolvingComment;
  if (changes.customTags !== undefined) incident.customTags = [...changes.customTags];
  if (changes.comment !== undefined) incident.comments.push({ comment: changes.comment, createdBy: actor, createdAt: at });
  if (changes.status !== undefined) setStatus(incident, changes.status, at);
  incident.lastUpdatedAt = at;
  incident.lastModifiedBy = actor;
  return undefined;
}

function setStatus(incident: Incident, status: IncidentStatus, at: number): void {
  incident.status = status;
  if (status !== "resolved") return;
  for (const alert of incident.alerts) {
    if (alert.status === "resolved") continue;
    alert.status = "resolved";
    alert.resolvedAt = at;
    alert.lastUpdatedAt = at;
  }
}
