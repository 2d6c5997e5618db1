"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useTranslations("Ui");
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard.writeText(text);
        setCopied(true);
        setTimeout(() => setCopied(false), 2000);
      }}
      className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
    >
      {copied ? t("copied") : label}
    </button>
  );
}
