#!/bin/sh
# Installs what is missing before `npm run demo` and `npm test`: dependencies when there are none or
# package-lock.json changed since, and the Prisma client when it was never generated.
set -e
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm install)…"
  npm install --no-audit --no-fund
fi
[ -d lib/db/generated ] || npm run db:generate
