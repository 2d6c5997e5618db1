// Runs once when the server starts; Node.js-only code lives in its own module (the Edge build skips it).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("@/lib/startup");
}
