// Property: for random multi-file plans, the one final-text function, the
// CLI's writes and the editor changes derived from original -> final all give
// the same files, and those are the files the plan's own model expects.
// Failing cases found are kept in plan-corpus.json and replayed first.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyFileChanges, fileChanges } from '../../../../src/pipeline/refactor/file-changes.ts';
import { planFinalTexts } from '../../../../src/pipeline/refactor/final-text.ts';
import { writeOutcomes } from '../../../../src/pipeline/refactor/write-plan.ts';
import { tempDir } from '../../syntax/helpers.ts';
import { planCase, type PlanCase } from './plan-gen.ts';

const CORPUS = join(dirname(new URL(import.meta.url).pathname), 'plan-corpus.json');
const RUNS = Number(process.env.SWITCHYARD_PLAN_RUNS ?? 2000);

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const abs = join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else out[relative(dir, abs).split(sep).join('/')] = readFileSync(abs, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const sorted = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));

/** Checks one case; returns normally when every face agrees. */
function checkCase(c: PlanCase, scratch: string): void {
  const res = planFinalTexts(c.operations, (rel) => c.files[rel]);
  assert.deepEqual(res.problems, [], 'the generated plan is valid');
  // 1. The shared function's final texts, laid over the originals.
  const shared = new Map(Object.entries(c.files));
  for (const f of res.files) {
    if (f.after === undefined) shared.delete(f.path);
    else shared.set(f.path, f.after);
  }
  assert.deepEqual(sorted(Object.fromEntries(shared)), sorted(c.expected), 'final texts = the plan model');
  // 2. The editor's changes (ordered file operations + non-overlapping line edits), applied in memory.
  const editor = new Map(Object.entries(c.files));
  applyFileChanges(editor, fileChanges(res.files));
  assert.deepEqual(sorted(Object.fromEntries(editor)), sorted(c.expected), 'editor changes = final texts');
  // 3. The CLI's writes on a real disk.
  rmSync(scratch, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(scratch, rel)), { recursive: true });
    writeFileSync(join(scratch, rel), text);
  }
  writeOutcomes(scratch, res.files);
  assert.deepEqual(sorted(readTree(scratch)), sorted(c.expected), 'CLI writes = final texts');
}

function corpus(): PlanCase[] {
  try {
    return JSON.parse(readFileSync(CORPUS, 'utf8')) as PlanCase[];
  } catch {
    return [];
  }
}

describe('plan application: one final text, three faces (property)', () => {
  it('replays every case in the seed corpus', () => {
    const { dir, cleanup } = tempDir('switchyard-plan-corpus-');
    try {
      const cases = corpus();
      assert.ok(cases.length > 0, 'the corpus is not empty');
      for (const c of cases) checkCase(c, join(dir, 'ws'));
    } finally { cleanup(); }
  });

  it(`agrees on ${RUNS} random plans (hunks, adjacent hunks, creates, rename then modify, deletes, CRLF)`, () => {
    const { dir, cleanup } = tempDir('switchyard-plan-prop-');
    let renamedThenModified = 0;
    let crlf = 0;
    try {
      const result = fc.check(fc.property(planCase(), (c) => {
        const ops = c.operations;
        if (ops.some((o, i) => o.kind === 'rename' && ops.slice(i + 1).some((m) => m.kind === 'modify' && m.path === o.newPath))) renamedThenModified++;
        if (Object.values(c.files).some((t) => t.includes('\r\n'))) crlf++;
        checkCase(c, join(dir, 'ws'));
      }), { numRuns: RUNS });
      if (result.failed && result.counterexample) {
        // Keep the failing case so every later run replays it.
        const cases = corpus();
        cases.push(result.counterexample[0]);
        writeFileSync(CORPUS, `${JSON.stringify(cases, null, 1)}\n`);
      }
      assert.equal(result.failed, false, fc.defaultReportMessage(result) ?? 'property failed');
      assert.ok(renamedThenModified > RUNS / 20, `rename-then-modify plans generated: ${renamedThenModified}`);
      assert.ok(crlf > RUNS / 5, `plans with CRLF files: ${crlf}`);
    } finally { cleanup(); }
  });

  it('a moved script keeps its executable bit, and an edited one too', () => {
    const { dir, cleanup } = tempDir('switchyard-plan-mode-');
    try {
      writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\necho hi\n');
      writeFileSync(join(dir, 'tool.sh'), '#!/bin/sh\necho a\n');
      chmodSync(join(dir, 'run.sh'), 0o755);
      chmodSync(join(dir, 'tool.sh'), 0o750);
      const files = { 'run.sh': readFileSync(join(dir, 'run.sh'), 'utf8'), 'tool.sh': readFileSync(join(dir, 'tool.sh'), 'utf8') };
      const res = planFinalTexts([
        { kind: 'rename', path: 'run.sh', newPath: 'bin/run.sh' },
        { kind: 'modify', path: 'bin/run.sh', hunks: [{ search: 'echo hi', replace: 'echo bye' }] },
        { kind: 'modify', path: 'tool.sh', hunks: [{ search: 'echo a', replace: 'echo b' }] },
      ], (rel) => files[rel as keyof typeof files]);
      writeOutcomes(dir, res.files);
      assert.equal(statSync(join(dir, 'bin/run.sh')).mode & 0o777, 0o755);
      assert.equal(statSync(join(dir, 'tool.sh')).mode & 0o777, 0o750);
      assert.equal(readFileSync(join(dir, 'bin/run.sh'), 'utf8'), '#!/bin/sh\necho bye\n');
    } finally { cleanup(); }
  });
});
