"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

export function NavLink({ href, children }: { href: string; children: string }) {
  const current = usePathname().startsWith(href);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`rounded-md px-3 py-2 text-sm font-medium ${current ? "bg-blue-50 text-blue-800" : "text-slate-700 hover:bg-slate-100"}`}
    >
      {children}
    </Link>
  );
}

/**
 * After the portal moves to another page, the focus goes to its main content, as after a page load
 * it starts at the top: otherwise it stays where the link that was followed used to be.
 */
export function RouteFocus() {
  const path = usePathname();
  const first = useRef(path);
  useEffect(() => {
    if (path === first.current) return;
    first.current = path;
    document.getElementById("main")?.focus();
  }, [path]);
  return null;
}
