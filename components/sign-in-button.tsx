"use client";

import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";

export function SignInButton({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("SignIn");
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn("azure-ad", { callbackUrl });
      }}
      className="w-full rounded-md bg-blue-700 px-4 py-2.5 font-medium text-white hover:bg-blue-800 disabled:opacity-60"
    >
      {pending ? t("redirecting") : t("button")}
    </button>
  );
}
