import { defineConfig } from "prisma/config";

// Migrations here run through `npm run db:migrate` (Prisma's Wasm schema engine); this file lets
// `prisma migrate deploy` work too wherever the CLI can download its native engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
