#!/usr/bin/env python3
"""An independent reader of two `docker save` archives: computes the three verdicts that
repro-check reports, and the paths whose merged file systems differ beyond timestamps.

Python 3 standard library only (tarfile, json, hashlib), sharing no code or idea of
implementation with repro-check, so that a test can hold the tool's verdicts against it.

    verdicts.py A.tar B.tar        prints JSON: {"verdicts": {...}, "images": [...], "contentChanges": [...]}

strict   the config blobs' SHA-256 digests are equal
layers   the SHA-256 digests of the uncompressed layer tars (diff IDs) are equal, in order
content  the merged file systems are equal in type, content digest, link target, mode, uid, gid,
         xattrs and device numbers; timestamps are ignored; whiteouts (.wh.NAME) and opaque
         directories (.wh..wh..opq) are applied layer by layer

Reads the legacy layout (manifest.json naming `<id>/layer.tar`) and the OCI layout (index.json,
blobs/sha256/...), with plain or gzip-compressed layers; the archive itself may be gzipped.
"""
import hashlib
import json
import sys
import tarfile

WHITEOUT = '.wh.'
OPAQUE = '.wh..wh..opq'


def read_members(archive_path):
    """Every regular member of the outer archive, by normalised name, as bytes."""
    members = {}
    with tarfile.open(archive_path, 'r:*') as outer:
        for info in outer:
            if info.isfile():
                members[info.name.lstrip('./')] = outer.extractfile(info).read()
            elif info.issym():
                members[info.name.lstrip('./')] = ('symlink', info.linkname)
    # Resolve symlinked members (legacy saves link repeated layers to one tar).
    for name, value in list(members.items()):
        seen = 0
        while isinstance(value, tuple) and seen < 8:
            base = name.rsplit('/', 1)[0] if '/' in name else ''
            target = normalise((base + '/' if base else '') + value[1]).lstrip('/')
            value = members.get(target)
            seen += 1
        members[name] = value
    return members


def blob(members, digest):
    algo, hexdigest = digest.split(':', 1)
    return members['blobs/%s/%s' % (algo, hexdigest)]


def image_parts(members):
    """(config bytes, [layer bytes]) of the one image in the archive."""
    if 'manifest.json' in members:
        manifest = json.loads(members['manifest.json'])
        if len(manifest) != 1:
            raise SystemExit('expected one image in manifest.json, found %d' % len(manifest))
        entry = manifest[0]
        return members[entry['Config']], [members[layer] for layer in entry['Layers'] or []]
    index = json.loads(members['index.json'])
    descriptor = index['manifests'][0]
    while True:
        doc = json.loads(blob(members, descriptor['digest']))
        if 'manifests' in doc:
            # An image index: take the platform manifest, never an attestation.
            platforms = [m for m in doc['manifests']
                         if (m.get('platform') or {}).get('os') != 'unknown'
                         and 'vnd.docker.reference.type' not in (m.get('annotations') or {})]
            descriptor = platforms[0]
            continue
        return blob(members, doc['config']['digest']), [blob(members, l['digest']) for l in doc['layers']]


def decompress(layer):
    if layer[:2] == b'\x1f\x8b':
        import gzip
        return gzip.decompress(layer)
    if layer[:4] == b'\x28\xb5\x2f\xfd':
        raise SystemExit('zstd layers need Python 3.14 (compression.zstd); not supported here')
    return layer


def normalise(name):
    parts = []
    for part in name.split('/'):
        if part in ('', '.'):
            continue
        if part == '..':
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return '/' + '/'.join(parts)


def kind_of(info):
    if info.isdir():
        return 'dir'
    if info.issym():
        return 'symlink'
    if info.islnk():
        return 'hardlink'
    if info.ischr():
        return 'char'
    if info.isblk():
        return 'block'
    if info.isfifo():
        return 'fifo'
    if info.isfile():
        return 'file'
    return 'other'


def layer_entries(raw):
    """[(path, record)] of one uncompressed layer tar, in tar order."""
    import io
    entries = []
    digests = {}
    with tarfile.open(fileobj=io.BytesIO(raw), mode='r:') as layer:
        for info in layer:
            path = normalise(info.name)
            kind = kind_of(info)
            record = {
                'type': kind,
                'mode': info.mode & 0o7777,
                'uid': info.uid,
                'gid': info.gid,
                'xattrs': sorted((k[len('SCHILY.xattr.'):], v) for k, v in info.pax_headers.items()
                                 if k.startswith('SCHILY.xattr.')),
            }
            if kind == 'file':
                record['digest'] = hashlib.sha256(layer.extractfile(info).read()).hexdigest()
                digests[path] = record['digest']
            elif kind == 'symlink':
                record['link'] = info.linkname
            elif kind == 'hardlink':
                record['link'] = normalise(info.linkname)
                record['digest'] = digests.get(record['link'])
            elif kind in ('char', 'block'):
                record['dev'] = (info.devmajor, info.devminor)
            entries.append((path, record))
    return entries


def remove_below(tree, path):
    prefix = path.rstrip('/') + '/'
    for key in [k for k in tree if k.startswith(prefix)]:
        del tree[key]


def merge(layers):
    """The merged file system: path -> record, with whiteouts applied."""
    tree = {}
    for raw in layers:
        entries = layer_entries(raw)
        # Whiteouts and opaque markers hide what the lower layers hold, never this layer's own entries.
        for path, _ in entries:
            directory, _, name = path.rpartition('/')
            directory = directory or '/'
            if name == OPAQUE:
                remove_below(tree, directory if directory != '/' else '')
            elif name.startswith(WHITEOUT):
                hidden = (directory.rstrip('/') + '/' + name[len(WHITEOUT):])
                tree.pop(hidden, None)
                remove_below(tree, hidden)
        for path, record in entries:
            name = path.rpartition('/')[2]
            if name.startswith(WHITEOUT):
                continue
            if record['type'] != 'dir' and tree.get(path, {}).get('type') == 'dir':
                remove_below(tree, path)
            tree[path] = record
    tree.pop('/', None)
    return tree


ASPECTS = ('type', 'digest', 'link', 'mode', 'uid', 'gid', 'xattrs', 'dev')


def compare(a, b):
    changes = []
    for path in sorted(set(a) | set(b)):
        if path not in a:
            changes.append({'path': path, 'kind': 'added', 'aspects': []})
        elif path not in b:
            changes.append({'path': path, 'kind': 'removed', 'aspects': []})
        else:
            aspects = [k for k in ASPECTS if a[path].get(k) != b[path].get(k)]
            if aspects:
                changes.append({'path': path, 'kind': 'modified', 'aspects': aspects})
    return changes


def describe(archive_path):
    config, layers = image_parts(read_members(archive_path))
    uncompressed = [decompress(layer) for layer in layers]
    return {
        'configDigest': 'sha256:' + hashlib.sha256(config).hexdigest(),
        'diffIds': ['sha256:' + hashlib.sha256(layer).hexdigest() for layer in uncompressed],
        'tree': merge(uncompressed),
    }


def main(argv):
    if len(argv) != 3:
        raise SystemExit('usage: verdicts.py A.tar B.tar')
    a, b = describe(argv[1]), describe(argv[2])
    changes = compare(a['tree'], b['tree'])
    result = {
        'verdicts': {
            'strict': a['configDigest'] == b['configDigest'],
            'layers': a['diffIds'] == b['diffIds'],
            'content': not changes,
        },
        'images': [{'configDigest': x['configDigest'], 'diffIds': x['diffIds'], 'files': len(x['tree'])}
                   for x in (a, b)],
        'contentChanges': changes,
    }
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main(sys.argv)
