#!/bin/sh
# npm run demo: install what is missing, then hand over to scripts/demo.ts.
set -e
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm install)…"
  npm install --no-audit --no-fund
fi
[ -d lib/db/generated ] || npm run db:generate
exec node --conditions=react-server --import tsx scripts/demo.ts "$@"
