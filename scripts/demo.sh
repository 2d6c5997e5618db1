#!/bin/sh
# npm run demo: install what is missing, then hand over to scripts/demo.ts.
set -e
cd "$(dirname "$0")/.."
sh scripts/install.sh
exec node --conditions=react-server --import tsx scripts/demo.ts "$@"
