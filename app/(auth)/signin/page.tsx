import type { Metadata } from "next";
import { getServerSession } from "next-auth";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";

import { SignInButton } from "@/components/sign-in-button";
import { CardPage } from "@/components/ui/card-page";
import { authOptions } from "@/lib/auth/options";
import { single, type SearchParams } from "@/lib/search-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("SignIn"))("title") };
}

// The errors next-auth names in `?error=` that we explain; any other gets the general message.
const ERRORS = ["OAuthCallback", "OAuthSignin", "AccessDenied", "SessionRequired"] as const;

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const params = await searchParams;
  const [error, callbackUrl] = [single(params.error), single(params.callbackUrl)];
  const session = await getServerSession(authOptions());
  if (session?.user.role) redirect("/dashboard");
  // Only same-site paths: an absolute URL here would be an open redirect.
  const target = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/dashboard";
  const t = await getTranslations("SignIn");
  const known = ERRORS.find((each) => each === error);
  return (
    <CardPage title={t("title")}>
      <p>{t("intro")}</p>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
          {t(`errors.${known ?? "other"}`)}
        </p>
      )}
      <SignInButton callbackUrl={target} />
    </CardPage>
  );
}
