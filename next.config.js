import createNextIntlPlugin from "next-intl/plugin";

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  output: "standalone",
  // Native, Wasm or worker-based packages must load from node_modules, not the bundle. So must
  // MSAL: its applications are shared by every route (globalThis), and an error thrown by one
  // route's bundled copy would not be an `instanceof` another copy's error classes.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "pg-boss", "@azure/msal-node", "@prisma/schema-engine-wasm"],
  // On every response; the content security policy and HSTS are set per request (proxy.ts).
  headers: async () => [
    {
      source: "/:path*",
      headers: [
        { key: "X-Content-Type-Options", value: "nosniff" },
        // No page's address leaves the portal: the consent result's and the incidents' least of all.
        { key: "Referrer-Policy", value: "no-referrer" },
        // For browsers without CSP frame-ancestors.
        { key: "X-Frame-Options", value: "DENY" },
      ],
    },
  ],
};

// The language and time zone of each request: lib/i18n/request.ts.
export default createNextIntlPlugin("./lib/i18n/request.ts")(nextConfig);
