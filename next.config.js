/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native, Wasm or worker-based packages must load from node_modules, not the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg"],
};

export default nextConfig;
