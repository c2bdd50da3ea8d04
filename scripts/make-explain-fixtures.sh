#!/usr/bin/env bash
# Regenerates the fixtures of the content inspectors (src/explain/inspect/) in
# test/fixtures/explain/, each made by the real tool that makes such files in image builds.
#
#   scripts/make-explain-fixtures.sh
#
# Every pair is the same input made twice under a varied condition, as two builds would make it.
# The two times used throughout (tests rely on them):
#   T1 = 1700000000 (2023-11-14T22:13:20Z)
#   T2 = 1700090062 (T1 + 1 day 1 h 1 min 2 s; even, so DOS times of zip keep it exactly)
#
# Writes, into test/fixtures/explain/:
#   gzip/mtime-a.txt.gz, mtime-b.txt.gz  `gzip -9 -c payload.txt` with the file at T1 and T2:
#                                        header mtime differs, name and payload equal
#   gzip/n-a.txt.gz, n-b.txt.gz          `gzip -9 -n` of the same: identical
#   gzip/other.txt.gz                    `gzip -9 -c` of another payload at T1
#   tar/mtime-a.tar, mtime-b.tar         GNU tar --format=gnu --sort=name, owner 0:0, files at T1/T2
#   tar/order-b.tar                      the same files at T1, listed in reverse order
#   tar/content-b.tar                    as mtime-a.tar but build-info.txt dated T2 (content differs)
#   tar/mtime-a.tar.gz, mtime-b.tar.gz   mtime-a.tar and mtime-b.tar through `gzip -9 -n`
#   tar/header-b.tar.gz                  mtime-a.tar through `gzip -9` reading the tar (at T2):
#                                        only the gzip header differs from mtime-a.tar.gz
#   zip/zip-a.zip, zip-b.zip             `zip` (Info-ZIP, with its extra fields) of the files at T1/T2
#   zip/zipx-a.zip, zipx-b.zip           `zip -X` (no extra fields) at T1/T2: only DOS times differ
#   zip/zipx-order.zip                   `zip -X` at T1 with the members in reverse order
#   zip/jar-a.jar, jar-b.jar             `jar --create --date` at T1 and T2 (JDK's jar tool)
#   ar/ar-a.a, ar-b.a                    `ar rcU` (real mtime, uid, gid, mode) of the files at T1/T2
#   ar/ard-a.a, ard-b.a                  `ar rcD` (deterministic) of the same: identical
#   deb/pkg-a.deb, pkg-b.deb             `dpkg-deb --root-owner-group -Zgzip --build` with the tree
#                                        and SOURCE_DATE_EPOCH at T1 and T2
#   deb/pkg-xz-a.deb, pkg-xz-b.deb       the same with -Zxz (dpkg-deb's default compression)
#   pyc/mod-a.pyc, mod-b.pyc             py_compile (timestamp-based) of mod.py at T1 and T2
#   pyc/mod-hash-a.pyc, mod-hash-b.pyc   py_compile with invalidation_mode CHECKED_HASH at T1/T2
#   pyc/mod-changed.pyc                  py_compile of an edited mod.py at T1 (code differs)
#   text/build-info-a.txt, -b.txt        `date` outputs (default, ISO 8601, RFC 2822, epoch) at T1/T2
#   text/token-a.txt, token-b.txt        a random hex token and a UUID from /dev/urandom (not
#                                        deterministic: regenerated on every run)
#   text/config-a.txt, config-b.txt      a real edit: one setting changed
#   random/random-a.bin, random-b.bin    `head -c 256 /dev/urandom`, twice (not deterministic)
#
# Requirements: Debian's gzip, tar, zip, binutils (ar), dpkg, python3 and openjdk (jar); the jar
# pair is skipped with a warning when `jar` is missing. Runs as any user; writes only the folder
# above and a temporary directory that is removed at the end.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$repo/test/fixtures/explain
T1=1700000000
T2=1700090062

umask 022
export LC_ALL=C TZ=UTC
unset SOURCE_DATE_EPOCH

