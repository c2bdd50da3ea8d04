import { readFile } from 'node:fs/promises';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { applyPatch } from 'diff';
import { reviewSuggestions } from '../fix/review-suggestions.js';
import type { FixReport } from '../report/report.js';

/** The pull request a review goes to. */
export interface ReviewTarget {
  owner: string;
  repo: string;
  pullNumber: number;
  /** The head commit the Dockerfile's lines refer to. */
  commitId: string;
}

/** The pull request of the workflow's event, or null when the event is not a pull request. */
export function reviewTarget(context: Pick<typeof github.context, 'payload' | 'repo'>): ReviewTarget | null {
  const pull = context.payload.pull_request as { number?: number; head?: { sha?: string } } | undefined;
  if (!pull?.number || !pull.head?.sha) return null;
  return { owner: context.repo.owner, repo: context.repo.repo, pullNumber: pull.number, commitId: pull.head.sha };
}

/** What was posted. */
export interface PostedReview {
  /** Suggestion comments posted on lines; 0 when the patch went into the review's body instead. */
  suggestions: number;
  /** Why the suggestions could not be posted on lines, when they could not (lines outside the pull request's diff). */
  fallback?: string;
}

/**
 * Posts the fix's patch as one pull-request review: a ```suggestion block per changed run of
 * Dockerfile lines, which the author can commit from the page. GitHub takes line comments only on
 * lines of the pull request's diff; when it refuses them, the patch goes into the review's body.
 */
export async function postFixReview(octokit: ReturnType<typeof github.getOctokit>, target: ReviewTarget, fix: FixReport, path: string, before: string): Promise<PostedReview | null> {
  if (!fix.patch) return null;
  const after = applyPatch(before, fix.patch);
  if (after === false) return null;
  const verdict = fix.after ? `after the fix: strict ${word(fix.after.strict)}, layers ${word(fix.after.layers)}, content ${word(fix.after.content)}` : 'not rebuilt (fix: suggest)';
  const body = `repro-check --fix ${fix.mode}: ${verdict}${fix.verified === false ? ' — NOT verified (see the job summary)' : ''}.`;
  const suggestions = reviewSuggestions(path, before, after, 'repro-check: a remedy for a cause of irreproducibility.');
  const base = { owner: target.owner, repo: target.repo, pull_number: target.pullNumber, commit_id: target.commitId, event: 'COMMENT' as const };
  try {
    await octokit.rest.pulls.createReview({
      ...base,
      body,
      comments: suggestions.map((s) => ({ path: s.path, line: s.line, side: 'RIGHT', body: s.body, ...(s.startLine !== undefined ? { start_line: s.startLine, start_side: 'RIGHT' } : {}) })),
    });
    return { suggestions: suggestions.length };
  } catch (error) {
    if ((error as { status?: number }).status !== 422) throw error;
    const fence = '`'.repeat(Math.max(3, ...(fix.patch.match(/`+/g) ?? []).map((run) => run.length + 1)));
    await octokit.rest.pulls.createReview({ ...base, body: `${body}\n\n${fence}diff\n${fix.patch}${fence}\n` });
    return { suggestions: 0, fallback: (error as Error).message };
  }
}

function word(same: boolean): string {
  return same ? 'same' : 'differs';
}

/**
 * The action's step: on a pull request, with a token, posts the fix's patch as a review; any
 * failure (no permission to write reviews, a fork's read-only token) is a warning, never a failure
 * of the check.
 */
export async function publishFixReview(fix: FixReport, token: string, dockerfile: string, repoPath: string): Promise<void> {
  const target = reviewTarget(github.context);
  if (!target) {
    core.info('repro-check: not a pull request, so the fix is not posted as a review');
    return;
  }
  try {
    const posted = await postFixReview(github.getOctokit(token), target, fix, repoPath, await readFile(dockerfile, 'utf8'));
    if (posted) core.info(`repro-check: posted the fix as a review on #${target.pullNumber} (${posted.suggestions} suggestions${posted.fallback ? `; in the body: ${posted.fallback}` : ''})`);
  } catch (error) {
    core.warning(`repro-check: could not post the fix as a review: ${(error as Error).message}`);
  }
}
