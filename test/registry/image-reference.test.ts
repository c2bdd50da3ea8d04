import { describe, expect, it } from 'vitest';
import { parseRegistryReference, usesPlainHttp } from '../../src/registry/image-reference.js';

const D = 'sha256:' + 'ab'.repeat(32);

describe('parseRegistryReference', () => {
  it.each([
    ['docker://127.0.0.1:5000/repro/app:one', { host: '127.0.0.1:5000', apiHost: '127.0.0.1:5000', repository: 'repro/app', tag: 'one', digest: undefined }],
    ['docker://ghcr.io/owner/app', { host: 'ghcr.io', repository: 'owner/app', tag: 'latest', digest: undefined }],
    [`docker://ghcr.io/owner/app@${D}`, { repository: 'owner/app', tag: undefined, digest: D }],
    [`docker://ghcr.io/owner/app:v1.2@${D}`, { repository: 'owner/app', tag: 'v1.2', digest: D }],
    ['docker://localhost/a/b/c__d-e.f:x', { host: 'localhost', repository: 'a/b/c__d-e.f', tag: 'x' }],
    ['docker://[::1]:5000/app:1', { host: '[::1]:5000', repository: 'app', tag: '1' }],
    ['docker://docker.io/debian:bookworm', { host: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/debian', tag: 'bookworm' }],
    ['docker://docker.io/owner/app', { apiHost: 'registry-1.docker.io', repository: 'owner/app' }],
  ])('%s', (text, expected) => {
    expect(parseRegistryReference(text)).toMatchObject({ ...expected, text });
  });

  it.each([
    ['debian:bookworm', /must start with docker:\/\//],
    ['docker://app', /names its host and repository/],
    ['docker://ghcr.io/Owner/app', /"Owner" is not a repository name component/],
    ['docker://ghcr.io/owner//app', /"" is not a repository name component/],
    ['docker://ghcr.io/owner/app:-x', /"-x" is not a tag/],
    ['docker://ghcr.io/owner/app@sha256', /is not a digest/],
    ['docker://bad_host/app', /"bad_host" is not a registry host/],
  ])('refuses %s', (text, message) => {
    expect(() => parseRegistryReference(text)).toThrow(message);
  });
});

describe('usesPlainHttp', () => {
  it.each([
    ['localhost:5000', [], true],
    ['127.0.0.1:5000', [], true],
    ['[::1]:5000', [], true],
    ['127.0.0.2:5000', [], false],
    ['registry.lan:5000', [], false],
    ['registry.lan:5000', ['registry.lan'], true],
    ['registry.lan:5000', ['registry.lan:5000'], true],
    ['registry.lan:5000', ['registry.lan:5001'], false],
    ['ghcr.io', ['registry.lan'], false],
  ])('%s with --insecure-registry %j: %s', (host, insecure, expected) => {
    expect(usesPlainHttp(host, insecure)).toBe(expected);
  });
});
