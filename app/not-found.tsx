import type { Metadata } from "next";
import Link from "next/link";

import { CardPage } from "@/components/ui/card-page";

export const metadata: Metadata = { title: "Not found" };

// The same for a page that does not exist and one out of the viewer's scope: neither says which.
export default function NotFound() {
  return (
    <CardPage title="Not found">
      <p>There is nothing at this address, or nothing you have access to.</p>
      <Link href="/tenants" className="inline-block text-blue-700 underline">
        Go to your tenants
      </Link>
    </CardPage>
  );
}
