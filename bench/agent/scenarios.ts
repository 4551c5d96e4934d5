// The replayed agent tasks: from a seed, 30 tasks of 10-40 turns, each turn
// expecting one tool call. The first turn asks for a plan and a test run that
// fails by design is followed by a diagnose turn (both "think"); the rest follow
// the plan ("act"). Each step also says what the fast lane answers when it cannot
// do the step: a valid call that is wrong here, which the simulated tools fail.
import type { AgentStep } from '../../src/core/agent-features.ts';
import { between, pick, unit } from './draw.ts';
import { lineOf, makeRepo, numbered, type Repo, type SourceFile } from './sources.ts';

export type ToolName = 'readFile' | 'editFile' | 'runTests';

export interface Call {
  readonly name: ToolName;
  readonly input: Readonly<Record<string, unknown>>;
}

/** What a simulated tool returns: its text, and whether the tool itself failed. */
export interface ToolAnswer {
  readonly content: string;
  readonly isError: boolean;
}

export type Purpose = 'plan' | 'read' | 'edit' | 'test' | 'diagnose' | 'fix' | 'finish';

export interface Move {
  /** What the model writes before its call. */
  readonly say: string;
  readonly call: Call;
  readonly result: ToolAnswer;
}

export interface Step extends Move {
  readonly kind: AgentStep;
  readonly purpose: Purpose;
  /** Think steps: the fast lane's answer (valid, but wrong here). */
  readonly wrong?: Move;
}

export interface AgentTask {
  readonly id: string;
  readonly title: string;
  /** The user's first message. */
  readonly prompt: string;
  readonly steps: readonly Step[];
}

export const TURNS = { min: 10, max: 40 } as const;
/** Share of intermediate test runs that fail by design (each adds a diagnose, a fix and a re-run). */
export const FAILING_RUN_SHARE = 0.4;

type Change = { kind: 'rename'; to: string } | { kind: 'addParam'; param: string; fallback: string };
const PARAMS = [['currency', "'USD'"], ['locale', "'en-US'"], ['region', "'eu-west'"], ['channel', "'web'"]] as const;

function changed(line: string, change: Change, symbol: string): string {
  if (change.kind === 'rename') return line.replaceAll(symbol, change.to);
  if (line.startsWith('export function')) return line.replace('options: Options = {}): number {', `options: Options = {}, ${change.param}: string = ${change.fallback}): number {`);
  return line.replace(/ \}\)(;|\)\.toBe)/, ` }, ${change.param})$1`);
}

function passing(filter: string | undefined, paths: readonly string[], files: number, tests: number, ms: number): string {
  return [
    ` RUN  v3.2.4${filter ? ` (filter: ${filter})` : ''}`,
    '',
    ...paths.map((p, i) => ` ✓ ${p} (${Math.max(1, Math.round(tests / files))} tests) ${Math.round(ms / files) + i * 3}ms`),
    ...(files > paths.length ? [` ✓ … ${files - paths.length} more files`] : []),
    '',
    ` Test Files  ${files} passed (${files})`,
    `      Tests  ${tests} passed (${tests})`,
    `   Duration  ${(ms / 1000).toFixed(2)}s`,
  ].join('\n');
}

function failing(test: SourceFile, line: string, got: number, want: number, files: number, tests: number): string {
  const at = lineOf(test.text, line);
  return [
    ' RUN  v3.2.4',
    '',
    ` FAIL  ${test.path} > case ${test.targets.indexOf(line) + 1}`,
    `AssertionError: expected ${got} to be ${want} // Object.is equality`,
    '',
    `- Expected   ${want}`,
    `+ Received   ${got}`,
    '',
    ` ❯ ${test.path}:${at}:${line.indexOf('expect(') + 5}`,
    '',
    ` Test Files  1 failed | ${files - 1} passed (${files})`,
    `      Tests  1 failed | ${tests - 1} passed (${tests})`,
    '',
    'Process exited with code 1',
  ].join('\n');
}

const read = (f: SourceFile): ToolAnswer => ({ content: numbered(f.text), isError: false });

