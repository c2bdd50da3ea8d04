/**
 * Readable text for extended attribute values, which the file-tree model keeps as binary strings
 * (one char per byte, see `FileEntry.xattrs`). Reports show these texts; comparison never does.
 */

/** Bytes of a value shown in full; longer values are cut, with their size said. */
const SHOWN_BYTES = 64;

/**
 * A readable form of one extended attribute's value: `security.capability` as libcap writes it
 * (`cap_net_raw=ep`, as `getcap -n` prints it), `system.posix_acl_access` and `_default` as
 * `getfacl -n` lists them, joined by commas (`user::rw-,group::r--,other::r--`), other printable
 * UTF-8 as the text itself (a trailing NUL, as SELinux labels end, as `\0`), and anything else
 * as hex (`0x…`, as `getfattr -e hex`), as is a capability or ACL that does not parse. Pure.
 * Values of up to 64 bytes of other attributes get texts of their own (a text that would read
 * as hex is shown as hex); capability texts are libcap's, which may say two values alike.
 */
export function describeXattr(name: string, value: string): string {
  const bytes = Buffer.from(value, 'latin1');
  if (name === 'security.capability') return capabilityText(bytes) ?? hexText(bytes);
  if (name === 'system.posix_acl_access' || name === 'system.posix_acl_default') return aclText(bytes) ?? hexText(bytes);
  return printableText(bytes) ?? hexText(bytes);
}

/**
 * Capability names by number, as the kernel's include/uapi/linux/capability.h defines them
 * (0 to 40, CAP_CHECKPOINT_RESTORE being the last as of Linux 6.x). Higher numbers are shown as
 * numbers, as libcap shows capabilities it has no name for.
 */
const CAP_NAMES = [
  'chown', 'dac_override', 'dac_read_search', 'fowner', 'fsetid', 'kill', 'setgid', 'setuid',
  'setpcap', 'linux_immutable', 'net_bind_service', 'net_broadcast', 'net_admin', 'net_raw',
  'ipc_lock', 'ipc_owner', 'sys_module', 'sys_rawio', 'sys_chroot', 'sys_ptrace', 'sys_pacct',
  'sys_admin', 'sys_boot', 'sys_nice', 'sys_resource', 'sys_time', 'sys_tty_config', 'mknod',
  'lease', 'audit_write', 'audit_control', 'setfcap', 'mac_override', 'mac_admin', 'syslog',
  'wake_alarm', 'block_suspend', 'audit_read', 'perfmon', 'bpf', 'checkpoint_restore',
].map((n) => 'cap_' + n);

/** `magic_etc` revisions of `struct vfs_cap_data` (linux/capability.h) and the value size of each. */
const CAP_REVISIONS = new Map([
  [0x01000000, { size: 12, words: 1 }],
  [0x02000000, { size: 20, words: 2 }],
  [0x03000000, { size: 24, words: 2 }],
]);
const CAP_REVISION_MASK = 0xff000000;
/** The one flag of `magic_etc`: the permitted and inheritable capabilities are also effective. */
const CAP_FLAGS_EFFECTIVE = 0x000001;

/** Per-capability states as libcap's text code counts them: effective 1, permitted 2, inheritable 4. */
const EFF = 1;
const PER = 2;
const INH = 4;

/**
 * A file capability (`struct vfs_cap_data`: little-endian `magic_etc`, then permitted and
 * inheritable words for bits 0-31 and, from revision 2, 32-63; revision 3 adds the namespace's
 * root uid) in libcap's text form, as `getcap -n` prints it: `[rootid=N]` follows for revision 3.
 * Null when the value is not a well-formed capability.
 */
function capabilityText(bytes: Buffer): string | null {
  if (bytes.length < 4) return null;
  const magic = bytes.readUInt32LE(0);
  const revision = CAP_REVISIONS.get((magic & CAP_REVISION_MASK) >>> 0);
  if (!revision || bytes.length !== revision.size) return null;
  if ((magic & ~CAP_REVISION_MASK & ~CAP_FLAGS_EFFECTIVE) !== 0) return null;
  const effective = (magic & CAP_FLAGS_EFFECTIVE) !== 0;
  const states: number[] = [];
  for (let word = 0; word < 2; word++) {
    const permitted = word < revision.words ? bytes.readUInt32LE(4 + word * 8) : 0;
    const inheritable = word < revision.words ? bytes.readUInt32LE(8 + word * 8) : 0;
    for (let bit = 0; bit < 32; bit++) {
      const p = (permitted >>> bit) & 1;
      const i = (inheritable >>> bit) & 1;
      // The kernel raises the effective set from the permitted and inheritable ones, as libcap reads it.
      states.push((p ? PER : 0) | (i ? INH : 0) | (effective && (p || i) ? EFF : 0));
    }
  }
  const text = capabilityClauses(states);
  return revision.size === 24 ? `${text} [rootid=${bytes.readUInt32LE(20)}]` : text;
}

