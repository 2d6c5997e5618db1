#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded here.
# `prisma generate` never calls it; anything that does must use `npm run db:migrate` instead.
echo "The native Prisma schema engine is not installed. Run 'npm run db:migrate' (Wasm engine) instead." >&2
exit 1
