import type { World } from "../world/world";
import { epochBefore, generateIncidents } from "./generator";
import { listedIncidents } from "./listed";
import { determinationFits, type Classification, type Determination, type Incident, type IncidentStatus } from "./model";

/** What the update APIs may change. Both APIs translate their request bodies into this. */
export interface IncidentChanges {
  assignedTo?: string | null;
  classification?: Classification;
  determination?: Determination;
  status?: IncidentStatus;
  customTags?: string[];
  /** Appended to the incident's comments (Defender's `comment`). */
  comment?: string;
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

/**
 * Where edits to incidents live. The generated incidents never change; edits are replayed over
 * them. The world keeps them with its saved state, so they survive a restart.
 */
export interface IncidentEditLog {
  editsFor(tenantId: string): readonly IncidentEdit[];
  /** Resolves once the edit is recorded (saved, for the world's log). */
  append(edit: IncidentEdit): Promise<void> | void;
}

export type UpdateResult = { incident: Incident } | { problem: "notFound" } | { problem: "determinationDoesNotFitClassification" };

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

  /** A tenant's incidents, oldest first. Generated on first use, so starting the emulator stays fast. */
  incidents(tenantId: string): readonly Incident[] {
    const key = tenantId.toLowerCase();
    let incidents = this.tenants.get(key);
    if (!incidents) {
      incidents = this.build(tenantId);
      this.tenants.set(key, incidents);
    }
    return incidents;
  }

  incident(tenantId: string, id: number): Incident | undefined {
    return this.incidents(tenantId).find((incident) => incident.id === id);
  }

  /** Applies the edit and resolves once it is recorded. */
  async update(edit: IncidentEdit): Promise<UpdateResult> {
    const incident = this.incident(edit.tenantId, edit.incidentId);
    if (!incident) return { problem: "notFound" };
    const problem = applyEdit(incident, edit);
    if (problem) return { problem };
    await this.world.incidentEdits.append(edit);
    return { incident };
  }

  private build(tenantId: string): Incident[] {
    const tenant = this.world.tenant(tenantId);
    const spec = tenant?.incidents;
    if (!tenant || !spec) return [];
    const incidents = Array.isArray(spec) ? listedIncidents(tenant.id, spec) : generateIncidents(tenant, spec, this.epoch);
    incidents.sort((a, b) => a.id - b.id);
    for (const edit of this.world.incidentEdits.editsFor(tenant.id)) {
      const incident = incidents.find((candidate) => candidate.id === edit.incidentId);
      if (incident) applyEdit(incident, edit);
    }
    return incidents;
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
  if (changes.customTags !== undefined) incident.customTags = [...changes.customTags];
  if (changes.comment !== undefined) incident.comments.push({ comment: changes.comment, createdBy: actor, createdAt: at });
  if (changes.status !== undefined) setStatus(incident, changes.status, at);
  incident.lastUpdatedAt = at;
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
