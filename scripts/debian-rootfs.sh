#!/usr/bin/env bash
# Makes a minimal Debian 12 (bookworm) root file system with debootstrap, once per machine, and
# prints its path. The corpus's base images and the drift tests that compare with AIDE start from
# it; no registry is reachable here, so this is how a Debian base exists at all.
#
#   scripts/debian-rootfs.sh            make it if missing, print the path
#   REPRO_ROOTFS_CACHE=DIR              where to keep it (default /var/cache/repro-check/rootfs)
#
# The mirror is the one this machine's APT already uses, so it works wherever apt-get does.
# Idempotent: a finished tree is marked by a stamp file, and a half-made one is made again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
cache=${REPRO_ROOTFS_CACHE:-/var/cache/repro-check/rootfs}
root=$cache/debian-bookworm
stamp=$cache/debian-bookworm.done

if [[ -f $stamp && -d $root ]]; then
  echo "$root"
  exit 0
fi

sudo=""
[[ $(id -u) == 0 ]] || sudo="sudo"
if ! command -v debootstrap >/dev/null; then
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

# The first URI of a deb822 source (or a one-line source) that names the main archive.
mirror=$(grep -hoE '^URIs:[[:space:]]*[^[:space:]]+' /etc/apt/sources.list.d/*.sources 2>/dev/null |
  awk '{print $2}' | grep -v security | head -n 1 || true)
if [[ -z $mirror ]]; then
  mirror=$(grep -hoE '^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?[^[:space:]]+' /etc/apt/sources.list 2>/dev/null |
    awk '{print $NF}' | grep -v security | head -n 1 || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}

$sudo rm -rf "$root" "$stamp"
$sudo mkdir -p "$cache"
echo "debootstrap bookworm from $mirror into $root" >&2
$sudo debootstrap --variant=minbase bookworm "$root" "$mirror" >"$cache/debootstrap.log" 2>&1 || {
  tail -n 20 "$cache/debootstrap.log" >&2
  exit 1
}
$sudo touch "$stamp"
echo "$root"
