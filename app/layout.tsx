import type { Metadata } from "next";
import type { ReactNode } from "react";

import "./globals.css";

// Every page depends on the signed-in user or the database: nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Partner Portal", template: "%s · Partner Portal" },
  description: "Customer tenants and Defender incidents for Microsoft security partners.",
  icons: { icon: "/favicon.svg" },
  // Staff pages need a sign-in anyway; the customer-facing ones are no one's search result either.
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
