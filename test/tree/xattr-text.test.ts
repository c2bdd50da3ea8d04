import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeXattr } from '../../src/tree/xattr-text.js';

/** The model's form of a value: one char per byte. */
const binary = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');

/**
 * Written by the real tools on Debian 12 (libcap2-bin 2.66, acl 2.3.1, kernel with 41
 * capabilities), by hand from their output: `setcap <spec> f` (`setfacl` for ACLs), then
 * `getfattr -n <name> -e hex f` for the value and `getcap -n f` (`getfacl -n -c f`) for the text.
 */
const CAPABILITIES: [spec: string, hex: string, getcap: string][] = [
  ['cap_net_raw+ep', '0100000200200000000000000000000000000000', 'cap_net_raw=ep'],
  ['cap_net_raw+p', '0000000200200000000000000000000000000000', 'cap_net_raw=p'],
  ['cap_setuid,cap_setgid=eip', '01000002c0000000c00000000000000000000000', 'cap_setgid,cap_setuid=eip'],
  ['cap_net_bind_service=+p', '0000000200040000000000000000000000000000', 'cap_net_bind_service=p'],
  ['cap_chown=i', '0000000200000000010000000000000000000000', 'cap_chown=i'],
  ['cap_sys_admin,cap_checkpoint_restore+ep', '0100000200002000000000000001000000000000', 'cap_sys_admin,cap_checkpoint_restore=ep'],
  ['cap_setfcap,cap_mac_override=eip', '0100000200000080000000800100000001000000', 'cap_setfcap,cap_mac_override=eip'],
  ['all=ep', '01000002ffffffff00000000ff01000000000000', '=ep'],
  ['all=p', '00000002ffffffff00000000ff01000000000000', '=p'],
  ['all=p cap_net_raw+i', '00000002ffffffff00200000ff01000000000000', '=p cap_net_raw+i'],
  ['all=ip cap_sys_admin-i', '00000002ffffffffffffdfffff010000ff010000', '=ip cap_sys_admin-i'],
  ['all=eip cap_sys_admin-ip', '01000002ffffdfffffffdfffff010000ff010000', '=eip cap_sys_admin-eip'],
  ['=ep cap_bpf-ep', '01000002ffffffff000000007f01000000000000', '=ep cap_bpf-ep'],
  ['cap_chown=p cap_kill=i', '0000000201000000200000000000000000000000', 'cap_kill=i cap_chown+p'],
  ['cap_chown,cap_kill=p cap_kill+i', '0000000221000000200000000000000000000000', 'cap_kill=ip cap_chown+p'],
  ['cap_chown=p cap_kill=i cap_net_raw=ip', '0000000201200000202000000000000000000000', 'cap_net_raw=ip cap_kill+i cap_chown+p'],
  ['all-p', '0000000200000000000000000000000000000000', '='],
  ['cap_chown=e', '0100000200000000000000000000000000000000', '='],
  // Capabilities past the 41 this kernel names, by number.
  ['41=ep', '0100000200000000000000000002000000000000', '= 41+ep'],
  ['all=p 41+p', '00000002ffffffff00000000ff03000000000000', '=p 41+p'],
  ['all=p 41=i', '00000002ffffffff00000000ff01000000020000', '=p 41+i'],
  ['all=ep 45+ep', '01000002ffffffff00000000ff21000000000000', '=ep 45+ep'],
  ['cap_chown=i 41=p 42=ip', '0000000200000000010000000006000000040000', 'cap_chown=i 42+ip 41+p'],
  ['41,42=p 50=ip', '0000000200000000000000000006040000000400', '= 50+ip 41,42+p'],
  ['-n 1000 cap_net_raw+ep', '0100000300200000000000000000000000000000e8030000', 'cap_net_raw=ep [rootid=1000]'],
  // Ties between states: caps 0-13 =p, 14-27 =i, 28-40 none (14/14/13).
  [
    'chown..net_raw=p ipc_lock..mknod=i',
    '00000002ff3f000000c0ff0f0000000000000000',
    '=p cap_ipc_lock,cap_ipc_owner,cap_sys_module,cap_sys_rawio,cap_sys_chroot,cap_sys_ptrace,cap_sys_pacct,cap_sys_admin,cap_sys_boot,cap_sys_nice,cap_sys_resource,cap_sys_time,cap_sys_tty_config,cap_mknod+i-p cap_lease,cap_audit_write,cap_audit_control,cap_setfcap,cap_mac_override,cap_mac_admin,cap_syslog,cap_wake_alarm,cap_block_suspend,cap_audit_read,cap_perfmon,cap_bpf,cap_checkpoint_restore-p',
  ],
  [
    'chown..net_raw=p lease..checkpoint_restore=i',
    '00000002ff3f0000000000f000000000ff010000',
    'cap_lease,cap_audit_write,cap_audit_control,cap_setfcap,cap_mac_override,cap_mac_admin,cap_syslog,cap_wake_alarm,cap_block_suspend,cap_audit_read,cap_perfmon,cap_bpf,cap_checkpoint_restore=i cap_chown,cap_dac_override,cap_dac_read_search,cap_fowner,cap_fsetid,cap_kill,cap_setgid,cap_setuid,cap_setpcap,cap_linux_immutable,cap_net_bind_service,cap_net_broadcast,cap_net_admin,cap_net_raw+p',
  ],
  [
    'chown..net_raw=i ipc_lock..mknod=ip',
    '0000000200c0ff0fffffff0f0000000000000000',
    '=i cap_ipc_lock,cap_ipc_owner,cap_sys_module,cap_sys_rawio,cap_sys_chroot,cap_sys_ptrace,cap_sys_pacct,cap_sys_admin,cap_sys_boot,cap_sys_nice,cap_sys_resource,cap_sys_time,cap_sys_tty_config,cap_mknod+p cap_lease,cap_audit_write,cap_audit_control,cap_setfcap,cap_mac_override,cap_mac_admin,cap_syslog,cap_wake_alarm,cap_block_suspend,cap_audit_read,cap_perfmon,cap_bpf,cap_checkpoint_restore-i',
  ],
];

