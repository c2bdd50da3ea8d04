// Structural checks of action.yml, the workflows under .github/workflows/ and the workflow snippets
// in the docs: each is parsed as YAML (a file the runner cannot parse fails the whole workflow or
// action), and the keys the runner reads are checked: jobs, steps, `uses`, `with`, step ids and the
// `steps.<id>.outputs.<name>` references, and every `with:` key given to this action against the
// inputs of action.yml.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';

const root = join(import.meta.dirname, '..');

/** Parses YAML as strictly as the runner does; a syntax error or a duplicate key throws with its line. */
function loadYaml(text: string, where: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`${where} is not valid YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS();
}

type Map = Record<string, unknown>;
const isMap = (value: unknown): value is Map => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

interface ActionInput {
  description?: unknown;
  required?: unknown;
  default?: unknown;
}
interface ActionYml {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: unknown }>;
  runs: { using: string; main: string; pre?: string; post?: string };
  branding?: { icon?: string; color?: string };
}

const ACTION_KEYS = new Set(['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding']);
const INPUT_KEYS = new Set(['description', 'required', 'default', 'deprecationMessage']);
const BRANDING_COLORS = new Set(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']);

/** Problems in action.yml's metadata; an empty list when it is complete. */
function actionProblems(action: Map): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(action)) if (!ACTION_KEYS.has(key)) problems.push(`unknown top-level key ${key}`);
  if (!nonEmptyString(action.name)) problems.push('no name');
  if (!nonEmptyString(action.description)) problems.push('no description');
  const inputs = action.inputs;
  if (!isMap(inputs)) problems.push('no inputs');
  else
    for (const [name, input] of Object.entries(inputs)) {
      if (!isMap(input)) {
        problems.push(`input ${name} is not a mapping`);
        continue;
      }
      for (const key of Object.keys(input)) if (!INPUT_KEYS.has(key)) problems.push(`input ${name}: unknown key ${key}`);
      if (!nonEmptyString(input.description)) problems.push(`input ${name} has no description`);
      if ('required' in input && typeof input.required !== 'boolean') problems.push(`input ${name}: required is not a boolean`);
      // The runner passes every default as a string; an unquoted `false` or `3` reads as another type here.
      if ('default' in input && typeof input.default !== 'string') problems.push(`input ${name}: default is not a string`);
      if (input.required !== true && !('default' in input)) problems.push(`input ${name} is optional and has no default`);
    }
  const outputs = action.outputs;
  if (!isMap(outputs)) problems.push('no outputs');
  else
    for (const [name, output] of Object.entries(outputs)) {
      if (!isMap(output) || !nonEmptyString(output.description)) problems.push(`output ${name} has no description`);
      else if ('value' in output) problems.push(`output ${name}: value is only for composite actions`);
    }
  const runs = action.runs;
  if (!isMap(runs)) problems.push('no runs');
  else {
    if (runs.using !== 'node24') problems.push(`runs.using is ${String(runs.using)}, not node24`);
    for (const key of ['main', 'pre', 'post'] as const) {
      if (key !== 'main' && !(key in runs)) continue;
      if (!nonEmptyString(runs[key])) problems.push(`runs.${key} is not a path`);
      else if (!existsSync(join(root, runs[key]))) problems.push(`runs.${key} ${runs[key]} does not exist`);
    }
  }
  const branding = action.branding;
  if (isMap(branding)) {
    if (!nonEmptyString(branding.icon)) problems.push('branding has no icon');
    if (!BRANDING_COLORS.has(String(branding.color))) problems.push(`branding.color ${String(branding.color)} is not one GitHub accepts`);
  }
  return problems;
}

const WORKFLOW_KEYS = new Set(['name', 'run-name', 'on', 'permissions', 'env', 'defaults', 'concurrency', 'jobs']);
const JOB_KEYS = new Set([
  'name', 'needs', 'runs-on', 'permissions', 'environment', 'concurrency', 'outputs', 'env', 'defaults', 'if', 'steps',
  'timeout-minutes', 'strategy', 'continue-on-error', 'container', 'services', 'uses', 'with', 'secrets',
]);
const STEP_KEYS = new Set(['id', 'name', 'if', 'uses', 'run', 'with', 'env', 'shell', 'working-directory', 'continue-on-error', 'timeout-minutes']);
const ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** `owner/repo@ref` or `owner/repo/path@ref`; `<owner>` stands for this action's owner in the docs. */
const REMOTE_USES = /^(<owner>|[A-Za-z0-9_.-]+)\/[A-Za-z0-9_.-]+(\/[^@\s]+)?@[^@\s]+$/;

/** How a `uses:` value names this repository's action, or null when it names another one. */
function isThisAction(uses: string): boolean {
  return uses === './' || uses === '.' || /^<owner>\/repro-check@/.test(uses);
}

/** Every string inside a value, with the path that leads to it. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isMap(value)) return Object.values(value).flatMap(strings);
  return [];
}

/** Problems in a list of steps of one job. */
function stepsProblems(steps: unknown, where: string, action: ActionYml): string[] {
  if (!Array.isArray(steps) || steps.length === 0) return [`${where}: steps is not a non-empty list`];
  const problems: string[] = [];
  const seen = new Map<string, { uses?: string }>();
  steps.forEach((step: unknown, index) => {
    const at = `${where} step ${index + 1}`;
    if (!isMap(step)) {
      problems.push(`${at} is not a mapping`);
      return;
    }
    for (const key of Object.keys(step)) if (!STEP_KEYS.has(key)) problems.push(`${at}: unknown key ${key}`);
    const hasUses = 'uses' in step;
    const hasRun = 'run' in step;
    if (hasUses === hasRun) problems.push(`${at}: needs exactly one of uses and run`);
    if ('with' in step && !hasUses) problems.push(`${at}: with without uses`);
    if (('shell' in step || 'working-directory' in step) && !hasRun) problems.push(`${at}: shell or working-directory without run`);
    if (hasRun && !nonEmptyString(step.run)) problems.push(`${at}: run is empty`);
    if ('with' in step && !isMap(step.with)) problems.push(`${at}: with is not a mapping`);
    if ('env' in step && !isMap(step.env)) problems.push(`${at}: env is not a mapping`);
    // References to earlier steps: the id must exist before this step, and this action's outputs exist.
    for (const text of strings(step)) {
      if ((text.match(/\$\{\{/g) ?? []).length !== (text.match(/\}\}/g) ?? []).length) problems.push(`${at}: unbalanced \${{ }} in ${JSON.stringify(text)}`);
      for (const match of text.matchAll(/\bsteps\.([A-Za-z_][A-Za-z0-9_-]*)\.(outputs\.([A-Za-z0-9_-]+)|outcome|conclusion)/g)) {
        const target = seen.get(match[1]!);
        if (!target) problems.push(`${at}: steps.${match[1]} is not an earlier step`);
        else if (match[3] && target.uses && isThisAction(target.uses) && !(match[3] in action.outputs)) problems.push(`${at}: action.yml has no output ${match[3]}`);
      }
    }
    if (hasUses) {
      const uses = step.uses;
      if (!nonEmptyString(uses)) problems.push(`${at}: uses is empty`);
      else if (uses.startsWith('./') || uses === '.') {
        if (!existsSync(join(root, uses, 'action.yml')) && !existsSync(join(root, uses, 'action.yaml'))) problems.push(`${at}: ${uses} has no action.yml`);
      } else if (!uses.startsWith('docker://') && !REMOTE_USES.test(uses)) problems.push(`${at}: uses ${uses} is not owner/repo@ref`);
      if (nonEmptyString(uses) && isThisAction(uses)) {
        const given = isMap(step.with) ? step.with : {};
        for (const key of Object.keys(given)) if (!(key in action.inputs)) problems.push(`${at}: with.${key} is not an input of action.yml`);
        for (const [name, input] of Object.entries(action.inputs)) if (input.required === true && !(name in given)) problems.push(`${at}: required input ${name} is missing`);
      }
    }
    if ('id' in step) {
      if (!nonEmptyString(step.id) || !ID.test(step.id)) problems.push(`${at}: id ${String(step.id)} is not a valid id`);
      else if (seen.has(step.id)) problems.push(`${at}: id ${step.id} is used twice`);
      else seen.set(step.id, { uses: typeof step.uses === 'string' ? step.uses : undefined });
    }
  });
  return problems;
}

/** Problems in a workflow: top-level keys, jobs, needs, and every job's steps. */
function workflowProblems(workflow: unknown, where: string, action: ActionYml): string[] {
  if (!isMap(workflow)) return [`${where} is not a mapping`];
  const problems: string[] = [];
  for (const key of Object.keys(workflow)) if (!WORKFLOW_KEYS.has(key)) problems.push(`${where}: unknown top-level key ${key}`);
  if (!('on' in workflow)) problems.push(`${where}: no on`);
  const jobs = workflow.jobs;
  if (!isMap(jobs) || Object.keys(jobs).length === 0) return [...problems, `${where}: no jobs`];
  for (const [id, job] of Object.entries(jobs)) {
    const at = `${where} job ${id}`;
    if (!ID.test(id)) problems.push(`${at}: not a valid job id`);
    if (!isMap(job)) {
      problems.push(`${at} is not a mapping`);
      continue;
    }
    for (const key of Object.keys(job)) if (!JOB_KEYS.has(key)) problems.push(`${at}: unknown key ${key}`);
    const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
    for (const need of needs) if (typeof need !== 'string' || !(need in jobs) || need === id) problems.push(`${at}: needs ${String(need)}, which is no other job`);
    if ('uses' in job) {
      if ('steps' in job) problems.push(`${at}: a reusable-workflow job has no steps`);
      continue;
    }
    if (!('runs-on' in job)) problems.push(`${at}: no runs-on`);
    problems.push(...stepsProblems(job.steps, at, action));
  }
  return problems;
}

/** The ```yaml blocks of a Markdown file. */
function yamlBlocks(markdown: string): { text: string; line: number }[] {
  const blocks: { text: string; line: number }[] = [];
  for (const match of markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)) blocks.push({ text: match[1]!, line: markdown.slice(0, match.index).split('\n').length });
  return blocks;
}

