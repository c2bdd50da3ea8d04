import { InputError } from '../input-error.js';
import { parseRepository } from './image-reference.js';

/** A `HOST/NAME` to push the rebuild to (`docker://` allowed), checked now rather than after the build. */
export function rebuildRepository(text: string, what: string): string {
  try {
    const reference = parseRepository(text.trim(), what);
    return `${reference.host}/${reference.repository}`;
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}
