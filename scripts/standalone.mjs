// Completes Next.js's standalone output (.next/standalone) into the folder production runs, in the
// container image and in the tests alike: `node server.mjs` there. Next.js traces the server's own
// files; the browser's assets, the public folder, the migrations applied at start (and the engine's
// WebAssembly) and our server entry point are ours to add.
import { cpSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, ".next", "standalone");

cpSync(join(root, ".next", "static"), join(out, ".next", "static"), { recursive: true });
cpSync(join(root, "public"), join(out, "public"), { recursive: true });
rmSync(join(out, "prisma"), { recursive: true, force: true });
cpSync(join(root, "prisma"), join(out, "prisma"), { recursive: true });
cpSync(join(root, "scripts", "server.mjs"), join(out, "server.mjs"));
// The migration engine loads its WebAssembly by path, which file tracing does not follow.
cpSync(join(root, "node_modules", "@prisma", "schema-engine-wasm"), join(out, "node_modules", "@prisma", "schema-engine-wasm"), { recursive: true });
// Next.js's own entry point would start the portal without ours (no peer address, no shutdown).
rmSync(join(out, "server.js"), { force: true });
