import { describe, expect, it } from 'vitest';
import { provenanceSettings } from '../../src/verify/provenance.js';

/** Statements laid out by hand after BuildKit's SLSA definitions (docs.docker.com, attestations/slsa-definitions). */
const v02 = {
  _type: 'https://in-toto.io/Statement/v0.1',
  predicateType: 'https://slsa.dev/provenance/v0.2',
  subject: [{ name: 'pkg:docker/example/app@v1?platform=linux%2Famd64', digest: { sha256: 'a'.repeat(64) } }],
  predicate: {
    builder: { id: '' },
    buildType: 'https://mobyproject.org/buildkit@v1',
    invocation: {
      configSource: { entryPoint: 'docker/Dockerfile' },
      parameters: { frontend: 'dockerfile.v0', args: { 'build-arg:SOURCE_DATE_EPOCH': '1700000000', 'build-arg:VERSION': '1.2', target: 'runtime', 'label:x': 'y' } },
      environment: { platform: 'linux/amd64' },
    },
    metadata: { 'https://mobyproject.org/buildkit@v1#metadata': { vcs: { revision: 'abc123', source: 'https://example.org/app.git' } } },
  },
};

const v1 = {
  _type: 'https://in-toto.io/Statement/v0.1',
  predicateType: 'https://slsa.dev/provenance/v1',
  subject: [],
  predicate: {
    buildDefinition: {
      buildType: 'https://github.com/moby/buildkit/blob/master/docs/attestations/slsa-definitions.md',
      externalParameters: { configSource: { path: 'Dockerfile' }, request: { frontend: 'dockerfile.v0', args: { 'build-arg:SOURCE_DATE_EPOCH': '0' } } },
    },
    runDetails: { metadata: { buildkit_metadata: { vcs: { revision: 'def456' } } } },
  },
};

describe('provenanceSettings', () => {
  it('reads build arguments, target, Dockerfile and revision from SLSA v0.2', () => {
    expect(provenanceSettings(v02)).toEqual({
      predicateType: 'https://slsa.dev/provenance/v0.2',
      buildArgs: { SOURCE_DATE_EPOCH: '1700000000', VERSION: '1.2' },
      target: 'runtime',
      dockerfile: 'docker/Dockerfile',
      revision: 'abc123',
      source: 'https://example.org/app.git',
    });
  });

  it('reads them from SLSA v1', () => {
    expect(provenanceSettings(v1)).toEqual({ predicateType: 'https://slsa.dev/provenance/v1', buildArgs: { SOURCE_DATE_EPOCH: '0' }, dockerfile: 'Dockerfile', revision: 'def456' });
  });

  it.each([
    ['another predicate', { ...v02, predicateType: 'https://spdx.dev/Document' }],
    ['not an object', 'text'],
    ['null', null],
  ])('is null for %s', (_name, statement) => {
    expect(provenanceSettings(statement)).toBeNull();
  });

  it('takes what mode=min leaves: no args, no metadata', () => {
    expect(provenanceSettings({ predicateType: 'https://slsa.dev/provenance/v0.2', predicate: { invocation: {} } })).toEqual({ predicateType: 'https://slsa.dev/provenance/v0.2', buildArgs: {} });
  });
});
