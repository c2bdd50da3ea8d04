#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against a real Docker engine, which this
# script makes available first (scripts/docker-engine.sh reuses a running engine or starts one).
# The integration tests fail, rather than skip, when no engine answers; in CI a skipped test fails
# the run too. Ends with one plain line: "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d node_modules ]] || npm ci
bash scripts/test-tools.sh
bash scripts/docker-engine.sh
results=$(mktemp)
trap 'rm -f "$results"' EXIT
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (process.env.CI && skipped > 0) { console.error("a skipped test counts as a failure in CI"); process.exit(1); }
' "$results" || status=1
exit $status