/** Builds one task's steps; the repository's files change as the edits are made, so later reads see them. */
function buildTask(seed: number, index: number): AgentTask {
  const id = `task-${String(index + 1).padStart(2, '0')}`;
  const turns = between(seed, TURNS.min, TURNS.max, id, 'turns');
  const repo: Repo = makeRepo(seed, id, Math.max(2, Math.min(12, Math.round((turns - 4) / 3))));
  const { symbol, module, main } = repo;
  const change: Change = unit(seed, id, 'change') < 0.5
    ? { kind: 'rename', to: `${symbol.replace(/Total$/, '')}Amount` }
    : (([param, fallback]) => ({ kind: 'addParam' as const, param, fallback }))(pick(seed, PARAMS, id, 'param'));
  const title = change.kind === 'rename'
    ? `Rename ${symbol} to ${change.to} across src/${module} and its tests.`
    : `Add a ${change.param} parameter to ${symbol} (${main.path}) and pass it from every caller in src/${module}.`;
  const prompt = `${title}\n\nMake a plan first, then carry it out file by file with the tools (readFile, editFile, runTests). The project is TypeScript with vitest; finish with the whole test suite passing.`;
  const filter = `test/${module}`;
  const testPaths = repo.tests.map((t) => t.path);
  const suite = { files: 10 + between(seed, 0, 30, id, 'suite'), tests: 60 + between(seed, 0, 400, id, 'tests') };

  const steps: Step[] = [{
    kind: 'think', purpose: 'plan',
    say: [
      'Plan:',
      `1. Read ${main.path}, where ${symbol} is defined, and change it there.`,
      `2. Update each caller: ${repo.callers.map((c) => c.path).join(', ')}.`,
      `3. Run the ${module} tests and fix what the change broke; then run the whole suite.`,
      `Starting with ${main.path}.`,
    ].join('\n'),
    call: { name: 'readFile', input: { path: main.path } },
    result: read(main),
    wrong: {
      say: `I'll start from the module's entry point to find ${symbol}.`,
      call: { name: 'readFile', input: { path: repo.guess } },
      result: { content: `Error: ENOENT: no such file or directory, open '${repo.guess}'`, isError: true },
    },
  }];
  const pending: { file: SourceFile; line: string }[] = main.targets.map((line) => ({ file: main, line }));
  const unread = [...repo.callers];
  const failable = repo.tests.flatMap((file) => file.targets.map((line) => ({ file, line })));
  let sinceTest = 0;
  while (steps.length < turns - 1) {
    const left = turns - 1 - steps.length;
    const n = steps.length;
    if ((sinceTest >= 3 && unit(seed, id, 'test?', n) < 0.35) || (pending.length === 0 && unread.length === 0)) {
      sinceTest = 0;
      const ms = 300 + between(seed, 0, 900, id, 'ms', n);
      const fail = left >= 4 && failable.length > 0 && unit(seed, id, 'fail?', n) < FAILING_RUN_SHARE;
      if (!fail) {
        steps.push({ kind: 'act', purpose: 'test', say: `Running the ${module} tests.`, call: { name: 'runTests', input: { filter } }, result: { content: passing(filter, testPaths, 3, 12 + n, ms), isError: false } });
        continue;
      }
      const { file, line } = failable.splice(between(seed, 0, failable.length - 1, id, 'which', n), 1)[0]!;
      const want = Number(/toBe\((\d+)\)/.exec(line)![1]);
      const got = want + between(seed, 1, 99, id, 'off', n);
      const output: ToolAnswer = { content: failing(file, line, got, want, 3, 12 + n), isError: false };
      const rerun: Call = { name: 'runTests', input: { filter } };
      steps.push({ kind: 'act', purpose: 'test', say: `Running the ${module} tests.`, call: rerun, result: output });
      steps.push({
        kind: 'think', purpose: 'diagnose',
        say: `The failure is in ${file.path}: the expectation predates the change (received ${got}). Reading the test before touching it.`,
        call: { name: 'readFile', input: { path: file.path } }, result: read(file),
        wrong: { say: `Running the ${module} tests again.`, call: rerun, result: output },
      });
      const fixed = line.replace(`toBe(${want})`, `toBe(${got})`);
      file.text = file.text.replace(line, fixed);
      steps.push({ kind: 'act', purpose: 'fix', say: `Updating the expected value in ${file.path} to ${got}.`, call: { name: 'editFile', input: { path: file.path, search: line, replace: fixed } }, result: { content: `Edited ${file.path}: 1 replacement at line ${lineOf(file.text, fixed)}.`, isError: false } });
      steps.push({ kind: 'act', purpose: 'test', say: `Running the ${module} tests again.`, call: rerun, result: { content: passing(filter, testPaths, 3, 12 + n, ms + 20), isError: false } });
      continue;
    }
    sinceTest++;
    const edit = pending.shift();
    if (edit) {
      const { file, line } = edit;
      const next = changed(line, change, symbol);
      file.text = file.text.replace(line, next);
      steps.push({ kind: 'act', purpose: 'edit', say: `Updating ${symbol} in ${file.path}.`, call: { name: 'editFile', input: { path: file.path, search: line, replace: next } }, result: { content: `Edited ${file.path}: 1 replacement at line ${lineOf(file.text, next)}.`, isError: false } });
      continue;
    }
    const file = unread.shift()!;
    pending.push(...file.targets.filter((line) => changed(line, change, symbol) !== line).map((line) => ({ file, line })));
    steps.push({ kind: 'act', purpose: 'read', say: `Reading ${file.path} next.`, call: { name: 'readFile', input: { path: file.path } }, result: read(file) });
  }
  steps.push({ kind: 'act', purpose: 'finish', say: 'Running the whole suite to finish.', call: { name: 'runTests', input: {} }, result: { content: passing(undefined, testPaths, suite.files, suite.tests, 1200 + between(seed, 0, 2000, id, 'suitems')), isError: false } });
  return { id, title, prompt, steps };
}

/** The benchmark's tasks for a seed: the same seed gives the same tasks, byte for byte. */
export function generateTasks(seed: number, count = 30): AgentTask[] {
  return Array.from({ length: count }, (_, i) => buildTask(seed, i));
}
