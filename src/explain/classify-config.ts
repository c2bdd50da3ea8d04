/**
 * Causes for differences outside the file trees: fields of the image config and layers whose
 * bytes differ although no file does.
 */
import type { FieldDifference } from '../compare/config-diff.js';
import { getCause } from './causes.js';
import type { Explanation } from './change-input.js';
import { compareVolatile, looksLikeDate } from './inspect/volatile-tokens.js';
import { isParentImageField, parentImageExplanation, type LayerPairs } from './parent-image.js';

/** `created` and `history[n].created`: the build time. */
const CREATED = /^(?:created|history\[\d+\]\.created)$/;
/** Fields that only follow from other differences (the layers'): they have no cause of their own. */
const DERIVED = /^rootfs\./;

/**
 * The cause of one differing config field, or null for fields that only follow from layer
 * differences (`rootfs.diff_ids[n]`).
 */
export function classifyConfigField(difference: FieldDifference, layers: LayerPairs = []): Explanation | null {
  const { field } = difference;
  if (DERIVED.test(field)) return null;
  if (isParentImageField(difference)) return parentImageExplanation(difference, layers);
  if (CREATED.test(field)) {
    return { cause: 'config-created', hint: `The config's \`${field}\` records the build time. ${getCause('config-created').fix}`, evidence: { note: `\`${field}\` is the build time by definition` } };
  }
  const a = difference.a;
  const b = difference.b;
  if (typeof a === 'string' && typeof b === 'string' && (compareVolatile(a, b).datesOnly || (looksLikeDate(a) && looksLikeDate(b)))) {
    return {
      cause: 'embedded-date',
      hint: `The config's \`${field}\` holds the build time (${JSON.stringify(a)} → ${JSON.stringify(b)}): set it from \`SOURCE_DATE_EPOCH\` (a build arg) instead of the clock.`,
      evidence: { finding: 'both values are dates' },
    };
  }
  return {
    cause: 'unknown',
    hint: `The config's \`${field}\` differs: set it from a fixed value (a pinned build arg, ENV or LABEL) rather than from the build environment.`,
    evidence: { note: 'the values are not dates' },
  };
}

/** A layer as the classifier sees it. */
export interface LayerFacts {
  /** Both images have this layer with the same diff ID. */
  identical: boolean;
  /** File changes found in the layer. */
  changes: number;
  /** The instruction that made it, or null. */
  instruction: string | null;
}

/**
 * The cause of a layer that differs without any differing file (its tar differs in entry order
 * or in header fields the file model does not keep), or null when the layer is identical or its
 * file changes explain it.
 */
export function classifyLayer(layer: LayerFacts): Explanation | null {
  if (layer.identical || layer.changes > 0) return null;
  const by = layer.instruction ? ` made by \`${layer.instruction}\`` : '';
  return {
    cause: 'file-order',
    hint: `The layer${by} holds the same files as in image A, but its tar differs (entry order or unmodelled header fields). ${getCause('file-order').fix}`,
    evidence: { note: 'the layer digests differ while no file differs' },
  };
}
