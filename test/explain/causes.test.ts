import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS, CAUSES, getCause, isCauseId, renderCauseTable } from '../../src/explain/causes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = ROOT + 'README.md';

describe('cause catalogue', () => {
  it('has one entry per id, in id order, with kebab-case ids', () => {
    expect(CAUSES.map((c) => c.id)).toEqual([...CAUSE_IDS]);
    for (const id of CAUSE_IDS) expect(id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
  });

  it('gives every cause a title, a one-line explanation and a fix', () => {
    for (const cause of CAUSES) {
      expect(cause.title.length, cause.id).toBeGreaterThan(3);
      expect(cause.explanation, cause.id).toMatch(/\.$/);
      expect(cause.explanation, cause.id).not.toContain('\n');
      expect(cause.fix.length, cause.id).toBeGreaterThan(20);
    }
  });

  it('looks causes up by id', () => {
    expect(getCause('gzip-header').fix).toContain('gzip -n');
    expect(isCauseId('pyc-timestamp')).toBe(true);
    expect(isCauseId('nope')).toBe(false);
  });

  it('renders a Markdown table with one row per cause and escaped pipes', () => {
    const table = renderCauseTable();
    const rows = table.trimEnd().split('\n');
    expect(rows).toHaveLength(CAUSE_IDS.length + 2);
    for (const [i, id] of CAUSE_IDS.entries()) expect(rows[i + 2]).toMatch(new RegExp(`^\\| \`${id}\` \\|`));
    // The context-mtime fix holds a shell pipe, which must not split the cell.
    const contextRow = rows.find((row) => row.startsWith('| `context-mtime`'))!;
    expect(contextRow.split(/(?<!\\)\|/)).toHaveLength(6);
  });

  it('README.md holds the rendered table (paste it again when the catalogue changes)', () => {
    // npx tsx -e "import('./src/explain/causes.ts').then((m) => process.stdout.write(m.renderCauseTable()))"
    expect(readFileSync(README, 'utf8')).toContain(renderCauseTable());
  });
});
