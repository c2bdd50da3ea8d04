#!/usr/bin/env bash
# Installs, from Debian's packages, the tools the tests run for real, when they are missing:
#   busybox-static     a shell for RUN steps in the FROM scratch test images
#   libarchive-tools   bsdtar, which writes and reads the mtree manifests ours are checked against
#   chromium           headless, to load the HTML report as a browser does
#   python3            Debian's /usr/bin/python3 for the independent verdict oracle (test/oracle)
#   debootstrap        the Debian tree the corpus's base images come from (scripts/corpus-bases.sh)
# The tests that need them fail, never skip, without them. Idempotent; needs root (or sudo).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
sudo=""
[[ $(id -u) == 0 ]] || sudo="sudo"
need=()
[[ -x /bin/busybox ]] || need+=(busybox-static)
command -v bsdtar >/dev/null || need+=(libarchive-tools)
command -v chromium >/dev/null || need+=(chromium)
[[ -x /usr/bin/python3 ]] || need+=(python3)
command -v debootstrap >/dev/null || need+=(debootstrap)
if ((${#need[@]})); then
  echo "installing ${need[*]}"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
