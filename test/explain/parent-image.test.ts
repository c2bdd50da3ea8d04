import { describe, expect, test } from 'vitest';
import { classifyConfigField } from '../../src/explain/classify-config.js';
import { parentImageDifference, parentImageExplanation, type LayerPairs } from '../../src/explain/parent-image.js';

const ID_A = 'sha256:' + '1'.repeat(64);
const ID_B = 'sha256:' + '2'.repeat(64);
const pairs = (...identical: boolean[]): LayerPairs => identical.map((same, index) => ({ index, identical: same }));

describe('parentImageDifference', () => {
  test.each<[string, LayerPairs, number | null | 'not a parent field']>([
    ['config.Image', pairs(true, true, false, false), 2],
    ['container_config.Image', pairs(true, false, true), 1],
    ['config.Image', pairs(false), 0],
    // Every layer equal: the parents differ only in their own config (a step's build time).
    ['config.Image', pairs(true, true), null],
    ['config.Image', [], null],
    ['config.Labels.Image', pairs(false), 'not a parent field'],
    ['config.Image.x', pairs(false), 'not a parent field'],
    ['Image', pairs(false), 'not a parent field'],
  ])('%s with %j → %s', (field, layers, expected) => {
    const found = parentImageDifference({ field }, layers);
    expect(found === null ? 'not a parent field' : found.firstDifferingLayer).toBe(expected);
  });
});

describe('classifyConfigField on the parent image ID', () => {
  test('names the parent image and the first layer that differs, not an unexplained difference', () => {
    const explanation = classifyConfigField({ field: 'config.Image', a: ID_A, b: ID_B }, pairs(true, true, false, false));
    expect(explanation?.cause).toBe('parent-image');
    expect(explanation?.hint).toContain('`config.Image` is the ID of the parent image');
    expect(explanation?.hint).toContain('Layer #2 is the first layer that differs');
    expect(explanation?.hint).not.toContain('set it from a fixed value');
  });

  test('says the parents differ in their config when no layer does', () => {
    const explanation = classifyConfigField({ field: 'container_config.Image', a: ID_A, b: ID_B }, pairs(true, true));
    expect(explanation?.cause).toBe('parent-image');
    expect(explanation?.hint).toContain('No layer differs');
  });

  test('leaves other fields to the other rules', () => {
    expect(classifyConfigField({ field: 'config.Labels.version', a: '1.0', b: '1.1' }, pairs(false))?.cause).toBe('unknown');
    expect(parentImageExplanation({ field: 'config.Image', a: ID_A, b: ID_B }, pairs(false)).hint).toContain('Layer #0');
  });
});
