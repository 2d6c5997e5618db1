import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

import "./globals.css";

// Every page depends on the signed-in user or the database: nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const appName = (await getTranslations("Common"))("appName");
  return {
    title: { default: appName, template: `%s · ${appName}` },
    description: "Customer tenants and Defender incidents for Microsoft security partners.",
    icons: { icon: "/favicon.svg" },
    // Staff pages need a sign-in anyway; the customer-facing ones are no one's search result either.
    robots: { index: false, follow: false },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang={await getLocale()}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
