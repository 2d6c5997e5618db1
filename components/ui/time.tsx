/** A UTC time, or a dash when there is none. */
export function Time({ value }: { value: Date | null }) {
  if (!value) return <span className="text-slate-400">—</span>;
  return <time dateTime={value.toISOString()}>{value.toISOString().replace("T", " ").slice(0, 16)} UTC</time>;
}
