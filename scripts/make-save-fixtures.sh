#!/usr/bin/env bash
# Regenerates the real `docker save` and GNU tar fixtures in test/fixtures/save/.
#
#   scripts/make-save-fixtures.sh
#
# Writes, into test/fixtures/save/:
#   oci-graphdriver.tar.gz  `docker save` from the engine that already answers on
#                           /var/run/docker.sock (engine 28, graph-driver store, overlay2,
#                           BuildKit): OCI layout with uncompressed layers; gzip -n -9.
#   oci-containerd.tar.gz   `docker save` from a second, temporary engine 28 (same binaries,
#                           from /opt/repro-check-docker) running with the containerd image
#                           store: OCI layout whose layer blobs are gzip-compressed.
#   legacy.tar.gz           `docker save` from Debian 12's own engine 20.10 (docker.io and
#                           containerd unpacked with dpkg -x into /opt/docker-20, never
#                           installed), classic builder: manifest.json + <id>/layer.tar.
#   gnu-longnames.tar       GNU tar --format=gnu: long name, long link target, hard links.
#   pax-xattrs.tar          GNU tar --format=posix --xattrs: user xattr, sub-second mtime.
#   expected.json           facts read from the archives with python3's tarfile, hashlib,
#                           json and with `docker image inspect` (not with repro-check).
#
# All three images come from the same Dockerfile (test/fixtures/save/Dockerfile), built with
# --network none from a temporary context holding only a copy of /bin/busybox.
#
# Requirements: root, Debian 12, an engine 28 answering on /var/run/docker.sock (see
# scripts/docker-engine.sh), Debian's apt sources (for docker.io, containerd, attr,
# busybox-static). The running engine is only used (build, save, rmi of the image this script
# tags); it is never stopped or reconfigured. The two temporary daemons each get their own
# data root, exec root, pidfile, socket and bridge (never --bridge=none, which would delete
# the docker0 bridge of the running engine) and are stopped, and their state removed, at the
# end, also on failure.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$repo/test/fixtures/save
dockerfile=$out/Dockerfile
engine28=${REPRO_ENGINE_PREFIX:-/opt/repro-check-docker}
engine20=/opt/docker-20
tag=repro-fixture:1
main_host=unix:///var/run/docker.sock

umask 022
export LC_ALL=C TZ=UTC

# Scratch space on the root file system (ext4: overlayfs and user xattrs work there; /tmp
# could be a tmpfs on another machine).
work=$(mktemp -d /var/tmp/rcfix.XXXXXX)
facts=$work/facts
# Fixtures are made in a staging folder and copied into $out only when all of them exist.
stage=$work/out
mkdir -p "$facts" "$work/context" "$stage"
main_image_ours=0

# A private docker client configuration: the builds leave nothing in ~/.docker. The buildx
# plugin is linked in so that engine 28 builds with BuildKit, as `docker build` does by default.
export DOCKER_CONFIG=$work/docker-config
mkdir -p "$DOCKER_CONFIG/cli-plugins"
for p in "$engine28/usr/libexec/docker/cli-plugins/docker-buildx" "$HOME/.docker/cli-plugins/docker-buildx"; do
  if [[ -x $p ]]; then ln -s "$p" "$DOCKER_CONFIG/cli-plugins/docker-buildx"; break; fi
done

# The temporary daemons: name -> settings. Short exec roots keep containerd's socket path
# below the 108-byte limit of unix socket names.
declare -A d_bin=([cd]=$engine28 [legacy]=$engine20)
declare -A d_data=([cd]=/var/lib/rcfix-cd [legacy]=/var/lib/rcfix-legacy)
declare -A d_exec=([cd]=/run/rcfix-cd [legacy]=/run/rcfix-legacy)
declare -A d_sock=([cd]=/tmp/rcfix-cd.sock [legacy]=/tmp/rcfix-legacy.sock)
declare -A d_pid=([cd]=/run/rcfix-cd.pid [legacy]=/run/rcfix-legacy.pid)
declare -A d_bridge=([cd]=rcfix0 [legacy]=rcfix1)
declare -A d_addr=([cd]=10.213.0.1/24 [legacy]=10.213.1.1/24)
declare -A d_started=()

log() { printf '== %s\n' "$*" >&2; }

