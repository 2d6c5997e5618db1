import type { ReactNode } from "react";

import { NavLink } from "@/components/nav-link";
import { Logo } from "@/components/ui/logo";
import { SignOutButton } from "@/components/sign-out-button";
import { requireStaff } from "@/lib/auth/session";

const ROLE_LABEL = { admin: "Admin", analyst: "Analyst", reader: "Reader" } as const;

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only rounded-md bg-blue-700 px-3 py-2 text-white focus:not-sr-only focus:absolute focus:left-4 focus:top-3">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
          <span className="flex items-center gap-2 font-semibold text-blue-800">
            <Logo />
            Partner Portal
          </span>
          <nav aria-label="Main" className="flex gap-1">
            <NavLink href="/tenants">Tenants</NavLink>
            <NavLink href="/incidents">Incidents</NavLink>
            {staff.role === "admin" && (
              <>
                <NavLink href="/groups">Groups</NavLink>
                <NavLink href="/access">Staff access</NavLink>
                <NavLink href="/alerts">Alerts</NavLink>
                <NavLink href="/audit">Audit log</NavLink>
              </>
            )}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span>
              <span className="font-medium">{staff.name}</span>{" "}
              <span className="rounded bg-slate-100 px-2 py-0.5 text-slate-700">{ROLE_LABEL[staff.role]}</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-6 py-8 focus:outline-none">
        {children}
      </main>
    </div>
  );
}
