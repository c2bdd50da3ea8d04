#!/usr/bin/env bash
# Makes a Docker engine available on a fresh Debian machine and prints its version.
#
# Idempotent: when a daemon already answers (DOCKER_HOST or the default socket) it is used as it is.
# Otherwise Debian's newest engine (the testing suite's, the same major version as GitHub's runners)
# is unpacked from its packages into a prefix and started in the background. The system's APT state
# is left untouched: the newer suite is read through a private sources list and lists directory.
#
#   scripts/docker-engine.sh          start (or reuse) an engine
#   scripts/docker-engine.sh stop     stop the engine this script started, if any
#
# Environment:
#   REPRO_ENGINE_SUITE   Debian suite to take the engine from (default: forky, then sid, then trixie)
#   REPRO_ENGINE_PREFIX  where the packages are unpacked (default: /opt/repro-check-docker)
#   REPRO_ENGINE_CONTAINERD_STORE=1  start the engine with the containerd image store
set -euo pipefail

prefix=${REPRO_ENGINE_PREFIX:-/opt/repro-check-docker}
state=$prefix/state
pidfile=$state/dockerd.pid
log=$state/dockerd.log
sock=/var/run/docker.sock

engine_answers() {
  timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

print_version() {
  docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}}), client {{.Client.Version}}'
  docker info --format 'storage driver {{.Driver}}{{range .DriverStatus}}{{if eq (index . 0) "driver-type"}} (containerd image store: {{index . 1}}){{end}}{{end}}' 2>/dev/null || true
}

stop_engine() {
  if [[ -f $pidfile ]]; then
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      # containerd is started by dockerd and exits with it; make sure no shim keeps the socket busy.
      pkill -f "$prefix/usr/bin/containerd" 2>/dev/null || true
      echo "stopped dockerd (pid $pid)"
    fi
    rm -f "$pidfile"
  fi
}

if [[ ${1:-} == stop ]]; then
  stop_engine
  exit 0
fi

if command -v docker >/dev/null 2>&1 && engine_answers; then
  echo "using the engine that already answers"
  print_version
  exit 0
fi

if [[ -n ${DOCKER_HOST:-} && ${DOCKER_HOST} != unix://$sock ]]; then
  echo "DOCKER_HOST=$DOCKER_HOST is set but no engine answers there; unset it to let this script start a local engine" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
mkdir -p "$state"

# Packages from the machine's own suite: the runtime, the firewall tools dockerd configures,
# and the static busybox that the tests and examples use to get a shell in FROM scratch images.
need=()
for pkg in runc iptables busybox-static ca-certificates; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [[ ! -x $prefix/usr/sbin/dockerd && ! -x $prefix/usr/bin/dockerd ]]; then
  # A private APT configuration for a newer suite, from the mirror the machine already uses.
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  apt_dir=$state/apt
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/debs"
  fetched=""
  for suite in ${REPRO_ENGINE_SUITE:-forky sid trixie}; do
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" >"$apt_dir/sources.list"
    opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=-"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache::archives=$apt_dir/archives"
          -o "APT::Get::List-Cleanup=0")
    if apt-get "${opts[@]}" update -qq >/dev/null 2>&1 &&
       (cd "$apt_dir/debs" && apt-get "${opts[@]}" download docker.io containerd docker-buildx docker-cli tini >/dev/null 2>&1); then
      fetched=$suite
      break
    fi
    rm -f "$apt_dir"/debs/*.deb
  done
  if [[ -z $fetched ]]; then
    echo "could not download the engine packages from $mirror (tried: ${REPRO_ENGINE_SUITE:-forky sid trixie})" >&2
    exit 1
  fi
  for deb in "$apt_dir"/debs/*.deb; do dpkg -x "$deb" "$prefix"; done
  echo "unpacked the engine from Debian $fetched into $prefix"
fi

dockerd_bin=$prefix/usr/sbin/dockerd
[[ -x $dockerd_bin ]] || dockerd_bin=$prefix/usr/bin/dockerd

# buildx is a CLI plugin; the docker client finds it in its config directory.
plugin_dir=${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins
if [[ -x $prefix/usr/libexec/docker/cli-plugins/docker-buildx && ! -x $plugin_dir/docker-buildx ]]; then
  mkdir -p "$plugin_dir"
  cp "$prefix/usr/libexec/docker/cli-plugins/docker-buildx" "$plugin_dir/"
fi

config=$state/daemon.json
if [[ ${REPRO_ENGINE_CONTAINERD_STORE:-0} == 1 ]]; then
  echo '{"features": {"containerd-snapshotter": true}}' >"$config"
else
  echo '{"features": {"containerd-snapshotter": false}}' >"$config"
fi

# A socket left by a daemon that died would make dockerd refuse to start.
[[ -S $sock ]] && ! engine_answers && rm -f "$sock"
# setsid: the daemon must outlive the shell (and process group) that started it.
PATH=$prefix/usr/bin:$prefix/usr/sbin:$PATH setsid nohup "$dockerd_bin" --config-file "$config" \
  --pidfile "$pidfile" --host "unix://$sock" >>"$log" 2>&1 &
for _ in $(seq 1 120); do
  engine_answers && break
  sleep 0.5
done
if ! engine_answers; then
  echo "dockerd did not answer within 60 s; its log ($log) ends with:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
echo "started dockerd (log: $log)"
print_version
