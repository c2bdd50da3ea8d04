/** One field of two JSON documents that differs. */
export interface FieldDifference {
  /** Path of the field: `created`, `history[2].created`, `config.Labels.version`. */
  field: string;
  /** Value in A, or undefined when A lacks the field. */
  a?: unknown;
  /** Value in B, or undefined when B lacks the field. */
  b?: unknown;
}

/**
 * Compares two JSON values leaf by leaf and lists the fields that differ, in document order.
 * Arrays are compared by index, so one inserted history entry shows as a run of changed fields.
 */
export function diffJson(a: unknown, b: unknown, path = ''): FieldDifference[] {
  if (Object.is(a, b)) return [];
  const aObject = isContainer(a);
  const bObject = isContainer(b);
  if (!aObject || !bObject || Array.isArray(a) !== Array.isArray(b)) {
    return [{ field: path || '(root)', a, b }];
  }
  const differences: FieldDifference[] = [];
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const child = `${path}[${i}]`;
      if (i >= a.length) differences.push({ field: child, b: b[i] });
      else if (i >= b.length) differences.push({ field: child, a: a[i] });
      else differences.push(...diffJson(a[i], b[i], child));
    }
    return differences;
  }
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(aRecord), ...Object.keys(bRecord)])];
  for (const key of keys) {
    const child = path ? `${path}.${key}` : key;
    if (!(key in bRecord)) differences.push({ field: child, a: aRecord[key] });
    else if (!(key in aRecord)) differences.push({ field: child, b: bRecord[key] });
    else differences.push(...diffJson(aRecord[key], bRecord[key], child));
  }
  return differences;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
