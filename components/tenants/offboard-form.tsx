"use client";

import { useActionState, useState } from "react";

import { FormMessage } from "@/components/ui/form-message";
import type { Action } from "@/lib/auth/actions";


export function OffboardForm({ action, tenantId, displayName }: { action: Action; tenantId: string; displayName: string }) {
  const [state, run, pending] = useActionState(action, {});
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)} className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-800 hover:bg-red-50">
        Offboard tenant
      </button>
    );
  }
  return (
    <form action={run} className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4 text-sm">
      <p>
        Offboard <strong>{displayName}</strong>? The portal forgets its tokens and data. The audit trail is kept. The customer
        should also remove the app under Enterprise applications in their tenant.
      </p>
      <input type="hidden" name="tenantId" value={tenantId} />
      <input type="hidden" name="confirm" value="yes" />
      <div className="flex gap-2">
        <button type="submit" disabled={pending} className="rounded-md bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 disabled:opacity-60">
          {pending ? "Offboarding…" : `Yes, offboard ${displayName}`}
        </button>
        <button type="button" onClick={() => setAsking(false)} className="rounded-md border border-slate-300 bg-white px-3 py-1.5">
          Cancel
        </button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
