"use client";

import { useRouter } from "next/navigation";
import { useSyncExternalStore, type CSSProperties, type ReactNode } from "react";
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One bar or point: its label on the axis and a number per series. */
export type Point = { label: string } & Record<string, number | string>;
export interface Series {
  key: string;
  name: string;
  color: string;
}

// The charts are pictures of the numbers: each has its table next to it, which screen readers and
// keyboards use instead (so the pictures are hidden from them and take no focus).
const AXIS = { fontSize: 12, fill: "currentColor" };

/**
 * Draws its chart in the browser only: the server's HTML would carry Recharts' style attributes,
 * which the content security policy refuses (styles React sets in the browser are not attributes).
 */
function ChartBox({ className = "h-64", style, children }: { className?: string; style?: CSSProperties; children: ReactNode }) {
  const inBrowser = useSyncExternalStore(
    () => () => {},
    () => true,
    () => false,
  );
  return (
    <div aria-hidden className={`w-full text-slate-600 ${className}`} style={inBrowser ? style : undefined}>
      {inBrowser && children}
    </div>
  );
}

/** A number per day and series: stacked bars (parts of a whole) or lines (series to compare). */
export function DaysChart({ data, series, as }: { data: Point[]; series: Series[]; as: "stacked" | "lines" }) {
  return (
    <ChartBox>
      <ResponsiveContainer>
        <ComposedChart data={data} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#94a3b8" strokeOpacity={0.4} />
          <XAxis dataKey="label" tick={AXIS} interval="preserveStartEnd" minTickGap={12} />
          <YAxis allowDecimals={false} width={40} tick={AXIS} />
          <Tooltip contentStyle={{ color: "#0f172a" }} />
          <Legend />
          {series.map((one) =>
            as === "stacked" ? (
              <Bar key={one.key} dataKey={one.key} name={one.name} stackId="all" fill={one.color} isAnimationActive={false} />
            ) : (
              <Line key={one.key} dataKey={one.key} name={one.name} stroke={one.color} strokeWidth={2} dot={false} isAnimationActive={false} />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartBox>
  );
}

/** Horizontal bars, one per row; a click opens the row's `href` (its table lists the same links). */
export function RankedBars({ data, series }: { data: (Point & { href: string })[]; series: Series[] }) {
  const router = useRouter();
  return (
    <ChartBox className="" style={{ height: 40 + data.length * 32 }}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" accessibilityLayer={false} margin={{ left: 8, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#94a3b8" strokeOpacity={0.4} />
          <XAxis type="number" allowDecimals={false} tick={AXIS} />
          <YAxis type="category" dataKey="label" width={140} tick={AXIS} />
          <Tooltip contentStyle={{ color: "#0f172a" }} />
          <Legend />
          {series.map((one) => (
            <Bar key={one.key} dataKey={one.key} name={one.name} fill={one.color} cursor="pointer" isAnimationActive={false} onClick={(bar) => router.push((bar.payload as { href: string }).href)} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartBox>
  );
}
