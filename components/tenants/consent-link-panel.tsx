"use client";

import { useActionState } from "react";

import { CopyButton } from "@/components/ui/copy-button";
import { FormMessage } from "@/components/ui/form-message";
import type { Action } from "@/lib/auth/actions";


export function ConsentLinkPanel({ action, tenantId }: { action: Action; tenantId: string }) {
  const [state, run, pending] = useActionState(action, {});
  const link = state.ok ? state.data : undefined;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="font-medium">Admin consent link</h2>
      <p className="mt-1 text-sm text-slate-600">
        Send this link to a Global Administrator of the customer&apos;s tenant. It works once, and is shown only now:
        making a new link retires the previous one.
      </p>
      <form action={run} className="mt-3">
        <input type="hidden" name="tenantId" value={tenantId} />
        <button type="submit" disabled={pending} className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-60">
          {pending ? "Creating…" : link ? "Create another link" : "Create consent link"}
        </button>
      </form>
      <div className="mt-3">
        <FormMessage state={state} />
      </div>
      {link && (
        <div className="mt-4 space-y-4">
          <div>
            <label className="text-sm font-medium" htmlFor="consent-link">
              Consent link (expires {new Date(link.expiresAt).toUTCString()})
            </label>
            <div className="mt-1 flex gap-2">
              <input id="consent-link" readOnly value={link.url} className="w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs" />
              <CopyButton text={link.url} label="Copy link" />
            </div>
          </div>
          <div>
            <label className="text-sm font-medium" htmlFor="consent-message">
              Message for the customer&apos;s admin
            </label>
            <textarea id="consent-message" readOnly rows={12} value={link.message} className="mt-1 w-full rounded-md border border-slate-300 bg-slate-50 p-3 font-mono text-xs" />
            <CopyButton text={link.message} label="Copy message" />
          </div>
          <details className="text-sm text-slate-600">
            <summary className="cursor-pointer">Fallback: Microsoft&apos;s generic consent link</summary>
            <p className="mt-2">
              From Microsoft&apos;s Defender partner documentation. It carries no state, so the portal cannot tell which
              customer used it: after the customer uses it, choose <strong>Verify now</strong>.
            </p>
            <code className="mt-1 block break-all rounded bg-slate-50 p-2 text-xs">{link.legacyUrl}</code>
          </details>
        </div>
      )}
    </section>
  );
}
