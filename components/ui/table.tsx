import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

/**
 * A data table: a header of column names (an empty one is announced as "Actions"), then its rows,
 * named by `label`. On a narrow screen it scrolls sideways in a region of that name, which takes
 * the focus so the keyboard can scroll it too.
 */
export function Table({ columns, children, className = "", label }: { columns: string[]; children: ReactNode; className?: string; label: string }) {
  const t = useTranslations("Ui");
  return (
    <div role="region" aria-label={label} tabIndex={0} className="relative overflow-x-auto">
      <table aria-label={label} className={`w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm ${className}`}>
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            {columns.map((column, index) => (
              <th key={index} className="px-4 py-2 font-medium">
                {column || <span className="sr-only">{t("actions")}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Row({ children }: { children: ReactNode }) {
  return <tr className="border-t border-slate-100 align-top">{children}</tr>;
}

/** A cell; `translate="no"` for customer data (names, addresses), which browser translators must leave alone. */
export function Cell({ children, className = "", translate }: { children?: ReactNode; className?: string; translate?: "no" }) {
  return (
    <td translate={translate} className={`px-4 py-2 ${className}`.trim()}>
      {children}
    </td>
  );
}
