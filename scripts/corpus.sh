#!/usr/bin/env bash
# Builds every case of the corpus (test/corpus/<case>/Dockerfile) with repro-check itself, two
# cases at a time, and keeps for each case what the corpus test reads:
#   OUT/<case>/report.json   repro-check's JSON report of the build (both builds, all variations)
#   OUT/<case>/a.tar, b.tar  `docker save` of the two images, for the independent oracle
#   OUT/<case>/a-fix.tar, b-fix.tar  the same of A′ and B′, the pair rebuilt with the fix
#                            (`--fix verify`), when the report has them
#   OUT/<case>/build.log     repro-check's output and exit status
# The images are removed after saving. The base images come from scripts/corpus-bases.sh.
#
#   scripts/corpus.sh [CASE...]      (default: every case)
#   REPRO_CORPUS_OUT=DIR             where to write (default /var/cache/repro-check/corpus)
#   REPRO_CORPUS_JOBS=N              cases built at once (default 2)
#   REPRO_CORPUS_CLI="node dist/cli.cjs"   the CLI to run (default: the sources, through tsx)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${REPRO_CORPUS_OUT:-/var/cache/repro-check/corpus}
jobs=${REPRO_CORPUS_JOBS:-2}
export REPRO_CORPUS_CLI=${REPRO_CORPUS_CLI:-"node_modules/.bin/tsx src/cli.ts"}
export out

bash scripts/corpus-bases.sh

cases=("$@")
if ((${#cases[@]} == 0)); then
  for dockerfile in test/corpus/*/Dockerfile; do
    cases+=("$(basename "$(dirname "$dockerfile")")")
  done
fi

build_case() {
  local name=$1 dir="$out/$1" started status
  rm -rf "$dir"
  mkdir -p "$dir"
  started=$(date +%s)
  status=0
  # --level content: the exit status is 0 or 1 for a finished comparison; 2 is an error.
  $REPRO_CORPUS_CLI build "test/corpus/$name" --level content --keep-images --fix verify \
    --report "$dir/report.json" --quiet >"$dir/build.log" 2>&1 || status=$?
  echo "exit $status" >>"$dir/build.log"
  if [[ $status -gt 1 || ! -f $dir/report.json ]]; then
    echo "corpus: $name failed (exit $status):" >&2
    tail -n 20 "$dir/build.log" >&2
    return 1
  fi
  local refs
  mapfile -t refs < <(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const image of r.images) console.log(image.ref);
    for (const ref of r.fix?.images ?? []) console.log(ref);
  ' "$dir/report.json")
  docker save -o "$dir/a.tar" "${refs[0]}"
  docker save -o "$dir/b.tar" "${refs[1]}"
  if ((${#refs[@]} == 4)); then
    docker save -o "$dir/a-fix.tar" "${refs[2]}"
    docker save -o "$dir/b-fix.tar" "${refs[3]}"
  fi
  docker image rm "${refs[@]}" >/dev/null
  echo "corpus: $name built and saved in $(($(date +%s) - started)) s (exit $status)" >&2
}
export -f build_case

started=$(date +%s)
status=0
printf '%s\n' "${cases[@]}" | xargs -P "$jobs" -I{} bash -c 'build_case "$@"' _ {} || status=$?
echo "corpus: ${#cases[@]} cases in $(($(date +%s) - started)) s" >&2
exit $status
