"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";

import { analystAction, formList } from "@/lib/auth/actions";
import { getConfig } from "@/lib/config";
import { classificationPair, SETTABLE_STATUSES, type IncidentChange } from "@/lib/incidents/model";
import { triageIncidents } from "@/lib/incidents/triage";
import { tenantNames } from "@/lib/tenants";

const MAX_SELECTED = 500;

// Each selected row sends the incident as the analyst saw it, so a change made in Microsoft meanwhile is caught.
const Selected = z.object({
  tenantId: z.uuid(),
  incidentId: z.string().regex(/^\d{1,19}$/),
  assignedTo: z.string().nullable(),
  status: z.string(),
  classification: z.string().nullable(),
  lastUpdatedAt: z.string(),
});

const BulkInput = z
  .object({
    incident: formList(
      z
        .array(
          z.string().transform((text, context) => {
            try {
              return Selected.parse(JSON.parse(text));
            } catch {
              context.addIssue({ code: "custom", message: "An incident in the selection is not one the portal listed." });
              return z.NEVER;
            }
          }),
        )
        .min(1, "Select incidents first.")
        .max(MAX_SELECTED, `Select at most ${MAX_SELECTED} incidents at once.`),
    ),
    operation: z.enum(["assign", "status", "classify"]),
    assignedTo: z.string().trim().max(200).optional(),
    status: z.string().optional(),
    pair: z.string().optional(),
  })
  .superRefine((input, context) => {
    if (input.operation === "assign" && !input.assignedTo) context.addIssue({ code: "custom", path: ["assignedTo"], message: "Enter who to assign them to." });
    if (input.operation === "status" && !(SETTABLE_STATUSES[getConfig().incidentApi] as readonly string[]).includes(input.status ?? "")) {
      context.addIssue({ code: "custom", path: ["status"], message: "Microsoft does not let the portal set this status." });
    }
    if (input.operation === "classify" && !classificationPair(input.pair)) context.addIssue({ code: "custom", path: ["pair"], message: "Choose a classification and a determination that go together." });
  });

export const bulkTriageAction = analystAction(BulkInput, async (input, staff) => {
  const change: IncidentChange =
    input.operation === "assign" ? { assignedTo: input.assignedTo } : input.operation === "status" ? { status: input.status as IncidentChange["status"] } : classificationPair(input.pair)!;
  const items = input.incident.map(({ tenantId, incidentId, ...seen }) => ({ tenantId, incidentId, seen }));
  const results = await triageIncidents(staff, items, change);
  const names = await tenantNames(staff.scope, results.map((item) => item.tenantId));
  revalidatePath("/incidents");
  const done = results.filter((item) => item.result.outcome === "done").length;
  return {
    ok: done === results.length,
    message: `${done} of ${results.length} incidents changed in Microsoft Defender.`,
    data: {
      results: JSON.stringify(
        results.map(({ tenantId, incidentId, result }) => ({ tenantId, tenant: names.get(tenantId) ?? tenantId, incidentId, outcome: result.outcome, message: "message" in result ? result.message : "" })),
      ),
    },
  };
});
