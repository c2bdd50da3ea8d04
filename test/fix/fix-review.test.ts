import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as github from '@actions/github';
import { afterEach, describe, expect, test } from 'vitest';
import { postFixReview, reviewTarget } from '../../src/action/fix-review.js';
import type { FixReport } from '../../src/report/report.js';

/** A local HTTP server in GitHub's place: records each request, answers with the given status. */
async function fakeApi(statuses: number[]): Promise<{ url: string; requests: { method: string; url: string; body: Record<string, unknown> }[]; server: Server }> {
  const requests: { method: string; url: string; body: Record<string, unknown> }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body: JSON.parse(text || '{}') as Record<string, unknown> });
      const status = statuses[requests.length - 1] ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { id: 1 } : { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

let server: Server | undefined;
afterEach(() => server?.close());

const before = 'FROM d\nRUN apt-get update\nCMD x\n';
const fix = {
  mode: 'verify',
  patch: '--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,4 @@\n FROM d\n-RUN apt-get update\n+ARG SOURCE_DATE_EPOCH\n+RUN apt-get update && rm -rf /var/lib/apt/lists/*\n CMD x\n',
  after: { strict: false, layers: false, content: true },
  verified: true,
} as FixReport;
const target = { owner: 'o', repo: 'r', pullNumber: 7, commitId: 'abc' };

describe('postFixReview', () => {
  test('posts one review with a suggestion block replacing the RUN line', async () => {
    const api = await fakeApi([200]);
    server = api.server;
    const posted = await postFixReview(github.getOctokit('t', { baseUrl: api.url }), target, fix, 'app/Dockerfile', before);
    expect(posted).toEqual({ suggestions: 1 });
    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/repos/o/r/pulls/7/reviews');
    expect(request!.body).toMatchObject({ commit_id: 'abc', event: 'COMMENT', body: expect.stringContaining('content same') });
    expect(request!.body.comments).toEqual([
      {
        // The ARG goes in with the RUN line it precedes: one suggestion replaces line 2 by both.
        path: 'app/Dockerfile',
        line: 2,
        side: 'RIGHT',
        body: '```suggestion\nARG SOURCE_DATE_EPOCH\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n```\nrepro-check: a remedy for a cause of irreproducibility.',
      },
    ]);
  });

  test('lines outside the pull request diff (422): the patch goes into the review body', async () => {
    const api = await fakeApi([422, 200]);
    server = api.server;
    const posted = await postFixReview(github.getOctokit('t', { baseUrl: api.url, request: { retries: 0 } }), target, fix, 'Dockerfile', before);
    expect(posted?.suggestions).toBe(0);
    expect(api.requests).toHaveLength(2);
    expect(api.requests[1]!.body.comments).toBeUndefined();
    expect(api.requests[1]!.body.body).toContain('```diff\n--- a/Dockerfile');
  });

  test('no patch, no request', async () => {
    const api = await fakeApi([]);
    server = api.server;
    expect(await postFixReview(github.getOctokit('t', { baseUrl: api.url }), target, { ...fix, patch: '' }, 'Dockerfile', before)).toBeNull();
    expect(api.requests).toEqual([]);
  });
});

describe('reviewTarget', () => {
  test.each([
    [{ pull_request: { number: 3, head: { sha: 'h' } } }, { owner: 'o', repo: 'r', pullNumber: 3, commitId: 'h' }],
    [{}, null],
  ])('%j', (payload, want) => {
    expect(reviewTarget({ payload, repo: { owner: 'o', repo: 'r' } })).toEqual(want);
  });
});
