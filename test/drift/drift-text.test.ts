import { describe, expect, it } from 'vitest';
import { compareDrift } from '../../src/drift/drift-compare.js';
import { renderDriftText } from '../../src/drift/drift-text.js';
import { defaultRules } from '../../src/drift/rule-set.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';

const file = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'file', mode: 0o644, digest: 'sha256:aa', ...extra });
const tree = (...entries: FileEntry[]): FileTree => new Map(entries.map((e) => [e.path, e]));
const options = { rules: defaultRules(), clone: false, baselineName: 'base.json', snapshotName: 'snap.mtree' };

describe('renderDriftText', () => {
  it('says when there is no drift, and what rules hid', () => {
    const report = compareDrift(tree(file('/a')), tree(file('/a'), file('/tmp/x')), options);
    expect(renderDriftText(report)).toBe(
      [
        'No drift; 1 ignored by rules',
        'baseline base.json (1 entries), snapshot snap.mtree (2 entries)',
        '',
        'Ignored by rules (1, kept in the JSON report):',
        '        1  default: ignore /tmp',
        '',
      ].join('\n'),
    );
  });

  it('lists drift with aspects, modes and notable identity changes, then cuts the list', () => {
    const report = compareDrift(
      tree(file('/etc/machine-id'), file('/etc/x'), file('/gone')),
      tree(file('/etc/machine-id', { digest: 'sha256:bb' }), file('/etc/x', { mode: 0o600 }), file('/new')),
      options,
    );
    const text = renderDriftText(report, { limit: 3, reportPath: 'drift.json' });
    expect(text).toContain('Drift: 4 changes (1 added, 1 removed, 2 modified); 0 ignored by rules');
    expect(text).toContain('  ~ /etc/machine-id  content  [notable: systemd machine ID changed]');
    expect(text).toContain('  ~ /etc/x  mode (mode 0644 -> 0600)');
    // Notable, then modified, then added: the removal is what the limit cuts.
    expect(text).toContain('  + /new\n  … and 1 more (all in drift.json)');
    expect(text).not.toContain('/gone');
  });

  it('shows clone hazards and unverifiable aspects', () => {
    const report = compareDrift(tree(file('/etc/machine-id', { nlink: 1 })), tree(file('/etc/machine-id')), { ...options, clone: true });
    const text = renderDriftText(report);
    expect(text).toContain('No drift; 0 ignored by rules; 1 clone hazard');
    expect(text).toContain("  ! /etc/machine-id: systemd machine ID is identical to the baseline's: clones of one machine must each have their own");
    expect(text).toContain('  nlink: 1 entry, e.g. /etc/machine-id');
  });
});
