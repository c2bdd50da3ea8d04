import { describe, expect, test } from 'vitest';
import type { CauseId } from '../../src/explain/causes.js';
import { classifyConfigField, classifyLayer } from '../../src/explain/classify-config.js';
import type { FieldDifference } from '../../src/compare/config-diff.js';

describe('classifyConfigField', () => {
  test.each<[FieldDifference, CauseId | null]>([
    [{ field: 'created', a: '2023-11-14T22:13:20.1Z', b: '2023-11-15T23:14:22.2Z' }, 'config-created'],
    [{ field: 'history[3].created', a: '2023-11-14T22:13:20Z', b: '2023-11-15T23:14:22Z' }, 'config-created'],
    [{ field: 'rootfs.diff_ids[2]', a: 'sha256:aa', b: 'sha256:bb' }, null],
    [{ field: 'config.Labels.org.opencontainers.image.created', a: '2023-11-14T22:13:20Z', b: '2023-11-15T23:14:22Z' }, 'embedded-date'],
    [{ field: 'config.Env[2]', a: 'BUILD_DATE=Tue Nov 14 22:13:20 UTC 2023', b: 'BUILD_DATE=Wed Nov 15 23:14:22 UTC 2023' }, 'embedded-date'],
    [{ field: 'config.Labels.version', a: '1.0+20231114T221320Z', b: '1.0+20231115T231422Z' }, 'embedded-date'],
    [{ field: 'config.Labels.version', a: '1.0', b: '1.1' }, 'unknown'],
    [{ field: 'config.Env[3]', b: 'EXTRA=1' }, 'unknown'],
  ])('%j → %s', (difference, cause) => {
    const explanation = classifyConfigField(difference);
    expect(explanation?.cause ?? null).toBe(cause);
    if (explanation) expect(explanation.hint).toContain(difference.field);
  });

  test('config-created quotes the fix', () => {
    expect(classifyConfigField({ field: 'created', a: 'x', b: 'y' })?.hint).toContain('SOURCE_DATE_EPOCH');
  });
});

describe('classifyLayer', () => {
  test.each([
    [{ identical: true, changes: 0, instruction: 'RUN true' }, null],
    [{ identical: false, changes: 3, instruction: 'RUN true' }, null],
    [{ identical: false, changes: 0, instruction: 'COPY . /app' }, 'file-order'],
    [{ identical: false, changes: 0, instruction: null }, 'file-order'],
  ])('%j → %s', (layer, cause) => {
    expect(classifyLayer(layer)?.cause ?? null).toBe(cause);
  });
});
