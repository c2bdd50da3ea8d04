/**
 * The parent image's ID in the config. The classic builder commits every step as an image and
 * records the ID of the previous step's image in the next one's `config.Image` and
 * `container_config.Image`. That ID is the digest of the parent's config, so it differs whenever
 * anything below differs: a layer, or only the parent's own build time. The field has no cause of
 * its own; what it carries does.
 */
import type { FieldDifference } from '../compare/config-diff.js';
import type { LayerPair } from '../compare/image-compare.js';
import { getCause } from './causes.js';
import type { Explanation } from './change-input.js';

/** The layers of the pair, as the parent-image rule reads them: which ones are identical. */
export type LayerPairs = readonly Pick<LayerPair, 'index' | 'identical'>[];

/** Config fields that hold the parent image's ID. */
const PARENT_FIELDS: ReadonlySet<string> = new Set(['config.Image', 'container_config.Image']);

/** What a parent-image difference carries. */
export interface ParentImageDifference {
  /** Index of the first layer that differs, or null when every layer is identical (then the parent's config differs). */
  firstDifferingLayer: number | null;
}

/** Whether a config field holds the parent image's ID. */
export function isParentImageField(difference: Pick<FieldDifference, 'field'>): boolean {
  return PARENT_FIELDS.has(difference.field);
}

/**
 * For a field that holds the parent image's ID, the first layer of the pair that differs (null
 * when none does); null for any other field. Pure.
 */
export function parentImageDifference(difference: Pick<FieldDifference, 'field'>, layers: LayerPairs): ParentImageDifference | null {
  if (!isParentImageField(difference)) return null;
  const first = layers.find((pair) => !pair.identical);
  return { firstDifferingLayer: first?.index ?? null };
}

/** The explanation of a parent-image field: the difference is carried from below, and from where. */
export function parentImageExplanation(difference: FieldDifference, layers: LayerPairs): Explanation {
  const found = parentImageDifference(difference, layers);
  const first = found?.firstDifferingLayer ?? null;
  const carried =
    first === null
      ? 'No layer differs, so the parent images differ in their own config (the classic builder records each step\'s build time).'
      : `Layer #${first} is the first layer that differs; every step image from there on has a different ID.`;
  return {
    cause: 'parent-image',
    hint: `The config's \`${difference.field}\` is the ID of the parent image (the previous build step's image), carried from the layers and configs below. ${carried} ${getCause('parent-image').fix}`,
    evidence: { note: first === null ? `\`${difference.field}\` holds the parent image's ID; every layer is identical` : `\`${difference.field}\` holds the parent image's ID; layer #${first} is the first layer that differs` },
  };
}
