import type { Metadata } from "next";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";

import { SignInButton } from "@/components/sign-in-button";
import { CardPage } from "@/components/ui/card-page";
import { authOptions } from "@/lib/auth/options";
import { entryOf, single, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  OAuthCallback: "Microsoft did not complete the sign-in. Try again.",
  OAuthSignin: "The portal could not start the sign-in with Microsoft. Try again in a minute.",
  AccessDenied: "Your account has no access to this portal.",
  SessionRequired: "Sign in to continue.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const [error, callbackUrl] = [single(params.error), single(params.callbackUrl)];
  const session = await getServerSession(authOptions());
  if (session?.user.role) redirect("/tenants");
  // Only same-site paths: an absolute URL here would be an open redirect.
  const target = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/tenants";
  return (
    <CardPage title="Sign in">
      <p>For partner staff. Sign in with your organization&apos;s Microsoft account.</p>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {entryOf(ERRORS, error) ?? "Sign-in failed. Try again; if it keeps failing, ask a portal administrator."}
        </p>
      )}
      <SignInButton callbackUrl={target} />
    </CardPage>
  );
}