describe('describeXattr: security.capability', () => {
  it.each(CAPABILITIES)('setcap %s reads as getcap prints it', (_spec, hex, text) => {
    expect(describeXattr('security.capability', binary(hex))).toBe(text);
  });

  it.each([
    // Revision 1 (32 bits, 12 bytes) as the kernel's struct vfs_cap_data defines it: setcap no longer writes it.
    ['revision 1', '010000010020000000000000', 'cap_net_raw=ep'],
  ])('decodes %s', (_what, hex, text) => {
    expect(describeXattr('security.capability', binary(hex))).toBe(text);
  });

  it.each([
    ['too short', '01000002'],
    ['a size that is not its revision\'s', '01000002002000000000000000000000'],
    ['an unknown revision', '0100000400200000000000000000000000000000'],
    ['an unknown flag', '0300000200200000000000000000000000000000'],
  ])('shows a value with %s as hex', (_what, hex) => {
    expect(describeXattr('security.capability', binary(hex))).toBe('0x' + hex);
  });
});

describe('describeXattr: POSIX ACLs', () => {
  it.each([
    [
      'system.posix_acl_access',
      // setfacl -m u:1000:rw-,g:50:r--,m::rw- f
      '0200000001000600ffffffff02000600e803000004000400ffffffff080004003200000010000600ffffffff20000400ffffffff',
      'user::rw-,user:1000:rw-,group::r--,group:50:r--,mask::rw-,other::r--',
    ],
    [
      'system.posix_acl_default',
      // setfacl -d -m u::rwx,g::r-x,o::---,u:33:rwx d
      '0200000001000700ffffffff020007002100000004000500ffffffff10000700ffffffff20000000ffffffff',
      'user::rwx,user:33:rwx,group::r-x,mask::rwx,other::---',
    ],
  ])('%s reads as getfacl -n lists it', (name, hex, text) => {
    expect(describeXattr(name, binary(hex))).toBe(text);
  });

  it('shows an ACL that does not parse as hex', () => {
    expect(describeXattr('system.posix_acl_access', binary('0100000001000600ffffffff'))).toBe('0x0100000001000600ffffffff');
    expect(describeXattr('system.posix_acl_access', binary('0200000001000600ffff'))).toBe('0x0200000001000600ffff');
  });
});

describe('describeXattr: other attributes', () => {
  it.each([
    ['user.note', Buffer.from('héllo wörld'), 'héllo wörld'],
    ['user.mime_type', Buffer.from('text/plain'), 'text/plain'],
    ['security.selinux', Buffer.from('system_u:object_r:bin_t:s0\0'), 'system_u:object_r:bin_t:s0\\0'],
    ['user.bin', Buffer.from([0x00, 0x01, 0xff]), '0x0001ff'],
    ['user.latin1', Buffer.from([0x68, 0xe9]), '0x68e9'],
    ['user.newline', Buffer.from('a\nb'), '0x610a62'],
    ['user.empty', Buffer.alloc(0), '0x'],
    ['user.hexlike', Buffer.from('0x01'), '0x30783031'],
    ['user.backslash', Buffer.from('a\\0'), '0x615c30'],
    ['security.capability', Buffer.from('cap_net_raw=ep'), '0x6361705f6e65745f7261773d6570'],
  ])('%s', (name, bytes, text) => {
    expect(describeXattr(name, bytes.toString('latin1'))).toBe(text);
  });

  it('cuts a long binary value and says its size', () => {
    const text = describeXattr('user.blob', Buffer.alloc(100, 0xab).toString('latin1'));
    expect(text).toBe('0x' + 'ab'.repeat(64) + '… (100 bytes)');
  });

  it('gives different values of up to 64 bytes different texts', () => {
    const value = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
      fc.string({ unit: 'grapheme', maxLength: 16 }).map((t) => Buffer.from(t)),
      fc.constantFrom('0x', '0x00', '\\0', 'a\\0', '').map((t) => Buffer.from(t)),
      fc.constantFrom('0x', 'a\\0', 'a').map((t) => Buffer.from(t + '\0')),
    );
    fc.assert(
      fc.property(value, value, (x, y) => {
        const a = describeXattr('user.x', x.toString('latin1'));
        const b = describeXattr('user.x', y.toString('latin1'));
        expect(a === b).toBe(x.equals(y));
      }),
      { numRuns: 2000 },
    );
  });
});
