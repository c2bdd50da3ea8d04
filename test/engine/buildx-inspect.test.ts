import { describe, expect, it, test } from 'vitest';
import { buildxCommand, inspectBuildxBuilder, parseBuildxInspect } from '../../src/engine/buildx-inspect.js';
import { InputError } from '../../src/settings.js';

/** `docker buildx inspect` of a second context's builder, as buildx 0.29 printed it on this machine (trimmed). */
const DOCKER_DRIVER = `Name:   second-ctx
Driver: docker

Nodes:
Name:             second-ctx
Endpoint:         second-ctx
Status:           running
BuildKit version: v0.0.0+unknown
Platforms:        linux/amd64, linux/386
`;

/** The same for a docker-container builder (written after buildx's documented output). */
const CONTAINER_DRIVER = `Name:          remote-one
Driver:        docker-container
Last Activity: 2026-12-06 09:00:10 +0000 UTC

Nodes:
Name:      remote-one0
Endpoint:  unix:///var/run/docker.sock
Status:    running
`;

describe('parseBuildxInspect', () => {
  test.each([
    [DOCKER_DRIVER, 'second-ctx', { name: 'second-ctx', driver: 'docker', endpoint: 'second-ctx' }],
    [CONTAINER_DRIVER, 'remote-one', { name: 'remote-one', driver: 'docker-container', endpoint: 'unix:///var/run/docker.sock' }],
  ])('reads the driver and the first endpoint', (text, name, expected) => {
    expect(parseBuildxInspect(text, name)).toEqual(expected);
  });

  it('refuses output without a driver', () => {
    expect(() => parseBuildxInspect('Name: x\n', 'x')).toThrow('docker buildx inspect x printed no Driver line');
  });
});

describe('buildxCommand', () => {
  test.each([
    [undefined, ['buildx', 'build']],
    [{ name: 'second-ctx', driver: 'docker', endpoint: 'second-ctx' }, ['--context', 'second-ctx', 'buildx', 'build']],
    [{ name: 'k8s', driver: 'kubernetes', endpoint: 'kubernetes:///k8s?deployment=buildkit' }, ['buildx', 'build', '--builder', 'k8s']],
    [{ name: 'remote', driver: 'remote', endpoint: 'tcp://buildkitd:1234' }, ['buildx', 'build', '--builder', 'remote']],
  ])('starts a build through %j with %j', (builder, args) => {
    expect(buildxCommand(builder)).toEqual(args);
  });
});

describe('inspectBuildxBuilder', () => {
  it('refuses a builder the docker CLI does not know, in buildx\'s words', async () => {
    // The real docker CLI with buildx (installed here, as on GitHub's runners).
    const error = await inspectBuildxBuilder('repro-check-no-such-builder').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      'buildx builder "repro-check-no-such-builder" cannot be used: docker buildx inspect repro-check-no-such-builder: no builder "repro-check-no-such-builder" found; docker buildx ls lists the builders, docker buildx create --name repro-check-no-such-builder makes one',
    );
  });
});
