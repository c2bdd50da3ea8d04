import type { TreeChange } from '../tree/compare-trees.js';
import type { FileEntry } from '../tree/file-entry.js';
import { describeXattr } from '../tree/xattr-text.js';

/**
 * One extended attribute of a drift change in readable form: a capability as `getcap` prints it
 * (`cap_setuid=ep`), an ACL as `getfacl -n` lists it, text, else hex. Null where a side lacks it.
 */
export interface XattrChange {
  name: string;
  old: string | null;
  new: string | null;
}

/**
 * The attributes a change shows a reader: for a modified entry whose xattrs differ, those added,
 * removed or changed; for an added entry, every attribute it has (a new file with capabilities is
 * what an administrator must see). Undefined when there is nothing to show. The manifest forms
 * (base64, JSON) stay in `old`/`new`; this is what the summaries print.
 */
export function xattrChanges(change: Pick<TreeChange, 'kind' | 'aspects' | 'old' | 'new'>): XattrChange[] | undefined {
  if (change.kind === 'modified' && !change.aspects.includes('xattrs')) return undefined;
  if (change.kind === 'removed') return undefined;
  const before = change.kind === 'modified' ? attributes(change.old) : {};
  const after = attributes(change.new);
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: XattrChange[] = [];
  for (const name of names) {
    const a = before[name];
    const b = after[name];
    if (a === b) continue;
    out.push({ name, old: a === undefined ? null : describeXattr(name, a), new: b === undefined ? null : describeXattr(name, b) });
  }
  return out.length > 0 ? out : undefined;
}

function attributes(entry: FileEntry | undefined): Record<string, string> {
  return entry?.xattrs ?? {};
}

/** `security.capability: none -> cap_setuid=ep`, for one line of a summary. */
export function xattrChangeText(item: XattrChange): string {
  return `${item.name}: ${item.old ?? 'none'} -> ${item.new ?? 'none'}`;
}