# ---------------------------------------------------------------------------------------------
# Cleanup, also on failure: stop the daemons this script started, remove their state and
# bridges, remove the image it tagged on the running engine, remove the scratch space.
stop_daemon() {
  local name=$1 pid="" cpid=""
  if [[ -f ${d_pid[$name]} ]]; then pid=$(cat "${d_pid[$name]}"); fi
  if [[ -f ${d_exec[$name]}/containerd/containerd.pid ]]; then
    cpid=$(cat "${d_exec[$name]}/containerd/containerd.pid")
  fi
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    log "stopping dockerd $name (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fi
  fi
  # dockerd stops the containerd it started; wait for it, and end it (by its pid) if it stays.
  if [[ -n $cpid ]] && kill -0 "$cpid" 2>/dev/null; then
    for _ in $(seq 1 30); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$cpid" 2>/dev/null; then
      kill -TERM "$cpid"; sleep 2; kill -KILL "$cpid" 2>/dev/null || true
    fi
  fi
  # Unmount whatever is left below the daemon's directories (deepest first), then remove them.
  awk -v a="${d_data[$name]}" -v b="${d_exec[$name]}" \
    'index($5, a) == 1 || index($5, b) == 1 {print $5}' /proc/self/mountinfo | sort -r |
    while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "${d_data[$name]}" "${d_exec[$name]}" "${d_pid[$name]}" "${d_sock[$name]}"
  if ip link show "${d_bridge[$name]}" >/dev/null 2>&1; then ip link del "${d_bridge[$name]}"; fi
  unset "d_started[$name]"
}

