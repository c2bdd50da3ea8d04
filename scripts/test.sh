#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against a real Docker engine, which this
# script makes available first (scripts/docker-engine.sh reuses a running engine or starts one).
# The integration tests fail, rather than skip, when no engine answers.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d node_modules ]] || npm ci
bash scripts/docker-engine.sh
npx vitest run "$@"
