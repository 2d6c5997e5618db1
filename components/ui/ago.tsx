"use client";

import { useFormatter, useNow } from "next-intl";

/** "12 seconds ago", "3 minutes ago" in the viewer's language: counts up while the page stays open. */
export function Ago({ at }: { at: number }) {
  const format = useFormatter();
  const now = useNow({ updateInterval: 1000 });
  return (
    // The server and the browser each say how long ago it is from their own clock.
    <time suppressHydrationWarning dateTime={new Date(at).toISOString()}>{format.relativeTime(at, { now: Math.max(now.getTime(), at) })}</time>
  );
}
