import { describe, expect, it } from 'vitest';
import { compareDrift } from '../../src/drift/drift-compare.js';
import { defaultRules } from '../../src/drift/rule-set.js';
import { driftAnnotations, renderDriftSummary } from '../../src/report/drift-summary.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';

const file = (path: string, digest = 'sha256:aa'): FileEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 3, digest, mtime: { sec: 1, nsec: 0 } });
const tree = (...entries: FileEntry[]): FileTree => new Map(entries.map((e) => [e.path, e]));

const baseline = tree(file('/etc/passwd'), file('/etc/machine-id', 'sha256:id'), file('/etc/ssh/ssh_host_ed25519_key', 'sha256:k1'), file('/var/log/syslog', 'sha256:l1'));
const snapshot = tree(file('/etc/passwd', 'sha256:bb'), file('/etc/machine-id', 'sha256:id'), file('/etc/ssh/ssh_host_ed25519_key', 'sha256:k2'), file('/var/log/syslog', 'sha256:l2'), file('/opt/new|<b>x</b>'));

describe('drift in the job summary and annotations', () => {
  const report = compareDrift(baseline, snapshot, { rules: defaultRules(), clone: false, baselineName: 'golden.mtree', snapshotName: 'vm-42.mtree' });

  it('summarises counts, changes (security-relevant, then notable, modified, added) and what rules suppressed, with names escaped', () => {
    const text = renderDriftSummary(report);
    expect(text).toMatch(/^## ❌ repro-check VM drift: 3 changes/);
    // security-relevant (/etc/passwd), modified (passwd, host key), added (/opt/new…), removed, suppressed (syslog), hazards
    expect(text).toContain('| 1 | 2 | 1 | 0 | 1 | 0 |');
    expect(text).toContain('| accounts | 1 |');
    // Underscores are escaped in the summary's cells.
    const key = text.indexOf('ssh&#95;host&#95;ed25519&#95;key');
    expect(key).toBeGreaterThan(0);
    expect(text.indexOf('<code>/etc/passwd</code> | modified | content | accounts')).toBeLessThan(key);
    expect(key).toBeLessThan(text.indexOf('<code>/opt/new'));
    expect(text).toContain('<code>/opt/new&#124;&lt;b&gt;x&lt;/b&gt;</code>');
    expect(text).toContain('1 changes suppressed by rules');
    expect(text).not.toContain('<b>');
  });

  it('annotates the snapshot manifest: an error for security-relevant drift, one for the drift, a warning per notable change', () => {
    const annotations = driftAnnotations(report, 'vms/vm-42.mtree');
    expect(annotations[0]).toMatchObject({ level: 'error', title: 'repro-check: 1 security-relevant changes (accounts 1)', file: 'vms/vm-42.mtree' });
    expect(annotations[0]!.message).toBe('modified /etc/passwd (accounts).');
    expect(annotations[1]).toMatchObject({ level: 'error', title: 'repro-check: 3 changes since the baseline', file: 'vms/vm-42.mtree' });
    expect(annotations[1]!.message).toMatch(/^modified \/etc\/passwd, modified \/etc\/ssh\/ssh_host_ed25519_key, added \/opt\/new/);
    expect(annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([expect.stringContaining('/etc/ssh/ssh_host_ed25519_key')]);
  });

  it('makes a clone that kept its template identity an error', () => {
    const clone = compareDrift(baseline, snapshot, { rules: defaultRules(), clone: true, baselineName: 'golden', snapshotName: 'clone' });
    const hazards = driftAnnotations(clone, undefined).filter((a) => a.title.includes('clone hazard'));
    expect(hazards.map((a) => a.message)).toEqual([expect.stringContaining('/etc/machine-id')]);
    expect(renderDriftSummary(clone)).toContain('### Clone hazards');
  });

  it('says no drift when there is none', () => {
    const same = compareDrift(baseline, baseline, { rules: defaultRules(), clone: false, baselineName: 'a', snapshotName: 'b' });
    expect(renderDriftSummary(same)).toMatch(/^## ✅ repro-check VM drift: no drift/);
    expect(driftAnnotations(same, 'b')).toEqual([]);
  });
});
