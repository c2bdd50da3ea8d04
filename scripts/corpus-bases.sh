#!/usr/bin/env bash
# Makes the corpus's base images locally, once per engine (no registry is reachable here, and the
# corpus must not depend on one):
#   repro-check-corpus/debian:bookworm   the debootstrapped Debian 12 minbase tree of
#                                        scripts/debian-rootfs.sh, imported as one layer
#   repro-check-corpus/node:20           that image plus this machine's node binary and npm, and
#                                        its CA bundle (npm inside a build reaches the registry only
#                                        when the image trusts the same CAs as this machine)
#   repro-check-corpus/busybox:static    FROM scratch plus /bin/busybox and its applet links
# Each tag is made only when it is missing, so repeated runs cost one `docker image inspect` each.
# Needs root (or sudo) for debootstrap and for reading the root-owned tree.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo=""
[[ $(id -u) == 0 ]] || sudo="sudo"

have() { docker image inspect "$1" >/dev/null 2>&1; }

debian=repro-check-corpus/debian:bookworm
node=repro-check-corpus/node:20
busybox=repro-check-corpus/busybox:static

if ! have "$debian"; then
  root=$(bash scripts/debian-rootfs.sh)
  echo "importing $root as $debian" >&2
  # The tree's times are those of the debootstrap run: fixed once per machine, like a pulled base.
  $sudo tar -C "$root" --numeric-owner -c . | docker import -c 'CMD ["bash"]' -c 'ENV LANG=C.UTF-8' - "$debian" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! have "$node"; then
  node_bin=$(command -v node)
  npm_dir="$(npm root -g)/npm"
  [[ -d $npm_dir ]] || { echo "npm not found at $npm_dir" >&2; exit 1; }
  echo "making $node from $node_bin ($(node --version)) and $npm_dir" >&2
  mkdir -p "$work/node/npm"
  cp "$(readlink -f "$node_bin")" "$work/node/node"
  cp -a "$npm_dir/." "$work/node/npm/"
  cp /etc/ssl/certs/ca-certificates.crt "$work/node/ca-certificates.crt"
  cat >"$work/node/Dockerfile" <<DOCKERFILE
FROM $debian
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt NPM_CONFIG_CAFILE=/etc/ssl/certs/ca-certificates.crt NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
CMD ["node"]
DOCKERFILE
  DOCKER_BUILDKIT=1 docker build -q -t "$node" "$work/node" >/dev/null
fi

if ! have "$busybox"; then
  [[ -x /bin/busybox ]] || { echo "/bin/busybox missing: install busybox-static (scripts/test-tools.sh)" >&2; exit 1; }
  echo "making $busybox" >&2
  mkdir -p "$work/busybox/bin"
  cp /bin/busybox "$work/busybox/bin/busybox"
  for applet in sh ls cat echo date mkdir chmod touch; do ln -s busybox "$work/busybox/bin/$applet"; done
  tar -C "$work/busybox" --numeric-owner --owner=0 --group=0 -c . | docker import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' - "$busybox" >/dev/null
fi

docker image ls --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}' | grep '^repro-check-corpus/' >&2