/**
 * libcap's `cap_to_text` layout, as `getcap` prints it (learnt from its output for many sets, not
 * from its code): the state most named capabilities share is the base (`=ep`, or `=` for none; on
 * a tie the lower state number wins), then one clause per other state, from the highest state
 * number down, listing its capabilities by number with the flags to raise (`+`) and lower (`-`)
 * from the base; a base of none folds into the first clause (`cap_x=ep`). Capabilities without a
 * name follow, grouped the same way but each with the flags it has (`41,42+p`).
 */
function capabilityClauses(states: readonly number[]): string {
  const named = CAP_NAMES.length;
  const counts = new Array<number>(8).fill(0);
  for (let cap = 0; cap < named; cap++) counts[states[cap]!]!++;
  let base = 7;
  for (let state = 6; state >= 0; state--) if (counts[state]! >= counts[base]!) base = state;
  const parts = ['=' + flagLetters(base)];
  for (let state = 7; state >= 0; state--) {
    if (state === base) continue;
    const names = capsIn(states, state, 0, named);
    if (names === '') continue;
    const raise = state & ~base;
    const lower = base & ~state;
    let clause = names;
    if (raise !== 0) {
      if (parts[0] === '=') {
        parts.shift();
        clause += '=' + flagLetters(raise);
      } else {
        clause += '+' + flagLetters(raise);
      }
    }
    if (lower !== 0) clause += '-' + flagLetters(lower);
    parts.push(clause);
  }
  for (let state = 7; state > 0; state--) {
    const numbers = capsIn(states, state, named, states.length);
    if (numbers !== '') parts.push(numbers + '+' + flagLetters(state));
  }
  return parts.join(' ');
}

/** The capabilities from `from` to `to` in `state`, by name (or number), comma-separated. */
function capsIn(states: readonly number[], state: number, from: number, to: number): string {
  const names: string[] = [];
  for (let cap = from; cap < to; cap++) if (states[cap] === state) names.push(CAP_NAMES[cap] ?? String(cap));
  return names.join(',');
}

function flagLetters(state: number): string {
  return (state & EFF ? 'e' : '') + (state & INH ? 'i' : '') + (state & PER ? 'p' : '');
}

/** `POSIX_ACL_XATTR_VERSION` and the tags of `struct posix_acl_xattr_entry` (linux/posix_acl_xattr.h). */
const ACL_VERSION = 2;
const ACL_TAGS = new Map([
  [0x01, 'user:'],
  [0x02, 'user:'],
  [0x04, 'group:'],
  [0x08, 'group:'],
  [0x10, 'mask:'],
  [0x20, 'other:'],
]);
/** Tags whose entries name a user or group by id; the others leave it empty. */
const ACL_NAMED = new Set([0x02, 0x08]);

/**
 * A POSIX ACL (little-endian version 2, then entries of tag u16, permissions u16, id u32) as
 * `getfacl -n` lists its entries (`user:1000:rw-`), joined by commas. Null when it does not parse.
 */
function aclText(bytes: Buffer): string | null {
  if (bytes.length < 4 || (bytes.length - 4) % 8 !== 0 || bytes.readUInt32LE(0) !== ACL_VERSION) return null;
  const entries: string[] = [];
  for (let at = 4; at < bytes.length; at += 8) {
    const tag = bytes.readUInt16LE(at);
    const perm = bytes.readUInt16LE(at + 2);
    const prefix = ACL_TAGS.get(tag);
    if (prefix === undefined || perm > 7) return null;
    const id = ACL_NAMED.has(tag) ? String(bytes.readUInt32LE(at + 4)) : '';
    entries.push(`${prefix}${id}:${perm & 4 ? 'r' : '-'}${perm & 2 ? 'w' : '-'}${perm & 1 ? 'x' : '-'}`);
  }
  return entries.join(',');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The value as text when it is non-empty UTF-8 without control characters (one trailing NUL allowed). */
function printableText(bytes: Buffer): string | null {
  const nul = bytes.length > 1 && bytes[bytes.length - 1] === 0;
  const body = nul ? bytes.subarray(0, bytes.length - 1) : bytes;
  if (body.length === 0 || body.length > 4 * SHOWN_BYTES) return null;
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    return null;
  }
  // C0 and C1 controls and DEL: text holding them would not read as what it is.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f]/u.test(text)) return null;
  // Texts that read like hex or like a NUL-terminated text are shown as hex: no two values alike.
  if (text.startsWith('0x') || text.endsWith('\\0')) return null;
  return nul ? text + '\\0' : text;
}

/** `0x` and the bytes in hex, cut after `SHOWN_BYTES` with the whole size said. */
function hexText(bytes: Buffer): string {
  if (bytes.length <= SHOWN_BYTES) return '0x' + bytes.toString('hex');
  return `0x${bytes.subarray(0, SHOWN_BYTES).toString('hex')}… (${bytes.length} bytes)`;
}
