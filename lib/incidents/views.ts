import "server-only";

import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";

import { IncidentQuery } from "./query";

/** A saved view as a staff member sees it in the queue. */
export interface SavedView {
  id: string;
  name: string;
  /** The queue's filters as a query string. */
  query: string;
  shared: boolean;
  /** Whose it is: only its owner changes or removes it. */
  owner: string;
  mine: boolean;
  isDefault: boolean;
}

// The parameters a view keeps: the filters and the sort, not the page.
const KEPT = ["q", "tenant", "group", "severity", "status", "assignedTo", "range", "sort", "dir", "size"] as const;
const DEFAULTS = IncidentQuery.parse({});

/**
 * The filters of a queue address as a view keeps them: known parameters only, in one order, lists
 * joined with commas, defaults left out (so equal filters give equal text).
 */
export function viewQuery(params: Record<string, string | string[] | undefined>): string {
  // Any parameter sent more than once (a list's checked boxes) is read as one comma-separated value.
  const query = IncidentQuery.parse(Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value.join(",") : value])));
  const search = new URLSearchParams();
  for (const key of KEPT) {
    const value = query[key];
    const text = Array.isArray(value) ? value.join(",") : value === undefined ? "" : String(value);
    const standard = DEFAULTS[key];
    if (text && text !== (Array.isArray(standard) ? standard.join(",") : String(standard ?? ""))) search.set(key, text);
  }
  return search.toString();
}

/** The staff member's own views and those colleagues shared, by name. */
export async function listViews(email: string): Promise<SavedView[]> {
  const key = email.toLowerCase();
  const [views, member] = await Promise.all([
    db().savedView.findMany({ where: { OR: [{ ownerKey: key }, { shared: true }] }, include: { owner: { select: { name: true } } }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
    db().staffMember.findUnique({ where: { key }, select: { defaultViewId: true } }),
  ]);
  return views.map((view) => ({
    id: view.id,
    name: view.name,
    query: view.query,
    shared: view.shared,
    owner: view.owner.name,
    mine: view.ownerKey === key,
    isDefault: view.id === member?.defaultViewId,
  }));
}

/** Saves the filters under a name of the staff member's; their view of the same name is replaced. */
export async function saveView(email: string, view: { name: string; query: string; shared: boolean }): Promise<string> {
  const ownerKey = email.toLowerCase();
  const saved = await db().savedView.upsert({
    where: { ownerKey_name: { ownerKey, name: view.name } },
    create: { ownerKey, ...view },
    update: { query: view.query, shared: view.shared },
  });
  return saved.id;
}

/** Removes a view of the staff member's own; false when they have none by that id. */
export async function deleteView(email: string, id: string): Promise<boolean> {
  const { count } = await db().savedView.deleteMany({ where: { id, ownerKey: email.toLowerCase() } });
  return count > 0;
}

/** Makes a view they can see (theirs, or shared) the one their queue opens with; null for none. False when they cannot see it. */
export async function setDefaultView(email: string, id: string | null): Promise<boolean> {
  const key = email.toLowerCase();
  if (id !== null && !(await db().savedView.findFirst({ where: { id, OR: [{ ownerKey: key }, { shared: true }] }, select: { id: true } }))) return false;
  try {
    await db().staffMember.update({ where: { key }, data: { defaultViewId: id } });
    return true;
  } catch (error) {
    // The view went (its owner removed it or stopped sharing it) in between.
    if (error instanceof Prisma.PrismaClientKnownRequestError) return false;
    throw error;
  }
}

/** The filters the staff member's queue opens with: their default view's, while they can still see it. */
export async function defaultViewQuery(email: string): Promise<string | null> {
  const key = email.toLowerCase();
  const member = await db().staffMember.findUnique({ where: { key }, select: { defaultView: { select: { query: true, shared: true, ownerKey: true } } } });
  const view = member?.defaultView;
  return view && (view.shared || view.ownerKey === key) ? view.query : null;
}
