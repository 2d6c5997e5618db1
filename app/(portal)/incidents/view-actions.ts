"use server";

import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { z } from "zod";

import { staffAction } from "@/lib/auth/actions";
import { deleteView, saveView, setDefaultView, viewQuery } from "@/lib/incidents/views";

const done = async (key: "defaultSet" | "defaultCleared" | "gone", ok = true) => {
  revalidatePath("/incidents");
  return { ok, message: (await getTranslations("SavedViews"))(key) };
};

export const saveViewAction = staffAction(
  z.object({
    name: z.string().trim().min(1, "SavedViews.errors.name").max(80, "SavedViews.errors.name"),
    // The queue's address as the analyst sees it: only its filters are kept.
    query: z.string().max(4_000).default(""),
    shared: z.literal("on").optional(),
  }),
  async ({ name, query, shared }, staff) => {
    const params = new URLSearchParams(query);
    const filters = Object.fromEntries([...new Set(params.keys())].map((key) => [key, params.getAll(key)]));
    await saveView(staff.email, { name, query: viewQuery(filters), shared: shared === "on" });
    revalidatePath("/incidents");
    return { ok: true, message: (await getTranslations("SavedViews"))("saved", { name }) };
  },
);

// Removed, the view leaves the list, and its answer with it: only a failure is said.
export const deleteViewAction = staffAction(z.object({ id: z.uuid() }), async ({ id }, staff) => {
  if (await deleteView(staff.email, id)) {
    revalidatePath("/incidents");
    return { ok: true };
  }
  return done("gone", false);
});

export const setDefaultViewAction = staffAction(z.object({ id: z.union([z.uuid(), z.literal("")]) }), async ({ id }, staff) =>
  (await setDefaultView(staff.email, id || null)) ? done(id ? "defaultSet" : "defaultCleared") : done("gone", false),
);