work=$(mktemp -d "${TMPDIR:-/tmp}/rcexplain.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage=$work/out
mkdir -p "$stage"/{gzip,tar,zip,ar,deb,pyc,text,random}

# stamp TIME PATH...: sets the mtime and atime of the paths (and what is under them).
stamp() {
  local t=$1
  shift
  find "$@" -exec touch -h -d "@$t" {} +
}

# A small tree of files, the same for every archive: text files and a sub-directory.
tree=$work/tree
mkdir -p "$tree/doc"
printf 'repro-check fixture\n' >"$tree/README"
printf 'built at 2023-11-14T22:13:20Z\n' >"$tree/build-info.txt"
printf 'alpha\nbeta\ngamma\n' >"$tree/doc/notes.txt"
# Large and repetitive enough that zip, jar and gzip deflate it rather than store it.
seq 1 300 | sed 's/^/entry /' >"$tree/doc/changelog"

# --- gzip -------------------------------------------------------------------------------------
payload=$work/payload.txt
seq 1 200 | sed 's/^/line /' >"$payload"
stamp "$T1" "$payload"
(cd "$work" && gzip -9 -c payload.txt) >"$stage/gzip/mtime-a.txt.gz"
(cd "$work" && gzip -9 -n -c payload.txt) >"$stage/gzip/n-a.txt.gz"
stamp "$T2" "$payload"
(cd "$work" && gzip -9 -c payload.txt) >"$stage/gzip/mtime-b.txt.gz"
(cd "$work" && gzip -9 -n -c payload.txt) >"$stage/gzip/n-b.txt.gz"
seq 1 200 | sed 's/^/row /' >"$payload"
stamp "$T1" "$payload"
(cd "$work" && gzip -9 -c payload.txt) >"$stage/gzip/other.txt.gz"

# --- tar --------------------------------------------------------------------------------------
gnutar() {
  tar --format=gnu --owner=0 --group=0 --numeric-owner "$@"
}
stamp "$T1" "$tree"
gnutar --sort=name -C "$tree" -cf "$stage/tar/mtime-a.tar" .
# Reverse order: list the entries explicitly, without recursion, deepest and last name first.
(cd "$tree" && find . -print | LC_ALL=C sort -r) >"$work/reverse.list"
gnutar --no-recursion -C "$tree" -cf "$stage/tar/order-b.tar" -T "$work/reverse.list"
stamp "$T2" "$tree"
gnutar --sort=name -C "$tree" -cf "$stage/tar/mtime-b.tar" .
# Same mtimes as mtime-a.tar, one member's content changed (another date written into it).
printf 'built at 2023-11-15T23:14:22Z\n' >"$tree/build-info.txt"
stamp "$T1" "$tree"
gnutar --sort=name -C "$tree" -cf "$stage/tar/content-b.tar" .
printf 'built at 2023-11-14T22:13:20Z\n' >"$tree/build-info.txt"
stamp "$T1" "$tree"
gzip -9 -n -c "$stage/tar/mtime-a.tar" >"$stage/tar/mtime-a.tar.gz"
gzip -9 -n -c "$stage/tar/mtime-b.tar" >"$stage/tar/mtime-b.tar.gz"
# gzip reading the tar as a named file stores its name and mtime in the header.
cp "$stage/tar/mtime-a.tar" "$work/layer.tar"
stamp "$T2" "$work/layer.tar"
(cd "$work" && gzip -9 -c layer.tar) >"$stage/tar/header-b.tar.gz"

# --- zip and jar ------------------------------------------------------------------------------
(cd "$tree" && find . -mindepth 1 -print | sed 's|^\./||' | LC_ALL=C sort) >"$work/zip.list"
LC_ALL=C sort -r "$work/zip.list" >"$work/zip-reverse.list"
stamp "$T1" "$tree"
(cd "$tree" && zip -q -X "$stage/zip/zipx-a.zip" -@ <"$work/zip.list")
(cd "$tree" && zip -q -X "$stage/zip/zipx-order.zip" -@ <"$work/zip-reverse.list")
# zip stores the access time too (local UT field): reading the files above moved it, so stamp again.
stamp "$T1" "$tree"
(cd "$tree" && zip -q "$stage/zip/zip-a.zip" -@ <"$work/zip.list")
stamp "$T2" "$tree"
(cd "$tree" && zip -q -X "$stage/zip/zipx-b.zip" -@ <"$work/zip.list")
stamp "$T2" "$tree"
(cd "$tree" && zip -q "$stage/zip/zip-b.zip" -@ <"$work/zip.list")
stamp "$T1" "$tree"
if command -v jar >/dev/null; then
  iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
  jar --create --no-manifest --date="$(iso "$T1")" --file "$stage/zip/jar-a.jar" -C "$tree" .
  jar --create --no-manifest --date="$(iso "$T2")" --file "$stage/zip/jar-b.jar" -C "$tree" .
else
  echo "warning: jar not found; skipping zip/jar-*.jar" >&2
fi

# --- ar and .deb ------------------------------------------------------------------------------
ar_members=("$tree/README" "$tree/build-info.txt")
stamp "$T1" "$tree"
ar rcU "$stage/ar/ar-a.a" "${ar_members[@]}"
ar rcD "$stage/ar/ard-a.a" "${ar_members[@]}"
stamp "$T2" "$tree"
ar rcU "$stage/ar/ar-b.a" "${ar_members[@]}"
ar rcD "$stage/ar/ard-b.a" "${ar_members[@]}"

pkg=$work/pkg
mkdir -p "$pkg/DEBIAN" "$pkg/usr/share/doc/repro-fixture"
cat >"$pkg/DEBIAN/control" <<'EOF'
Package: repro-fixture
Version: 1.0
Architecture: all
Maintainer: repro-check <repro-check@example.invalid>
Description: fixture package of repro-check
EOF
cp "$tree/README" "$pkg/usr/share/doc/repro-fixture/README"
# dpkg-deb uses SOURCE_DATE_EPOCH for the ar headers and clamps the tar mtimes to it.
for side in a b; do
  t=$T1
  [[ $side == b ]] && t=$T2
  stamp "$t" "$pkg"
  SOURCE_DATE_EPOCH=$t dpkg-deb --root-owner-group -Zgzip --build "$pkg" "$stage/deb/pkg-$side.deb" >/dev/null
  SOURCE_DATE_EPOCH=$t dpkg-deb --root-owner-group -Zxz --build "$pkg" "$stage/deb/pkg-xz-$side.deb" >/dev/null
done

# --- .pyc -------------------------------------------------------------------------------------
py=$work/py
mkdir -p "$py"
printf 'def greet(name):\n    return "hello " + name\n' >"$py/mod.py"
compile() { # compile MODE OUT
  python3 - "$py/mod.py" "$2" "$1" <<'EOF'
import py_compile, sys
mode = py_compile.PycInvalidationMode[sys.argv[3]]
# dfile: the source path recorded in the code objects, fixed so the temporary folder stays out.
py_compile.compile(sys.argv[1], cfile=sys.argv[2], dfile="/app/mod.py", doraise=True, invalidation_mode=mode)
EOF
}
stamp "$T1" "$py/mod.py"
compile TIMESTAMP "$stage/pyc/mod-a.pyc"
compile CHECKED_HASH "$stage/pyc/mod-hash-a.pyc"
stamp "$T2" "$py/mod.py"
compile TIMESTAMP "$stage/pyc/mod-b.pyc"
compile CHECKED_HASH "$stage/pyc/mod-hash-b.pyc"
printf 'def greet(name):\n    return "hi " + name\n' >"$py/mod.py"
stamp "$T1" "$py/mod.py"
compile TIMESTAMP "$stage/pyc/mod-changed.pyc"

# --- text -------------------------------------------------------------------------------------
for side in a b; do
  t=$T1
  [[ $side == b ]] && t=$T2
  {
    echo "name: repro-fixture"
    echo "date: $(date -u -d "@$t")"
    echo "iso: $(date -u -d "@$t" +%Y-%m-%dT%H:%M:%SZ)"
    echo "rfc2822: $(date -u -R -d "@$t")"
    echo "epoch: $(date -u -d "@$t" +%s)"
    echo "version: 1.2.3"
  } >"$stage/text/build-info-$side.txt"
  {
    echo "name: repro-fixture"
    echo "token: $(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
    echo "uuid: $(python3 -c 'import uuid; print(uuid.uuid4())')"
    echo "version: 1.2.3"
  } >"$stage/text/token-$side.txt"
done
printf 'name: repro-fixture\nworkers: 4\nlog: info\n' >"$stage/text/config-a.txt"
printf 'name: repro-fixture\nworkers: 8\nlog: info\n' >"$stage/text/config-b.txt"

# --- random bytes -----------------------------------------------------------------------------
head -c 256 /dev/urandom >"$stage/random/random-a.bin"
head -c 256 /dev/urandom >"$stage/random/random-b.bin"

# Replace the fixtures only now that all of them exist.
rm -rf "$out"
mkdir -p "$(dirname "$out")"
cp -r "$stage" "$out"
find "$out" -type f -exec chmod 0644 {} +
echo "fixtures written to ${out#"$repo"/} ($(du -sk "$out" | cut -f1) KiB)"