function readAction(): ActionYml {
  return loadYaml(readFileSync(join(root, 'action.yml'), 'utf8'), 'action.yml') as ActionYml;
}

const workflowDir = join(root, '.github', 'workflows');
const workflowFiles = existsSync(workflowDir) ? readdirSync(workflowDir).filter((name) => /\.ya?ml$/.test(name)).sort() : [];
const docFiles = ['README.md', ...(existsSync(join(root, 'docs')) ? readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`) : [])];

describe('action.yml', () => {
  it('parses as YAML', () => {
    expect(() => readAction()).not.toThrow();
  });

  it('is complete: every input and output described, node24, an existing main', () => {
    expect(actionProblems(readAction() as unknown as Map)).toEqual([]);
  });
});

describe('the structural checks themselves', () => {
  const action: ActionYml = {
    name: 'x',
    description: 'x',
    inputs: { context: { description: 'd', default: '.' }, needed: { description: 'd', required: true } },
    outputs: { reproducible: { description: 'd' } },
    runs: { using: 'node24', main: 'package.json' },
  };
  const job = (steps: unknown[]) => ({ on: 'push', jobs: { j: { 'runs-on': 'ubuntu-latest', steps } } });

  it('accepts a sound workflow', () => {
    const steps = [{ uses: 'actions/checkout@v4' }, { id: 'r', uses: './', with: { context: '.', needed: 'y' } }, { if: "steps.r.outputs.reproducible == 'true'", run: 'true' }];
    expect(workflowProblems(job(steps), 'w', action)).toEqual([]);
  });

  it('finds unknown inputs, missing required ones, bad references and malformed steps', () => {
    const steps = [
      { uses: './', with: { contxt: '.' } },
      { id: 'r', uses: './', with: { needed: 'y' } },
      { run: 'echo ${{ steps.r.outputs.nope }} ${{ steps.later.outcome }}' },
      { run: 'a', uses: 'actions/checkout@v4' },
      { uses: 'actions/checkout' },
      { run: 'b', with: { x: 1 } },
      { id: 'later', run: 'c', bogus: 1 },
    ];
    expect(workflowProblems(job(steps), 'w', action)).toEqual([
      'w job j step 1: with.contxt is not an input of action.yml',
      'w job j step 1: required input needed is missing',
      'w job j step 3: action.yml has no output nope',
      'w job j step 3: steps.later is not an earlier step',
      'w job j step 4: needs exactly one of uses and run',
      'w job j step 5: uses actions/checkout is not owner/repo@ref',
      'w job j step 6: with without uses',
      'w job j step 7: unknown key bogus',
    ]);
  });

  it('finds jobs without runs-on or steps, and needs of unknown jobs', () => {
    expect(workflowProblems({ on: 'push', jobs: { a: { needs: 'b', steps: [] } } }, 'w', action)).toEqual([
      'w job a: needs b, which is no other job',
      'w job a: no runs-on',
      'w job a: steps is not a non-empty list',
    ]);
  });

  it('finds incomplete action metadata', () => {
    const broken = { name: 'x', description: 'x', inputs: { a: { default: false }, b: { description: 'd' } }, outputs: { o: {} }, runs: { using: 'node20', main: 'nope.cjs' } };
    expect(actionProblems(broken)).toEqual([
      'input a has no description',
      'input a: default is not a string',
      'input b is optional and has no default',
      'output o has no description',
      'runs.using is node20, not node24',
      'runs.main nope.cjs does not exist',
    ]);
  });

  it('rejects YAML the runner cannot parse, naming the line', () => {
    expect(() => loadYaml('a:\n  description: x: y\n', 'f.yml')).toThrow(/f\.yml is not valid YAML: .*line 2/);
    expect(() => loadYaml('a: 1\na: 2\n', 'f.yml')).toThrow(/f\.yml is not valid YAML/);
  });
});

describe('.github/workflows', () => {
  it('has workflow files', () => {
    expect(workflowFiles).toContain('ci.yml');
  });

  for (const name of workflowFiles) {
    it(`${name} is a well-formed workflow`, () => {
      const workflow = loadYaml(readFileSync(join(workflowDir, name), 'utf8'), name);
      expect(workflowProblems(workflow, name, readAction())).toEqual([]);
    });
  }

  describe('ci.yml', () => {
    const load = () => loadYaml(readFileSync(join(workflowDir, 'ci.yml'), 'utf8'), 'ci.yml') as { jobs: Record<string, { 'runs-on'?: string; steps: Map[] }> };

    it('runs .ci/run on ubuntu-latest', () => {
      const jobs = Object.values(load().jobs).filter((job) => job['runs-on'] === 'ubuntu-latest' && job.steps.some((step) => /\bbash \.ci\/run\b/.test(String(step.run ?? ''))));
      expect(jobs).toHaveLength(1);
    });

    it('checks that dist/ is a fresh bundle', () => {
      const steps = Object.values(load().jobs).flatMap((job) => job.steps);
      expect(steps.some((step) => /scripts\/check-dist\.sh|npm run (-s )?check-dist/.test(String(step.run ?? '')))).toBe(true);
    });

    it('runs the action with uses: ./ on the bundled example and asserts reproducible is true at level content', () => {
      const steps = Object.values(load().jobs).flatMap((job) => job.steps);
      const index = steps.findIndex((step) => step.uses === './' && isMap(step.with) && step.with.level === 'content' && typeof step.with.context === 'string' && existsSync(join(root, step.with.context, 'Dockerfile')));
      expect(index).toBeGreaterThanOrEqual(0);
      const id = String(steps[index]!.id);
      const reference = `steps.${id}.outputs.reproducible`;
      // Either an `if:` that compares the output with 'true', or an env variable holding it that the script tests against true.
      const asserted = steps.slice(index + 1).some((step) => {
        if (typeof step.if === 'string' && step.if.includes(reference) && /'true'/.test(step.if)) return true;
        const names = Object.entries(isMap(step.env) ? step.env : {}).filter(([, value]) => String(value).includes(reference)).map(([name]) => name);
        return names.some((name) => new RegExp(`"\\$${name}" = true\\b`).test(String(step.run ?? '')));
      });
      expect(asserted).toBe(true);
    });
  });
});

describe('workflow snippets in the docs', () => {
  for (const file of docFiles) {
    it(`${file}: every yaml block parses, and workflows and steps are well-formed`, () => {
      const action = readAction();
      const problems: string[] = [];
      for (const block of yamlBlocks(readFileSync(join(root, file), 'utf8'))) {
        const where = `${file}:${block.line}`;
        const value = loadYaml(block.text, where);
        if (isMap(value) && 'jobs' in value) problems.push(...workflowProblems(value, where, action));
        else if (Array.isArray(value)) problems.push(...stepsProblems(value, where, action));
      }
      expect(problems).toEqual([]);
    });
  }
});
