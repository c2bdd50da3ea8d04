"""The floor of reading a save whose layers are gzip blobs (issue 16), in Python's standard library:
the outer tar streamed (tarfile, stream mode, 1 MiB buffer), every member hashed as stored
(SHA-256: the blob digest to check) and every gzip member inflated (zlib.decompressobj(47)) and its
tar hashed (the diff ID). No file is parsed: this is the work no reader of the save can skip.

    python3 gzip-floor.py SAVE.tar      prints one line per blob: digest, diff ID, bytes inflated
"""
import hashlib
import sys
import tarfile
import zlib

BUFFER = 1 << 20


def read(path):
    with tarfile.open(path, mode='r|', bufsize=BUFFER) as archive:
        for member in archive:
            if not member.isfile():
                continue
            stream = archive.extractfile(member)
            blob = hashlib.sha256()
            tar = hashlib.sha256()
            inflate = None
            inflated = 0
            while True:
                chunk = stream.read(BUFFER)
                if not chunk:
                    break
                blob.update(chunk)
                if inflate is None:
                    inflate = zlib.decompressobj(47) if chunk[:2] == b'\x1f\x8b' else False
                while inflate and chunk:
                    out = inflate.decompress(chunk)
                    tar.update(out)
                    inflated += len(out)
                    # A blob of several gzip members goes on with the next one.
                    chunk = inflate.unused_data if inflate.eof else b''
                    if chunk:
                        inflate = zlib.decompressobj(47)
            print(blob.hexdigest(), tar.hexdigest() if inflated else '-', inflated)


if __name__ == '__main__':
    read(sys.argv[1])
