import { expect, test } from 'vitest';
import { isAtOrBelow, readInstruction } from '../../src/explain/instruction-facts.js';

test.each([
  ['RUN date > /x', { keyword: 'RUN', command: 'date > /x' }],
  ['run   make  -j4', { keyword: 'RUN', command: 'make -j4' }],
  ['RUN --mount=type=cache,target=/root/.npm npm ci', { keyword: 'RUN', command: 'npm ci' }],
  ['COPY app/ /app/', { keyword: 'COPY', dest: '/app' }],
  ['COPY --from=build --chmod=0755 /out/tool /usr/local/bin/', { keyword: 'COPY', from: 'build', dest: '/usr/local/bin' }],
  ['COPY ["a b", "/dst dir/"]', { keyword: 'COPY', dest: '/dst dir' }],
  ['ADD https://example.invalid/x.tar.gz /opt/', { keyword: 'ADD', dest: '/opt' }],
  ['COPY . .', { keyword: 'COPY' }],
  ['COPY x $HOME/', { keyword: 'COPY' }],
  ['WORKDIR /srv/www/', { keyword: 'WORKDIR', dest: '/srv/www' }],
  ['COPY x /', { keyword: 'COPY', dest: '/' }],
])('%s', (text, facts) => {
  expect(readInstruction(text)).toMatchObject(facts);
});

test('unknown instructions', () => {
  expect(readInstruction(null)).toBeNull();
  expect(readInstruction('  ')).toBeNull();
});

test('quotes long instructions shortened', () => {
  const facts = readInstruction('RUN ' + 'x'.repeat(200))!;
  expect(facts.quoted.length).toBe(60);
  expect(facts.quoted.endsWith('…')).toBe(true);
});

test.each([
  ['/app', '/app', true],
  ['/app/x', '/app', true],
  ['/apple', '/app', false],
  ['/etc', '/', true],
])('isAtOrBelow(%s, %s) is %s', (path, dir, expected) => {
  expect(isAtOrBelow(path, dir)).toBe(expected);
});
