#!/bin/sh
# Writes the benchmark's files under /data, deterministically: the same arguments give the same
# bytes, modes and times on every build. Runs inside a `FROM scratch` + busybox image (busybox sh
# and awk only), so it needs nothing the engine would have to pull.
#
#   generate-files COUNT BYTES SEED VARIANT
#
# COUNT files of BYTES in total (sizes spread from half to one and a half times the mean), 100 per
# directory. Content is hex text drawn from a pool of 1,024 blocks of 4 KiB made by a Park-Miller
# generator seeded with SEED, so every file is different and no two builds differ. VARIANT `b`
# changes a handful of files against `a`: five in content, one in mtime, one in mode.
set -eu
count=$1
bytes=$2
seed=$3
variant=$4

awk -v count="$count" 'BEGIN { for (d = 0; d * 100 < count; d++) printf "/data/d%04d\n", d }' | xargs mkdir -p

awk -v count="$count" -v bytes="$bytes" -v seed="$seed" -v variant="$variant" '
# Park-Miller minimal standard generator: every product stays below 2^53, so awk doubles are exact.
function next_random() { state = (state * 16807) % 2147483647; return state }
BEGIN {
  state = seed % 2147483646 + 1
  for (b = 0; b < 1024; b++) {
    block = ""
    for (line = 0; line < 64; line++) {
      text = ""
      for (k = 0; k < 8; k++) text = text sprintf("%08x", next_random())
      block = block text "\n"
    }
    pool[b] = substr(block, 1, 4096)
  }
  mean = bytes / count
  for (i = 0; i < count; i++) {
    path = sprintf("/data/d%04d/f%06d.txt", int(i / 100), i)
    size = int(mean / 2 + (next_random() / 2147483647) * mean)
    changed = (variant == "b" && i % int(count / 7) == 3 && int(i / int(count / 7)) < 5)
    header = sprintf("file %d of %d, seed %d%s\n", i, count, seed, changed ? ", changed" : "")
    printf "%s", substr(header, 1, size) > path
    left = size - length(header)
    start = next_random()
    while (left > 0) {
      chunk = pool[(start + left) % 1024]
      if (left < 4096) chunk = substr(chunk, 1, left)
      printf "%s", chunk > path
      left -= 4096
    }
    close(path)
  }
}'

# Fixed times for every file and directory, so only the variant differs between builds.
find /data -exec touch -h -d @1700000000 {} +
if [ "$variant" = b ]; then
  step=$((count / 7))
  touch -h -d @1700000001 "$(printf '/data/d%04d/f%06d.txt' $(((5 * step + 3) / 100)) $((5 * step + 3)))"
  chmod 600 "$(printf '/data/d%04d/f%06d.txt' $(((6 * step + 3) / 100)) $((6 * step + 3)))"
fi
