"use client";

import { useEffect, useState } from "react";

/** "Refreshed N seconds ago", counting up while the page stays open. */
export function RefreshedAgo({ at }: { at: number }) {
  const [now, setNow] = useState(at);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, []);
  return <span className="text-sm text-slate-600">Refreshed {Math.max(0, Math.round((now - at) / 1000))} seconds ago</span>;
}
