import { compareMembers, describeMembers } from './archive-members.js';
import type { NestedInspector, ZipFinding } from './finding.js';
import { readZip } from './zip-reader.js';

/**
 * Compares two zip or jar archives member by member: name, DOS time, extra-field times and owner,
 * mode, CRC-32 and content, and order. Throws when either is not a readable zip.
 */
export async function inspectZip(a: Uint8Array, b: Uint8Array, nested?: NestedInspector): Promise<ZipFinding> {
  const za = readZip(a);
  const zb = readZip(b);
  const comparison = await compareMembers(za.members, zb.members, nested);
  const finding: ZipFinding = { format: 'zip', summary: '', ...comparison };
  if (za.comment !== zb.comment) finding.comment = { a: za.comment, b: zb.comment };
  finding.summary = describeMembers('zip', comparison) + (finding.comment ? '; archive comment differs' : '');
  return finding;
}