cleanup() {
  local rc=$? name
  set +e
  for name in "${!d_started[@]}"; do stop_daemon "$name"; done
  if ((main_image_ours)); then DOCKER_HOST=$main_host docker image rm "$tag" >/dev/null 2>&1; fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------
# Tools. attr (setfattr) for the PAX fixture, busybox-static for the image, runc for RUN steps.
need=()
for pkg in attr busybox-static runc; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
if ((${#need[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Debian 12's engine 20.10 and containerd 1.6, unpacked (not installed: installing docker.io
# would replace system files and start a service).
if [[ ! -x $engine20/usr/sbin/dockerd ]]; then
  log "unpacking Debian 12's docker.io and containerd into $engine20"
  mkdir -p "$work/debs"
  (cd "$work/debs" && { apt-get download docker.io containerd 2>/dev/null ||
                        { apt-get update -qq && apt-get download docker.io containerd; }; })
  for deb in "$work"/debs/*.deb; do dpkg -x "$deb" "$engine20"; done
fi

DOCKER_HOST=$main_host docker version --format '{{.Server.Version}}' >/dev/null || {
  echo "no engine answers on $main_host; start one with scripts/docker-engine.sh" >&2
  exit 1
}
if DOCKER_HOST=$main_host docker image inspect "$tag" >/dev/null 2>&1; then
  echo "$tag already exists on the running engine; remove it or change \$tag" >&2
  exit 1
fi

# The build context: only busybox. The Dockerfile is read from test/fixtures/save/.
cp /bin/busybox "$work/context/busybox"
sha256sum /bin/busybox >"$facts/busybox.sha256"
sha256sum "$dockerfile" >"$facts/dockerfile.sha256"
dpkg-query -W -f '${Package} ${Version}\n' busybox-static >"$facts/busybox.version"

# ---------------------------------------------------------------------------------------------
# start_daemon NAME CONFIG_JSON: a dockerd from ${d_bin[NAME]} on its own socket, data root,
# exec root, pidfile and bridge, without iptables rules, with PATH leading to its own
# containerd (runc comes from Debian's runc package).
start_daemon() {
  local name=$1 config=$work/$1-daemon.json dockerd=${d_bin[$1]}/usr/sbin/dockerd
  [[ -x $dockerd ]] || dockerd=${d_bin[$name]}/usr/bin/dockerd
  printf '%s\n' "$2" >"$config"
  if [[ -S ${d_sock[$name]} ]]; then
    echo "${d_sock[$name]} exists: is a daemon from an earlier run still up?" >&2
    exit 1
  fi
  if ! ip link show "${d_bridge[$name]}" >/dev/null 2>&1; then
    ip link add name "${d_bridge[$name]}" type bridge
    ip addr add "${d_addr[$name]}" dev "${d_bridge[$name]}"
    ip link set "${d_bridge[$name]}" up
  fi
  d_started[$name]=1
  local extra=()
  if [[ $name == cd ]]; then extra+=(--ip6tables=false); fi
  log "starting dockerd $name ($dockerd)"
  PATH=${d_bin[$name]}/usr/bin:${d_bin[$name]}/usr/sbin:$PATH nohup "$dockerd" \
    --config-file "$config" --data-root "${d_data[$name]}" --exec-root "${d_exec[$name]}" \
    --pidfile "${d_pid[$name]}" --host "unix://${d_sock[$name]}" \
    --bridge "${d_bridge[$name]}" --iptables=false --ip-masq=false "${extra[@]}" \
    >"$work/$name-dockerd.log" 2>&1 &
  for _ in $(seq 1 120); do
    DOCKER_HOST=unix://${d_sock[$name]} docker version >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "dockerd $name did not answer in 60 s; its log ends with:" >&2
  tail -n 30 "$work/$name-dockerd.log" >&2
  exit 1
}

# save_fixture NAME FIXTURE CLIENT...: build the Dockerfile (--no-cache, so that no layer comes
# from an earlier build on the same engine), record what the engine says about the image, save
# it, remove the image, gzip the archive into the fixtures folder.
#
# On the running engine a BuildKit build leaves its build cache and a build-history record
# behind (not images; `docker buildx du` shows them). They are deliberately left alone: pruning
# would touch other builds' cache, and when this script once deleted its history record
# (`docker buildx history rm`), the next `docker buildx history ls` crashed engine 28.5's dockerd
# (BuildKit's nil-event panic in filterHistoryEvents, moby/buildkit#6598, fixed by #6614).
save_fixture() {
  local name=$1 fixture=$2
  shift 2
  local client=("$@") opts=(--no-cache --network none -t "$tag" -f "$dockerfile")
  log "building $tag on $name"
  "${client[@]}" build "${opts[@]}" "$work/context" >"$facts/$name.build.log" 2>&1 ||
    { cat "$facts/$name.build.log" >&2; return 1; }
  "${client[@]}" version --format '{{json .}}' >"$facts/$name.version.json"
  "${client[@]}" info --format '{{json .}}' >"$facts/$name.info.json"
  "${client[@]}" image inspect "$tag" >"$facts/$name.inspect.json"
  "${client[@]}" save -o "$work/$name.tar" "$tag"
  "${client[@]}" image rm "$tag" >/dev/null
  gzip -n -9 -c "$work/$name.tar" >"$stage/$fixture"
  printf '%s\n' "$fixture" >"$facts/$name.fixture"
}

# 1. The running engine 28, graph-driver store: BuildKit through the buildx plugin.
main_image_ours=1
save_fixture graphdriver oci-graphdriver.tar.gz env DOCKER_HOST=$main_host docker
echo "buildkit (docker build via buildx $(docker buildx version 2>/dev/null | awk '{print $2}'))" >"$facts/graphdriver.builder"

# 2. A temporary engine 28 with the containerd image store (BuildKit, so its default
#    provenance attestation is saved as well).
start_daemon cd '{"features": {"containerd-snapshotter": true}}'
save_fixture containerd oci-containerd.tar.gz env DOCKER_HOST="unix://${d_sock[cd]}" docker
echo "buildkit (docker build via buildx $(docker buildx version 2>/dev/null | awk '{print $2}'))" >"$facts/containerd.builder"
stop_daemon cd

# 3. Debian 12's engine 20.10 with its own client and the classic builder.
start_daemon legacy '{}'
save_fixture legacy legacy.tar.gz env DOCKER_HOST="unix://${d_sock[legacy]}" DOCKER_BUILDKIT=0 "$engine20/usr/bin/docker"
echo "classic builder (DOCKER_BUILDKIT=0, docker client $("$engine20/usr/bin/docker" --version))" >"$facts/legacy.builder"
stop_daemon legacy

# ---------------------------------------------------------------------------------------------
# 4. GNU tar, --format=gnu: a path longer than 100 characters (././@LongLink 'L'), a symlink
#    whose target is longer than 100 characters ('K'), a hard link to a short name and a hard
#    link to the long name (a 'K' record on a hard link). Deterministic: fixed mtime, owner,
#    order.
g=$work/gnu/longnames
long_dir=$g/a-directory-name-of-sixty-characters-0123456789-abcdefghijklm
long_file=$long_dir/and-a-file-name-that-takes-the-whole-path-past-one-hundred-characters.txt
mkdir -p "$long_dir"
printf 'short\n' >"$g/short.txt"
printf 'long\n' >"$long_file"
ln -s "${long_file#"$g"/}" "$g/symlink-with-long-target"
ln "$g/short.txt" "$g/hardlink-to-short"
ln "$long_file" "$g/hardlink-to-long"
chmod 0644 "$g/short.txt" "$long_file"
chmod 0755 "$g" "$long_dir"
tar --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1704164645 \
  -C "$work/gnu" -cf "$stage/gnu-longnames.tar" longnames

# 5. GNU tar, --format=posix --xattrs: a file with user xattrs, a file with a sub-second
#    mtime, a plain file. The PaxHeaders name is fixed (the default carries the pid) and
#    atime/ctime are left out so that the archive depends only on what is set here.
p=$work/pax/paxdir
mkdir -p "$p"
printf 'xattr\n' >"$p/xattr.txt"
printf 'nanos\n' >"$p/nanos.txt"
printf 'plain\n' >"$p/plain.txt"
chmod 0644 "$p"/*.txt
chmod 0755 "$p"
setfattr -n user.test -v hello "$p/xattr.txt"
setfattr -n user.second -v 'two words' "$p/xattr.txt"
touch -d '2024-01-02 03:04:05 UTC' "$p/xattr.txt" "$p/plain.txt"
touch -d '2024-01-02 03:04:05.123456789 UTC' "$p/nanos.txt"
touch -d '2024-01-02 03:04:06 UTC' "$p"
tar --format=posix --xattrs --xattrs-include='user.*' --sort=name \
  --owner=0 --group=0 --numeric-owner \
  --pax-option='exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime' \
  -C "$work/pax" -cf "$stage/pax-xattrs.tar" paxdir
# GNU tar's own listings, kept in expected.json as an independent reading.
tar --full-time --numeric-owner -tvf "$stage/gnu-longnames.tar" >"$facts/gnu-longnames.tar.listing"
tar --full-time --numeric-owner --xattrs -tvvf "$stage/pax-xattrs.tar" >"$facts/pax-xattrs.tar.listing"
tar --version | head -n 1 >"$facts/tar.version"

# ---------------------------------------------------------------------------------------------
# 6. expected.json, read from the fixtures themselves with python3's standard library.
log "writing expected.json"
python3 - "$stage" "$facts" <<'PY'
import gzip, hashlib, io, json, os, posixpath, sys, tarfile

out, facts = sys.argv[1], sys.argv[2]

TYPES = {tarfile.REGTYPE: "file", tarfile.AREGTYPE: "file", tarfile.DIRTYPE: "dir",
         tarfile.SYMTYPE: "symlink", tarfile.LNKTYPE: "hardlink", tarfile.CHRTYPE: "char",
         tarfile.BLKTYPE: "block", tarfile.FIFOTYPE: "fifo", tarfile.CONTTYPE: "file"}


def fact(name, default=None):
    path = os.path.join(facts, name)
    if not os.path.exists(path):
        return default
    with open(path) as f:
        return json.load(f) if name.endswith(".json") else f.read().strip()


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def raw_headers(data):
    """Every 512-byte header of an uncompressed tar stream, read by hand (not by tarfile)."""
    heads, off = [], 0
    while off + 512 <= len(data):
        block = data[off:off + 512]
        if block == b"\0" * 512:
            break
        field = lambda a, b: block[a:b].split(b"\0", 1)[0].decode("utf-8", "replace")
        size_field = block[124:136]
        if size_field[0] & 0x80:  # base-256
            size = int.from_bytes(size_field[1:], "big")
        else:
            size = int(size_field.split(b"\0", 1)[0].strip() or b"0", 8)
        h = {"offset": off, "typeflag": chr(block[156]) if block[156] else "\\0",
             "name": field(0, 100), "magic": block[257:265].decode("latin-1").replace("\0", "\\0"),
             "size": size}
        if field(157, 257):
            h["linkname"] = field(157, 257)
        if block[257:263] == b"ustar\0" and field(345, 500):
            h["prefix"] = field(345, 500)
        if h["typeflag"] in ("x", "g", "L", "K"):
            h["payload"] = data[off + 512:off + 512 + size].decode("utf-8", "replace")
        heads.append(h)
        off += 512 + (size + 511) // 512 * 512
    return heads


def abs_path(name):
    name = name.lstrip("/")
    while name.startswith("./"):
        name = name[2:]
    name = name.rstrip("/")
    return "/" + name if name not in ("", ".") else "/"


def mtime_parts(m):
    """(seconds, nanoseconds) from the PAX mtime record as text, else from the header."""
    text = m.pax_headers.get("mtime")
    if text is None:
        return int(m.mtime), 0
    sec, _, frac = text.partition(".")
    return int(sec), int((frac + "000000000")[:9]) if frac else 0


def entries_of(tar_bytes, absolute):
    rows = []
    with tarfile.open(fileobj=io.BytesIO(tar_bytes), mode="r:") as t:
        for m in t:
            kind = TYPES.get(m.type, "other:" + m.type.decode("latin-1"))
            sec, ns = mtime_parts(m)
            # mode: permission bits (with setuid/setgid/sticky); header_mode: the header's
            # whole mode field, which engine 20.10 fills with the file type bits too (040755).
            e = {"path": abs_path(m.name) if absolute else m.name, "type": kind,
                 "mode": format(m.mode & 0o7777, "04o"), "header_mode": format(m.mode, "o"),
                 "uid": m.uid, "gid": m.gid,
                 "uname": m.uname, "gname": m.gname, "size": m.size,
                 "mtime": sec, "mtime_ns": ns}
            if m.issym():
                e["linkname"] = m.linkname
            if m.islnk():
                e["linkname"] = abs_path(m.linkname) if absolute else m.linkname
            if m.ischr() or m.isblk():
                e["devmajor"], e["devminor"] = m.devmajor, m.devminor
            if m.isreg():
                e["sha256"] = sha256(t.extractfile(m).read())
            xattrs = {k[len("SCHILY.xattr."):]: v for k, v in m.pax_headers.items()
                      if k.startswith("SCHILY.xattr.")}
            if xattrs:
                e["xattrs"] = xattrs
            if m.pax_headers:
                e["pax_headers"] = dict(sorted(m.pax_headers.items()))
            rows.append(e)
    return rows


def read_members(raw):
    """name -> (type, bytes or linkname) of the top level of a `docker save` archive."""
    members, listing = {}, []
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as t:
        for m in t:
            kind = TYPES.get(m.type, "other")
            row = {"path": m.name, "type": kind, "size": m.size,
                   "mode": format(m.mode & 0o7777, "04o"), "header_mode": format(m.mode, "o")}
            if m.issym() or m.islnk():
                row["linkname"] = m.linkname
            listing.append(row)
            members[m.name] = (m, t.extractfile(m).read() if m.isreg() else None)
    return members, listing


def resolve(members, name, depth=0):
    """Contents of a member, following symlinks and hard links inside the archive."""
    m, data = members[name]
    if m.isreg():
        return data
    if (m.issym() or m.islnk()) and depth < 10:
        target = m.linkname if m.islnk() else posixpath.normpath(
            posixpath.join(posixpath.dirname(name), m.linkname))
        return resolve(members, target, depth + 1)
    raise ValueError("cannot read " + name)


def decompress(blob):
    if blob[:2] == b"\x1f\x8b":
        return "gzip", gzip.decompress(blob)
    if blob[:4] == b"\x28\xb5\x2f\xfd":
        return "zstd", None
    return None, blob


def image_fixture(name):
    fixture = fact(name + ".fixture")
    path = os.path.join(out, fixture)
    with open(path, "rb") as f:
        outer = f.read()
    raw = gzip.decompress(outer)
    members, listing = read_members(raw)
    version = fact(name + ".version.json")
    info = fact(name + ".info.json")
    inspect = fact(name + ".inspect.json")[0]
    layout = "oci" if "oci-layout" in members and "index.json" in members else "legacy"

    manifest_json = json.loads(resolve(members, "manifest.json"))
    assert len(manifest_json) == 1, manifest_json
    entry = manifest_json[0]
    config_bytes = resolve(members, entry["Config"])
    config = json.loads(config_bytes)
    config_digest = sha256(config_bytes)

    # The OCI side: index.json, every JSON blob it leads to (nested indexes, image manifests,
    # attestation manifests and their in-toto statements), and the manifest of this image.
    oci = None
    media_types = {}
    if layout == "oci":
        oci = {"oci-layout": json.loads(resolve(members, "oci-layout")),
               "index.json": json.loads(resolve(members, "index.json")), "blobs": {}}
        pending = list(oci["index.json"]["manifests"])
        while pending:
            desc = pending.pop(0)
            blob_name = "blobs/" + desc["digest"].replace(":", "/")
            blob = resolve(members, blob_name)
            assert sha256(blob) == desc["digest"], blob_name
            rec = {"mediaType": desc.get("mediaType"), "size": len(blob)}
            if desc.get("platform"):
                rec["platform"] = desc["platform"]
            if desc.get("annotations"):
                rec["annotations"] = desc["annotations"]
            doc = None
            if desc.get("mediaType", "").endswith("json") or "manifest" in desc.get("mediaType", "") \
                    or "index" in desc.get("mediaType", ""):
                doc = json.loads(blob)
                rec["json"] = doc
            oci["blobs"][desc["digest"]] = rec
            if doc and "manifests" in doc:
                pending.extend(doc["manifests"])
            if doc and "layers" in doc:
                if doc["config"]["digest"] == config_digest:
                    for l in doc["layers"]:
                        media_types[l["digest"]] = l["mediaType"]
                    oci["image_manifest_digest"] = desc["digest"]
                else:
                    # Attestation manifests: record their config and layers (in-toto JSON).
                    for d in [doc["config"]] + doc["layers"]:
                        b = resolve(members, "blobs/" + d["digest"].replace(":", "/"))
                        oci["blobs"][d["digest"]] = {"mediaType": d["mediaType"], "size": len(b),
                                                     "annotations": d.get("annotations"),
                                                     "json": json.loads(b)}

    # Blobs that no descriptor reaches: engine 28's graph-driver save writes the legacy v1
    # layer JSON documents there.
    if oci is not None:
        reached = set(oci["blobs"]) | {config_digest} | set(media_types)
        reached |= {"sha256:" + posixpath.basename(l) for l in entry["Layers"]}
        unref = {}
        for n in sorted(members):
            if n.startswith("blobs/sha256/") and members[n][0].isreg():
                d = "sha256:" + posixpath.basename(n)
                if d not in reached:
                    b = members[n][1]
                    try:
                        doc = json.loads(b)
                    except ValueError:
                        doc = None
                    unref[d] = {"size": len(b), "json": doc}
        oci["unreferenced_blobs"] = unref

    diff_ids = config["rootfs"]["diff_ids"]
    assert len(diff_ids) == len(entry["Layers"]), (diff_ids, entry["Layers"])
    layers = []
    for diff_id, layer_name in zip(diff_ids, entry["Layers"]):
        member = members[layer_name][0]
        blob = resolve(members, layer_name)
        compression, tar_bytes = decompress(blob)
        assert sha256(tar_bytes) == diff_id, (layer_name, diff_id)
        rows = entries_of(tar_bytes, absolute=True)
        heads = raw_headers(tar_bytes)
        layer = {
            "archive_path": layer_name,
            "archive_member_type": TYPES.get(member.type, "other"),
            "blob_digest": sha256(blob), "blob_size": len(blob),
            "compression": compression, "diff_id": diff_id, "tar_size": len(tar_bytes),
            "entries": rows,
            "whiteouts": [r["path"] for r in rows
                          if posixpath.basename(r["path"]).startswith(".wh.")
                          and posixpath.basename(r["path"]) != ".wh..wh..opq"],
            "opaque_dirs": [posixpath.dirname(r["path"]) for r in rows
                            if posixpath.basename(r["path"]) == ".wh..wh..opq"],
            "overlay_whiteout_devices": [r["path"] for r in rows
                                         if r["type"] == "char" and r.get("devmajor") == 0
                                         and r.get("devminor") == 0],
            "raw_typeflags": sorted({h["typeflag"] for h in heads}),
            "raw_magic": sorted({h["magic"] for h in heads}),
            "ustar_prefix_used": [h["prefix"] + "/" + h["name"] for h in heads if "prefix" in h],
        }
        if member.issym() or member.islnk():
            layer["archive_member_linkname"] = member.linkname
        if layer["blob_digest"] in media_types:
            layer["media_type"] = media_types[layer["blob_digest"]]
        layers.append(layer)

    extra = {}
    if "repositories" in members:
        extra["repositories"] = json.loads(resolve(members, "repositories"))
    legacy_v1 = {}
    for n in members:
        if n.endswith("/json") and n.count("/") == 1:
            legacy_v1[n] = json.loads(resolve(members, n))
    if legacy_v1:
        extra["legacy_v1_json"] = legacy_v1

    server = version.get("Server") or {}
    return {
        "kind": "docker-save",
        "outer_compression": "gzip -n -9",
        "archive_sha256": sha256(outer),
        "tar_sha256": sha256(raw),
        "engine": {
            "server_version": server.get("Version"),
            "api_version": server.get("ApiVersion"),
            "client_version": (version.get("Client") or {}).get("Version"),
            "components": {c.get("Name"): c.get("Version") for c in server.get("Components") or []},
            "storage_driver": info.get("Driver"),
            "driver_status": info.get("DriverStatus"),
            "containerd_image_store": any(
                k == "driver-type" and "containerd" in v for k, v in (info.get("DriverStatus") or [])),
            "builder": fact(name + ".builder"),
        },
        "layout": layout,
        "archive_entries": listing,
        "manifest.json": manifest_json,
        "repo_tags": entry.get("RepoTags"),
        "image_id": inspect["Id"],
        "image_id_is_config_digest": inspect["Id"] == config_digest,
        "inspect_rootfs_layers": inspect["RootFS"].get("Layers"),
        "config_path": entry["Config"],
        "config_digest": config_digest,
        "config": {k: config.get(k) for k in ("architecture", "os", "created", "config")},
        "diff_ids": diff_ids,
        "history": config.get("history"),
        "layers": layers,
        "whiteouts": [w for l in layers for w in l["whiteouts"]],
        "opaque_dirs": [d for l in layers for d in l["opaque_dirs"]],
        "opaque_marker_present": any(l["opaque_dirs"] for l in layers),
        "oci": oci,
        **extra,
    }


def gnu_fixture(fixture, listing):
    path = os.path.join(out, fixture)
    with open(path, "rb") as f:
        data = f.read()
    return {
        "kind": "tar",
        "made_with": fact("tar.version"),
        "sha256": sha256(data),
        "size": len(data),
        "entries": entries_of(data, absolute=False),
        "raw_headers": raw_headers(data),
        "gnu_tar_listing": fact(listing).splitlines(),
    }


busybox_sha = "sha256:" + fact("busybox.sha256").split()[0]
result = {
    "generated_by": "scripts/make-save-fixtures.sh",
    "note": "Facts read with python3 tarfile/hashlib/json, a hand-written header walk "
            "(raw_headers), GNU tar's own listing and `docker image inspect`; not with repro-check.",
    "busybox": {"package": fact("busybox.version"), "sha256": busybox_sha},
    "dockerfile_sha256": "sha256:" + fact("dockerfile.sha256").split()[0],
    "fixtures": {},
}
for name in ("graphdriver", "containerd", "legacy"):
    fx = image_fixture(name)
    result["fixtures"][fact(name + ".fixture")] = fx
result["fixtures"]["gnu-longnames.tar"] = gnu_fixture("gnu-longnames.tar", "gnu-longnames.tar.listing")
result["fixtures"]["pax-xattrs.tar"] = gnu_fixture("pax-xattrs.tar", "pax-xattrs.tar.listing")

with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(result, f, indent=2, sort_keys=False)
    f.write("\n")

for n, fx in result["fixtures"].items():
    if fx["kind"] == "docker-save":
        print(f"{n}: engine {fx['engine']['server_version']}, layout {fx['layout']}, "
              f"{len(fx['layers'])} layers ({', '.join(str(l['compression']) for l in fx['layers'])}), "
              f"whiteouts {fx['whiteouts']}, opaque {fx['opaque_dirs']}", file=sys.stderr)
PY

mkdir -p "$out"
cp "$stage"/* "$out"/
ls -l "$out" >&2
log "done"
