import { escapeMarkdownCell, escapePreformatted, markdownCode, markdownProse, showControls } from './escape.js';
import type { FixReport, FixVerdicts } from './report.js';

/** Lines of the patch the summaries show; the whole patch is in the report. */
const PATCH_LINES = 60;
const LEVELS = ['strict', 'layers', 'content'] as const;

/** The fix section of the text summary: before → after per level, the patch, what is left. Pure. */
export function fixTextLines(fix: FixReport): string[] {
  const lines = ['', `Fix (${fix.mode}${fix.mode === 'verify' ? `, ${fix.rounds} ${fix.rounds === 1 ? 'round' : 'rounds'}` : ''}):`];
  for (const level of LEVELS) lines.push(`  ${level.padEnd(8)}${word(fix.before, level)} → ${fix.after ? word(fix.after, level) : fix.mode === 'suggest' ? 'not rebuilt' : 'no rebuild'}`);
  if (fix.differingLayers.after) lines.push(`  layers differing: ${list(fix.differingLayers.before)} → ${list(fix.differingLayers.after)}`);
  if (fix.verified !== null) lines.push(`  ${fix.verified ? 'verified: no difference from build A beyond what the patch announced' : 'NOT verified'}`);
  if (fix.buildError) lines.push(`  the patched build failed, patch dropped: ${showControls(fix.buildError)}`);
  for (const effect of fix.sideEffects.slice(0, 10)) lines.push(`  side effect: ${showControls(effect.path)} ${effect.kind} ${effect.aspects.join(', ')}`);
  for (const setting of fix.settings) lines.push(`  setting: ${setting}`);
  for (const step of fix.checkoutSteps) lines.push(`  checkout: ${step}`);
  for (const group of fix.groups) {
    if (group.kind === 'none') continue;
    const state = group.removed === null ? '' : group.removed === true ? 'fixed' : group.removed === 'partial' ? `partly fixed, ${group.remaining} left` : 'not fixed';
    lines.push(`  ${where(group)} ${group.cause}: ${showControls(group.remedy)}${state ? ` (${state})` : ''}`);
  }
  for (const item of fix.unfixable) lines.push(`  no remedy: ${where(item)} ${item.cause}: ${item.reason}`);
  if (fix.patch) {
    const patch = fix.patch.replace(/\n$/, '').split('\n');
    lines.push('  patch:', ...patch.slice(0, PATCH_LINES).map((line) => `    ${showControls(line)}`));
    if (patch.length > PATCH_LINES) lines.push(`    … ${patch.length - PATCH_LINES} more lines in the report`);
  }
  if (fix.patchFile) lines.push(`  patch written to ${showControls(fix.patchFile)}`);
  return lines;
}

/** The fix section of the job summary. Pure. */
export function fixMarkdown(fix: FixReport): string {
  const out = ['### Fix', '', `Mode ${markdownCode(fix.mode)}${fix.mode === 'verify' ? `, ${fix.rounds} ${fix.rounds === 1 ? 'round' : 'rounds'}` : ''}.`, ''];
  out.push('| level | before | after |', '|---|---|---|');
  for (const level of LEVELS) out.push(`| ${level} | ${word(fix.before, level)} | ${fix.after ? word(fix.after, level) : '—'} |`);
  out.push('');
  if (fix.verified !== null) out.push(fix.verified ? '✅ Verified: the patched build differs from build A only as the patch announced.' : '❌ Not verified.', '');
  if (fix.buildError) out.push(`The patched build failed and the patch was dropped: ${markdownProse(fix.buildError)}`, '');
  if (fix.sideEffects.length > 0) out.push(`Side effects: ${fix.sideEffects.slice(0, 10).map((e) => `${markdownCode(e.path)} (${e.aspects.join(', ') || e.kind})`).join(', ')}`, '');
  if (fix.groups.length > 0) {
    out.push('| cause | where | remedy | result |', '|---|---|---|---|');
    for (const group of fix.groups) {
      const result = group.removed === null ? '' : group.removed === true ? '✅ fixed' : group.removed === 'partial' ? `partly, ${group.remaining} left` : '❌';
      out.push(`| ${markdownCode(group.cause)} | ${where(group)} | ${escapeMarkdownCell(group.remedy)} | ${result} |`);
    }
    out.push('');
  }
  const extras = [...fix.settings.map((s) => `setting ${markdownCode(s)}`), ...fix.checkoutSteps.map((s) => `checkout ${markdownCode(s)}`)];
  if (extras.length > 0) out.push(extras.join('; '), '');
  if (fix.patch) {
    const patch = fix.patch.replace(/\n$/, '').split('\n');
    out.push('<pre>', escapePreformatted(patch.slice(0, PATCH_LINES).join('\n')), '</pre>', '');
    if (patch.length > PATCH_LINES) out.push(`${patch.length - PATCH_LINES} more lines of the patch are in the JSON report.`, '');
  }
  return out.join('\n') + '\n';
}

function list(layers: number[]): string {
  return layers.length === 0 ? 'none' : layers.map((index) => `#${index}`).join(' ');
}

function word(verdicts: FixVerdicts, level: (typeof LEVELS)[number]): string {
  return verdicts[level] ? 'same' : 'differs';
}

function where(group: { layer: number | null; line: number | null }): string {
  return group.layer === null ? 'config' : `#${group.layer}${group.line !== null ? ` line ${group.line}` : ''}`;
}
