"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { z } from "zod";

import { analystAction } from "@/lib/auth/actions";
import { getConfig } from "@/lib/config";
import { classificationPair, MAX_COMMENT_LENGTH, SETTABLE_STATUSES, type IncidentChange } from "@/lib/incidents/model";
import { problemLine } from "@/lib/incidents/problem-text";
import { triageIncident } from "@/lib/incidents/triage";

// The limits here and MAX_COMMENT_LENGTH are written out in the "IncidentActions.errors" messages.
const MAX_TAGS = 50;

const Seen = z.object({
  tenantId: z.uuid("IncidentActions.errors.unknownTenant"),
  incidentId: z.string().regex(/^\d{1,19}$/, "IncidentActions.errors.unknownIncident"),
  seenAssignedTo: z.string().max(10_000).default(""),
  seenStatus: z.string().max(50),
  seenClassification: z.string().max(100).default(""),
  seenLastUpdatedAt: z.string().max(50),
  overwrite: z.literal("1").optional(),
});

const Change = z.discriminatedUnion("operation", [
  z.object({ operation: z.literal("assign"), assignedTo: z.string().trim().min(1, "IncidentActions.errors.assignee").max(200, "IncidentActions.errors.assigneeTooLong") }),
  z.object({ operation: z.literal("unassign") }),
  z.object({ operation: z.literal("status"), status: z.string() }),
  z.object({ operation: z.literal("classify"), pair: z.string() }),
  z.object({ operation: z.literal("tags"), tags: z.string().max(4_000, "IncidentActions.errors.tagsTooLong") }),
  z.object({
    operation: z.literal("comment"),
    comment: z.string().trim().min(1, "IncidentActions.errors.commentMissing").max(MAX_COMMENT_LENGTH, "IncidentActions.errors.commentTooLong"),
  }),
]);

const TriageInput = z.intersection(Seen, Change).superRefine((input, context) => {
  if (input.operation === "status" && !(SETTABLE_STATUSES[getConfig().incidentApi] as readonly string[]).includes(input.status)) {
    context.addIssue({ code: "custom", path: ["status"], message: "IncidentActions.errors.statusNotSettable" });
  }
  if (input.operation === "classify" && !classificationPair(input.pair)) {
    context.addIssue({ code: "custom", path: ["pair"], message: "IncidentActions.errors.pair" });
  }
  if (input.operation === "tags" && tagsOf(input.tags).length > MAX_TAGS) context.addIssue({ code: "custom", path: ["tags"], message: "IncidentActions.errors.tooManyTags" });
});

export const triageIncidentAction = analystAction(TriageInput, async (input, staff) => {
  const change = changeOf(input);
  const seen = { assignedTo: input.seenAssignedTo || null, status: input.seenStatus, classification: input.seenClassification || null, lastUpdatedAt: input.seenLastUpdatedAt };
  const result = await triageIncident(staff, input.tenantId, input.incidentId, change, seen, { check: "microsoft", overwrite: input.overwrite === "1" });
  revalidatePath(`/tenants/${input.tenantId}/incidents/${input.incidentId}`);
  const t = await getTranslations("IncidentActions");
  if (result.outcome === "done") return { ok: true, message: t("saved") };
  if (result.outcome === "conflict") {
    const { assignedTo, status, classification, lastUpdatedAt } = result.current;
    return {
      ok: false,
      message: t("conflict"),
      data: { conflictAssignedTo: assignedTo ?? "", conflictStatus: status, conflictClassification: classification ?? "", conflictLastUpdatedAt: lastUpdatedAt },
    };
  }
  return { ok: false, message: problemLine(await getTranslations("IncidentProblem"), result.text) };
});

function changeOf(input: z.infer<typeof Change>): IncidentChange {
  switch (input.operation) {
    case "assign":
      return { assignedTo: input.assignedTo };
    case "unassign":
      return { assignedTo: null };
    case "status":
      return { status: input.status as IncidentChange["status"] };
    case "classify":
      return classificationPair(input.pair)!;
    case "tags":
      return { tags: tagsOf(input.tags) };
    case "comment":
      return { comment: input.comment };
  }
}

function tagsOf(text: string): string[] {
  return [...new Set(text.split(",").map((tag) => tag.trim()).filter(Boolean))];
}
