#!/usr/bin/env python3
"""Writes small synthetic `docker save` archives (legacy layout) into a folder, for the oracle's
facts test: whiteouts, an opaque directory, a file replacing a directory, a hard link, a symlink,
a device, xattrs, owners and mtimes, each varied on purpose between the images. Standard library
only; the facts the test expects are written by hand in verdicts-synthetic.test.ts.

    make-synthetic.py DIR     writes DIR/a.tar, DIR/b.tar, DIR/a-later.tar
"""
import hashlib
import io
import json
import sys
import tarfile


def entry(name, kind='file', data=b'', mode=0o644, uid=0, mtime=1700000000, link='', dev=(0, 0), xattrs=None):
    info = tarfile.TarInfo(name)
    info.mode, info.uid, info.gid, info.mtime = mode, uid, 0, mtime
    info.type = {'file': tarfile.REGTYPE, 'dir': tarfile.DIRTYPE, 'symlink': tarfile.SYMTYPE,
                 'hardlink': tarfile.LNKTYPE, 'char': tarfile.CHRTYPE}[kind]
    info.linkname = link
    info.devmajor, info.devminor = dev
    if xattrs:
        info.pax_headers = {'SCHILY.xattr.' + k: v for k, v in xattrs.items()}
    info.size = len(data) if kind == 'file' else 0
    return info, data


def layer(entries):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as tar:
        for info, data in entries:
            tar.addfile(info, io.BytesIO(data) if info.isfile() else None)
    return out.getvalue()


def image(variant, mtime=1700000000):
    b = variant == 'b'
    lower = [
        entry('dev', 'dir', mode=0o755, mtime=mtime),
        entry('dev/null', 'char', mode=0o666, dev=(1, 5) if b else (1, 3), mtime=mtime),
        entry('etc', 'dir', mode=0o755, mtime=mtime),
        entry('etc/a', data=b'alpha\n', mtime=mtime),
        entry('etc/b', data=b'bravo in A\n' if not b else b'bravo in B\n', mtime=mtime),
        entry('etc/h', 'hardlink', link='etc/a', mtime=mtime),
        entry('etc/s', 'symlink', mode=0o777, link='a', uid=1000 if b else 0, mtime=mtime),
        entry('etc/x', data=b'x\n', xattrs={'user.origin': 'b'} if b else None, mtime=mtime),
        entry('opt', 'dir', mode=0o755, mtime=mtime),
        entry('opt/x', data=b'x in A\n' if not b else b'x in B\n', mtime=mtime),
        entry('var', 'dir', mode=0o755, mtime=mtime),
        entry('var/f', data=b'f\n', mtime=mtime),
    ]
    upper = [
        entry('etc', 'dir', mode=0o755, mtime=mtime),
        entry('etc/.wh.b', mode=0o600, mtime=mtime),
        entry('opt', 'dir', mode=0o755, mtime=mtime),
        entry('opt/.wh..wh..opq', mode=0o600, mtime=mtime),
        entry('opt/z', data=b'Z\n' if b else b'z\n', mtime=mtime),
        entry('var', data=b'now a file\n', mtime=mtime),
    ]
    layers = [layer(lower), layer(upper)]
    config = json.dumps({
        'architecture': 'amd64', 'os': 'linux', 'config': {},
        'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + hashlib.sha256(l).hexdigest() for l in layers]},
        'history': [{'created_by': 'lower'}, {'created_by': 'upper'}],
    }, sort_keys=True).encode()
    config_name = hashlib.sha256(config).hexdigest() + '.json'
    members = [(config_name, config)]
    names = []
    for i, raw in enumerate(layers):
        names.append('layer%d/layer.tar' % i)
        members.append((names[-1], raw))
    members.append(('manifest.json', json.dumps([{'Config': config_name, 'RepoTags': ['synthetic:' + variant], 'Layers': names}]).encode()))
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode='w') as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


if __name__ == '__main__':
    folder = sys.argv[1]
    for name, data in (('a.tar', image('a')), ('b.tar', image('b')), ('a-later.tar', image('a', 1800000000))):
        with open(folder + '/' + name, 'wb') as f:
            f.write(data)
