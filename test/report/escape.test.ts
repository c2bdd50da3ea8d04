import { expect, test } from 'vitest';
import { escapeHtml, escapeMarkdownCell, markdownCode, markdownProse, showControls } from '../../src/report/escape.js';

test.each([
  ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  [`"quoted" & 'single'`, '&quot;quoted&quot; &amp; &#39;single&#39;'],
])('escapeHtml(%j)', (input, output) => expect(escapeHtml(input)).toBe(output));

test.each([
  ['a|b', 'a&#124;b'],
  ['`code`', '&#96;code&#96;'],
  ['line\nbreak', 'line&#92;nbreak'],
  ['**bold** _it_ [link](x) ~s~ #h', '&#42;&#42;bold&#42;&#42; &#95;it&#95; &#91;link&#93;(x) &#126;s&#126; &#35;h'],
  ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
])('escapeMarkdownCell(%j)', (input, output) => expect(escapeMarkdownCell(input)).toBe(output));

test('markdownCode keeps backticks from closing the span', () => {
  expect(markdownCode('a`b')).toBe('<code>a&#96;b</code>');
});

test.each([
  ['Run `touch -d @$SOURCE_DATE_EPOCH /x` last.', 'Run <code>touch -d @$SOURCE&#95;DATE&#95;EPOCH /x</code> last.'],
  ['`a|b` and `<i>`', '<code>a&#124;b</code> and <code>&lt;i&gt;</code>'],
  ['a lone ` stays', 'a lone &#96; stays'],
  ['`/x</code><img src=x>`', '<code>/x&lt;/code&gt;&lt;img src=x&gt;</code>'],
  ['`line\nbreak`', '<code>line&#92;nbreak</code>'],
  ['no code', 'no code'],
])('markdownProse(%j)', (input, output) => expect(markdownProse(input)).toBe(output));

test('showControls makes control characters visible', () => {
  expect(showControls('a\nb\rc\td\u001be\u2028')).toBe('a\\nb\\rc\\td\\x1be\\x2028');
});
