#!/usr/bin/env bash
# Fails when the committed dist/ differs from a fresh bundle of the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s bundle
if [[ -n $(git status --porcelain -- dist) ]]; then
  echo "dist/ is not the bundle of the current sources; run 'npm run bundle' and commit dist/:" >&2
  git status --porcelain -- dist >&2
  git diff --stat -- dist >&2
  exit 1
fi
echo "dist/ matches a fresh bundle"
