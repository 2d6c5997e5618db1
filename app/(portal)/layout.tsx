import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import { NavLink, RouteFocus } from "@/components/nav-link";
import { LanguageSwitch, TimeZoneSync } from "@/components/preferences";
import { Logo } from "@/components/ui/logo";
import { SignOutButton } from "@/components/sign-out-button";
import { requireStaff } from "@/lib/auth/session";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  const t = await getTranslations("Common");
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only rounded-md bg-blue-700 px-3 py-2 text-white focus:not-sr-only focus:absolute focus:left-4 focus:top-3">
        {t("skipToContent")}
      </a>
      <TimeZoneSync />
      <RouteFocus />
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <span className="flex items-center gap-2 font-semibold text-blue-800">
            <Logo />
            {t("appName")}
          </span>
          <nav aria-label={t("mainNavigation")} className="flex flex-wrap gap-1">
            <NavLink href="/dashboard">{t("nav.dashboard")}</NavLink>
            <NavLink href="/tenants">{t("nav.tenants")}</NavLink>
            <NavLink href="/incidents">{t("nav.incidents")}</NavLink>
            {staff.role === "admin" && (
              <>
                <NavLink href="/groups">{t("nav.groups")}</NavLink>
                <NavLink href="/access">{t("nav.access")}</NavLink>
                <NavLink href="/alerts">{t("nav.alerts")}</NavLink>
                <NavLink href="/audit">{t("nav.audit")}</NavLink>
              </>
            )}
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
            <span>
              <span className="font-medium" translate="no">
                {staff.name}
              </span>{" "}
              <span className="rounded bg-slate-100 px-2 py-0.5 text-slate-700">{t(`role.${staff.role}`)}</span>
            </span>
            <LanguageSwitch />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-8 focus:outline-none sm:px-6">
        {children}
      </main>
    </div>
  );
}
