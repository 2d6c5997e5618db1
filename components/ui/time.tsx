import { useFormatter, useTranslations } from "next-intl";

/**
 * A time in the viewer's language and time zone ("3 Dec 2026, 15:04"), or a dash when there is none
 * (or Microsoft sent something that is not a time). The exact instant is in `dateTime` and the title.
 */
export function Time({ value }: { value: Date | string | null }) {
  const format = useFormatter();
  const t = useTranslations("Common");
  const date = value === null ? null : new Date(value);
  if (!date || Number.isNaN(date.getTime())) return <span className="text-slate-500">{t("none")}</span>;
  return (
    <time dateTime={date.toISOString()} title={format.dateTime(date, { dateStyle: "full", timeStyle: "long" })}>
      {format.dateTime(date, { dateStyle: "medium", timeStyle: "short" })}
    </time>
  );
}
