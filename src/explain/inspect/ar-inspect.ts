import { createHash } from 'node:crypto';
import { compareMembers, describeMembers, type Member } from './archive-members.js';
import type { ArFinding, NestedInspector } from './finding.js';
import { MEMBER_KEEP_LIMIT } from './limits.js';

const MAGIC = '!<arch>\n';
const HEADER = 60;

/**
 * Compares two ar archives (static libraries, Debian packages): each member's mtime, uid, gid,
 * mode, size and content. Members that differ in content are inspected in turn, so a .deb's
 * `control.tar.gz` and `data.tar.gz` are opened (an xz or zstd member is named, not opened: Node
 * has no decoder for them without native code). Throws when either is not a readable ar archive.
 */
export async function inspectAr(a: Uint8Array, b: Uint8Array, nested?: NestedInspector): Promise<ArFinding> {
  const ma = readAr(a);
  const mb = readAr(b);
  const comparison = await compareMembers(ma, mb, nested);
  const deb = ma[0]?.info.name === 'debian-binary' && mb[0]?.info.name === 'debian-binary';
  return { format: 'ar', summary: describeMembers(deb ? 'deb' : 'ar', comparison), deb, ...comparison };
}

/**
 * The members of an ar archive: GNU (`name/`, `/N` long names from the `//` table, `/` symbol
 * table) and BSD (`#1/N`, name before the data) variants.
 */
export function readAr(data: Uint8Array): Member[] {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new Error('not an ar archive');
  const members: Member[] = [];
  let longNames = '';
  let offset = MAGIC.length;
  while (offset + HEADER <= buf.length) {
    const field = (start: number, length: number) => buf.toString('latin1', offset + start, offset + start + length).trim();
    if (buf.toString('latin1', offset + 58, offset + 60) !== '`\n') throw new Error(`bad ar member header at ${offset}`);
    let name = field(0, 16);
    const size = decimal(field(48, 10), 'size');
    let start = offset + HEADER;
    let length = size;
    if (start + size > buf.length) throw new Error('ar archive cut short');
    if (name === '//') {
      longNames = buf.toString('latin1', start, start + size);
    } else {
      if (name.startsWith('#1/')) {
        const nameLength = decimal(name.slice(3), 'name length');
        name = buf.toString('latin1', start, start + nameLength).replace(/\0+$/, '');
        start += nameLength;
        length -= nameLength;
      } else if (/^\/\d+$/.test(name)) {
        const at = Number(name.slice(1));
        const end = longNames.indexOf('/\n', at);
        name = longNames.slice(at, end < 0 ? undefined : end);
      } else if (name === '/' || name === '/SYM64/') {
        name = '(symbol table)';
      } else if (name.endsWith('/')) {
        name = name.slice(0, -1);
      }
      const content = buf.subarray(start, start + length);
      const member: Member = {
        info: {
          name,
          type: 'file',
          size: length,
          mtime: decimal(field(16, 12), 'mtime'),
          uid: decimal(field(28, 6), 'uid'),
          gid: decimal(field(34, 6), 'gid'),
          mode: parseInt(field(40, 8) || '0', 8) & 0o7777,
          sha256: createHash('sha256').update(content).digest('hex'),
        },
      };
      if (content.length <= MEMBER_KEEP_LIMIT) member.data = content;
      members.push(member);
    }
    // Member data is padded to an even offset with a newline.
    offset = offset + HEADER + size + (size % 2);
  }
  return members;
}

function decimal(text: string, what: string): number {
  if (text === '') return 0;
  if (!/^\d+$/.test(text)) throw new Error(`bad ar ${what} "${text}"`);
  return Number(text);
}
