#!/usr/bin/env bash
# Installs, from Debian's packages, the tools the tests run for real, when they are missing:
#   busybox-static     a shell for RUN steps in the FROM scratch test images
#   libarchive-tools   bsdtar, which writes and reads the mtree manifests ours are checked against
#   chromium           headless, to load the HTML report as a browser does
#   python3            Debian's /usr/bin/python3 for the independent verdict oracle (test/oracle)
#   aide               the oracle the drift test against a Debian tree is checked with
#   attr               getfattr, which manifest --dir reads extended attributes with
#   libcap2-bin        setcap, to give a file a capability in that test
#   debootstrap        makes the Debian tree (scripts/debian-rootfs.sh) of the corpus's bases and the AIDE test
#   docker-registry    a registry on 127.0.0.1 for the registry images of diff (scripts/registry.sh)
#   apache2-utils      htpasswd, for that registry's Basic-auth user
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
command -v aide >/dev/null || need+=(aide)
command -v getfattr >/dev/null || need+=(attr)
command -v setcap >/dev/null || [[ -x /usr/sbin/setcap || -x /sbin/setcap ]] || need+=(libcap2-bin)
command -v debootstrap >/dev/null || [[ -x /usr/sbin/debootstrap ]] || need+=(debootstrap)
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v htpasswd >/dev/null || need+=(apache2-utils)
if ((${#need[@]})); then
  echo "installing ${need[*]}"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
