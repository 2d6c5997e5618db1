/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native, Wasm or worker-based packages must load from node_modules, not the bundle. So must
  // MSAL: its applications are shared by every route (globalThis), and an error thrown by one
  // route's bundled copy would not be an `instanceof` another copy's error classes.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "pg-boss", "@azure/msal-node"],
};

export default nextConfig;
