/** A UTC time, or a dash when there is none (or Microsoft sent something that is not a time). */
export function Time({ value }: { value: Date | string | null }) {
  const date = value === null ? null : new Date(value);
  if (!date || Number.isNaN(date.getTime())) return <span className="text-slate-400">—</span>;
  return <time dateTime={date.toISOString()}>{date.toISOString().replace("T", " ").slice(0, 16)} UTC</time>;
}
