"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";

import { analystAction, formList } from "@/lib/auth/actions";
import { getConfig } from "@/lib/config";
import { classificationPair, SETTABLE_STATUSES, type IncidentChange } from "@/lib/incidents/model";
import { problemLine } from "@/lib/incidents/problem-text";
import { triageIncidents } from "@/lib/incidents/triage";
import { tenantNames } from "@/lib/tenants";

// As the message "IncidentActions.errors.selectAtMost" says.
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
              context.addIssue({ code: "custom", message: "IncidentActions.errors.notListed" });
              return z.NEVER;
            }
          }),
        )
        .min(1, "IncidentActions.errors.selectFirst")
        .max(MAX_SELECTED, "IncidentActions.errors.selectAtMost"),
    ),
    operation: z.enum(["assign", "status", "classify"]),
    assignedTo: z.string().trim().max(200).optional(),
    status: z.string().optional(),
    pair: z.string().optional(),
  })
  .superRefine((input, context) => {
    if (input.operation === "assign" && !input.assignedTo) context.addIssue({ code: "custom", path: ["assignedTo"], message: "IncidentActions.errors.assigneeForAll" });
    if (input.operation === "status" && !(SETTABLE_STATUSES[getConfig().incidentApi] as readonly string[]).includes(input.status ?? "")) {
      context.addIssue({ code: "custom", path: ["status"], message: "IncidentActions.errors.statusNotSettable" });
    }
    if (input.operation === "classify" && !classificationPair(input.pair)) context.addIssue({ code: "custom", path: ["pair"], message: "IncidentActions.errors.pairForAll" });
  });

export const bulkTriageAction = analystAction(BulkInput, async (input, staff) => {
  const change: IncidentChange =
    input.operation === "assign" ? { assignedTo: input.assignedTo } : input.operation === "status" ? { status: input.status as IncidentChange["status"] } : classificationPair(input.pair)!;
  const items = input.incident.map(({ tenantId, incidentId, ...seen }) => ({ tenantId, incidentId, seen }));
  const results = await triageIncidents(staff, items, change);
  const names = await tenantNames(staff.scope, results.map((item) => item.tenantId));
  revalidatePath("/incidents");
  const done = results.filter((item) => item.result.outcome === "done").length;
  const [t, problems] = await Promise.all([getTranslations("IncidentActions"), getTranslations("IncidentProblem")]);
  return {
    ok: done === results.length,
    message: t("bulkDone", { done, total: results.length }),
    data: {
      results: JSON.stringify(
        results.map(({ tenantId, incidentId, result }) => ({ tenantId, tenant: names.get(tenantId) ?? tenantId, incidentId, outcome: result.outcome, why: "text" in result ? problemLine(problems, result.text) : "" })),
      ),
    },
  };
});
