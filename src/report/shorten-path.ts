/**
 * Shortening of long paths for the human outputs. A path is read from both ends: its head says
 * where in the image it is (`/usr/lib/python3/dist-packages/`), its last component what it is
 * (`x.cpython-311.pyc`); the middle of the directory part is what can go.
 */

/** What stands for the characters left out. */
export const ELLIPSIS = '…';

/**
 * A path of at most `width` characters (code points, so no surrogate pair is split): the path
 * itself when it fits; else its head, `…` and its tail, where the tail is the whole last
 * component with the `/` before it (a trailing `/` belongs to the component), plus whole parent
 * components while they take at most a third of what the name leaves. The head keeps the rest,
 * ending after a `/` when that loses at most half of it. A last component too long to keep whole
 * (or a text without `/`) is cut in its middle instead: first half and last half, so an
 * extension stays. Pure.
 */
export function shortenPath(path: string, width: number): string {
  const chars = Array.from(path);
  if (chars.length <= width) return path;
  if (width < 3) return ELLIPSIS.slice(0, Math.max(0, width));
  const budget = width - 1;
  const slash = chars.lastIndexOf('/', chars.length - 2);
  // The head keeps at least one character ahead of the name (`/…/name`).
  if (slash < 1 || chars.length - slash > budget - 1) return middle(chars, budget);
  let tailStart = slash;
  const room = budget - (chars.length - slash);
  const headShare = Math.ceil((room * 2) / 3);
  for (;;) {
    const parent = chars.lastIndexOf('/', tailStart - 1);
    if (parent < 1 || chars.length - parent > budget - headShare) break;
    tailStart = parent;
  }
  const headRoom = budget - (chars.length - tailStart);
  let headEnd = headRoom;
  const lastSlash = chars.lastIndexOf('/', headRoom - 1);
  if (lastSlash + 1 >= Math.ceil(headRoom / 2)) headEnd = lastSlash + 1;
  return chars.slice(0, headEnd).join('') + ELLIPSIS + chars.slice(tailStart).join('');
}

/** The first and last halves of `budget` characters, around the ellipsis (the head gets the odd one). */
function middle(chars: string[], budget: number): string {
  const head = Math.ceil(budget / 2);
  return chars.slice(0, head).join('') + ELLIPSIS + chars.slice(chars.length - (budget - head)).join('');
}
