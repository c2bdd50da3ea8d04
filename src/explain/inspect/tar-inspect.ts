import { createHash } from 'node:crypto';
import tar from 'tar-stream';
import type { Header } from 'tar-stream';
import { paxTime, TAR_ENTRY_TYPES } from '../../image/tar-header.js';
import { compareMembers, describeMembers, type Member } from './archive-members.js';
import type { MemberInfo, NestedInspector, TarFinding } from './finding.js';
import { MEMBER_KEEP_LIMIT } from './limits.js';


/** Compares two tar archives member by member (GNU, PAX and ustar, as tar-stream reads them). */
export async function inspectTar(a: Uint8Array, b: Uint8Array, nested?: NestedInspector): Promise<TarFinding> {
  const comparison = await compareMembers(await readTarMembers(a), await readTarMembers(b), nested);
  return { format: 'tar', summary: describeMembers('tar', comparison), ...comparison };
}

/**
 * The members of a tar archive held in memory, with a sha256 of each file's content; contents up
 * to `MEMBER_KEEP_LIMIT` are kept for nested inspection. Rejects when the archive is corrupt.
 */
export async function readTarMembers(data: Uint8Array): Promise<Member[]> {
  const extract = tar.extract();
  const members: Member[] = [];
  const reading = (async () => {
    for await (const entry of extract) {
      const info = memberInfo(entry.header);
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      let kept = 0;
      for await (const chunk of entry) {
        const buffer = chunk as Buffer;
        hash.update(buffer);
        kept += buffer.length;
        if (kept <= MEMBER_KEEP_LIMIT) chunks.push(buffer);
      }
      const member: Member = { info };
      if (info.type === 'file') {
        info.sha256 = hash.digest('hex');
        if (kept <= MEMBER_KEEP_LIMIT) member.data = Buffer.concat(chunks);
      }
      members.push(member);
    }
  })();
  extract.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  await reading;
  return members;
}

function memberInfo(header: Header): MemberInfo {
  const pax = (header.pax ?? undefined) as Record<string, string> | undefined;
  const type = header.type ? (TAR_ENTRY_TYPES[header.type] ?? 'other') : 'file';
  const info: MemberInfo = {
    name: header.name,
    type,
    size: type === 'file' ? (header.size ?? 0) : 0,
    mode: (header.mode ?? 0) & 0o7777,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    uname: header.uname ?? '',
    gname: header.gname ?? '',
    mtime: seconds(pax?.mtime) ?? Math.floor((header.mtime?.getTime() ?? 0) / 1000),
  };
  const atime = seconds(pax?.atime);
  const ctime = seconds(pax?.ctime);
  if (atime !== undefined) info.atime = atime;
  if (ctime !== undefined) info.ctime = ctime;
  if (type === 'symlink' || type === 'hardlink') info.link = header.linkname ?? '';
  return info;
}

/** A PAX time as seconds (fraction kept to the microsecond, which a double holds for current dates). */
function seconds(value: string | undefined): number | undefined {
  const time = paxTime(value);
  return time === undefined ? undefined : time.sec + Math.round(time.nsec / 1000) / 1e6;
}
