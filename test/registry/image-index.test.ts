import { describe, expect, it } from 'vitest';
import { indexEntries, parsePlatform, selectImage } from '../../src/registry/image-index.js';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** An index entry as the OCI image-index spec's example writes one. */
function entry(n: number, platform?: Record<string, string>, annotations?: Record<string, string>) {
  return { mediaType: MANIFEST, digest: digest(n), size: 7143 + n, ...(platform ? { platform } : {}), ...(annotations ? { annotations } : {}) };
}

/** BuildKit's attestation manifest for the image `n` (buildkit docs, attestation storage). */
function attestation(n: number, of: number) {
  return entry(n, { architecture: 'unknown', os: 'unknown' }, { 'vnd.docker.reference.digest': digest(of), 'vnd.docker.reference.type': 'attestation-manifest' });
}

const multiArch = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    entry(1, { architecture: 'ppc64le', os: 'linux' }),
    entry(2, { architecture: 'amd64', os: 'linux' }),
    entry(3, { architecture: 'arm64', os: 'linux', variant: 'v8' }),
    entry(4, { architecture: 'arm', os: 'linux', variant: 'v7' }),
    attestation(5, 2),
    attestation(6, 3),
  ],
};

describe('indexEntries', () => {
  it('sets the attestation manifests apart from the images', () => {
    const entries = indexEntries(multiArch, 'index');
    expect(entries.images.map((e) => e.digest)).toEqual([digest(1), digest(2), digest(3), digest(4)]);
    expect(entries.attestations.map((e) => e.digest)).toEqual([digest(5), digest(6)]);
  });

  it.each([
    ['no manifests list', { schemaVersion: 2 }, /without a manifests list/],
    ['an entry without size', { manifests: [{ mediaType: MANIFEST, digest: digest(1) }] }, /manifests\[0\] has no valid size/],
    ['an entry with a bad digest', { manifests: [{ mediaType: MANIFEST, digest: 'sha256', size: 1 }] }, /manifests\[0\] has no valid digest/],
    ['a platform without os', { manifests: [entry(1, { architecture: 'amd64' })] }, /names no os and architecture/],
  ])('refuses %s', (_name, value, message) => {
    expect(() => indexEntries(value, 'index')).toThrow(message);
  });
});

describe('selectImage', () => {
  const entries = indexEntries(multiArch, 'index');
  it.each([
    ['linux/amd64 by default', undefined, 2],
    ['linux/amd64', 'linux/amd64', 2],
    ['linux/arm64 (v8 written in the index)', 'linux/arm64', 3],
    ['linux/arm64/v8', 'linux/arm64/v8', 3],
    ['linux/arm/v7', 'linux/arm/v7', 4],
    ['linux/arm, any variant', 'linux/arm', 4],
    ['LINUX/PPC64LE, case folded', 'LINUX/PPC64LE', 1],
  ])('picks %s', (_name, platform, expected) => {
    expect(selectImage(entries, platform ? parsePlatform(platform) : undefined, 'index').digest).toBe(digest(expected));
  });

  it('names what the index holds when the platform is missing', () => {
    expect(() => selectImage(entries, parsePlatform('linux/arm/v6'), 'index')).toThrow('index has no image for linux/arm/v6; it holds linux/ppc64le, linux/amd64, linux/arm64/v8, linux/arm/v7');
    expect(() => selectImage(entries, parsePlatform('windows/amd64'), 'index')).toThrow(/no image for windows\/amd64/);
  });

  it('picks the only image, whatever its platform, with attestations beside it', () => {
    const single = indexEntries({ manifests: [entry(3, { architecture: 'arm64', os: 'linux' }), attestation(5, 3)] }, 'index');
    expect(selectImage(single, undefined, 'index').digest).toBe(digest(3));
  });

  it('never picks an unknown/unknown entry by default, annotated or not', () => {
    const unannotated = indexEntries({ manifests: [entry(9, { architecture: 'unknown', os: 'unknown' })] }, 'index');
    expect(unannotated.images).toHaveLength(1);
    expect(() => selectImage(unannotated, undefined, 'index')).toThrow(/it holds no image/);
  });

  it('without linux/amd64 among several, asks for a platform', () => {
    const two = indexEntries({ manifests: [entry(3, { architecture: 'arm64', os: 'linux' }), entry(1, { architecture: 's390x', os: 'linux' })] }, 'index');
    expect(() => selectImage(two, undefined, 'index')).toThrow(/linux\/amd64 \(the default; choose one with --platform\)/);
  });
});

describe('parsePlatform', () => {
  it.each(['linux', 'linux/', 'linux/amd64/v3/x', 'linux amd64'])('refuses %j', (text) => {
    expect(() => parsePlatform(text)).toThrow(/is not a platform/);
  });
});
