#!/usr/bin/env bash
# Starts and stops Debian's docker-registry (distribution 2.8) on 127.0.0.1 for the registry
# integration tests (test/integration/registry.test.ts, verify.test.ts): four registries over one
# temporary storage directory, so that an image pushed to one is served by all:
#   open   no authentication: `docker push` writes here (the engine pushes to 127.0.0.0/8 over HTTP);
#          manifests may be deleted (DELETE /v2/NAME/manifests/DIGEST)
#   keep   no authentication, deletion disabled as distribution's default is (405 UNSUPPORTED)
#   basic  htpasswd Basic authentication, user `repro` and a random password
#   token  bearer tokens from the realm http://127.0.0.1:$(cat DIR/token-server.port)/token, which
#          the test serves itself: JWTs signed (RS256) with DIR/token.key and carrying the
#          self-signed certificate DIR/token.pem (x5c), the registry's root; service
#          `repro-check-test`, issuer `repro-check-test-issuer`
# Usage: scripts/registry.sh start DIR   writes DIR/{open,keep,basic,token,token-server}.port,
#                                        DIR/password, DIR/token.{key,pem}, DIR/storage
#        scripts/registry.sh stop DIR    stops the registries and removes DIR
# Needs docker-registry, node, openssl, and htpasswd (apache2-utils) or python3's crypt module
# (Python 3.12 and older) for the bcrypt file; scripts/test-tools.sh installs the Debian packages.
set -euo pipefail
command=${1:-}
dir=${2:-}
if [[ -z $command || -z $dir ]]; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

# The htpasswd file: distribution reads bcrypt only.
bcrypt_line() {
  local user=$1 password=$2
  if command -v htpasswd >/dev/null; then
    htpasswd -nbB "$user" "$password"
  else
    python3 -W ignore -c 'import crypt, sys; h = crypt.crypt(sys.argv[2], crypt.mksalt(crypt.METHOD_BLOWFISH)); assert h.startswith("$2"), "no bcrypt in crypt"; print(sys.argv[1] + ":" + h)' "$user" "$password"
  fi
}

write_config() {
  local name=$1 port=$2 auth=$3 delete=true
  [[ $name == keep ]] && delete=false
  cat >"$dir/$name.yml" <<YAML
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: $delete
http:
  addr: 127.0.0.1:$port
  secret: $(node -p 'require("crypto").randomBytes(16).toString("hex")')
$auth
YAML
}

wait_ready() {
  local port=$1 name=$2
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "registry $name did not start on 127.0.0.1:$port; its log:" >&2
  cat "$dir/$name.log" >&2 || true
  return 1
}

start() {
  command -v docker-registry >/dev/null || { echo "docker-registry is not installed (apt-get install docker-registry)" >&2; exit 1; }
  mkdir -p "$dir/storage"
  local password
  password=$(node -p 'require("crypto").randomBytes(12).toString("hex")')
  printf '%s' "$password" >"$dir/password"
  bcrypt_line repro "$password" >"$dir/htpasswd"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=repro-check-test-issuer \
    -keyout "$dir/token.key" -out "$dir/token.pem" 2>/dev/null
  free_port >"$dir/token-server.port"
  for name in open keep basic token; do
    local port auth=""
    port=$(free_port)
    [[ $name == basic ]] && auth=$(printf 'auth:\n  htpasswd:\n    realm: repro-check-test\n    path: %s' "$dir/htpasswd")
    [[ $name == token ]] && auth=$(printf 'auth:\n  token:\n    realm: http://127.0.0.1:%s/token\n    service: repro-check-test\n    issuer: repro-check-test-issuer\n    rootcertbundle: %s' "$(cat "$dir/token-server.port")" "$dir/token.pem")
    write_config "$name" "$port" "$auth"
    docker-registry serve "$dir/$name.yml" >"$dir/$name.log" 2>&1 &
    echo $! >"$dir/$name.pid"
    echo "$port" >"$dir/$name.port"
    wait_ready "$port" "$name"
  done
}

stop() {
  for name in open keep basic token; do
    if [[ -f $dir/$name.pid ]]; then
      local pid
      pid=$(cat "$dir/$name.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  done
  rm -rf "$dir"
}

case $command in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
