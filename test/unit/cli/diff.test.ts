// The dry-run diffs (refactor, transform): standard unified diffs that `git apply`
// takes as they are, for modified, created and deleted files.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { applyPatch } from 'diff';
import fc from 'fast-check';
import { unifiedDiff } from '../../../src/cli/diff.ts';
import { tempDir } from '../syntax/helpers.ts';

const before = ['import { a } from "./a";', '', 'export function oldName(x: number) {', '  return a(x);', '}', '', 'const k = 1;', 'const j = 2;', 'const i = 3;', 'const h = 4;', 'oldName(k);', ''].join('\n');
const after = before.replace('export function oldName', 'export function newName').replace('oldName(k)', 'newName(k)');

describe('unified diffs for the user', () => {
  it('a modified file: git-style names, context 3, one hunk per separate change', () => {
    assert.equal(unifiedDiff('src/a.ts', before, after), [
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,6 +1,6 @@',
      ' import { a } from "./a";',
      ' ',
      '-export function oldName(x: number) {',
      '+export function newName(x: number) {',
      '   return a(x);',
      ' }',
      ' ',
      '@@ -8,4 +8,4 @@',
      ' const j = 2;',
      ' const i = 3;',
      ' const h = 4;',
      '-oldName(k);',
      '+newName(k);',
      '',
    ].join('\n'));
  });

  it('created and deleted files diff against /dev/null; no change gives no diff', () => {
    assert.equal(unifiedDiff('n.ts', undefined, 'x\ny\n'), '--- /dev/null\n+++ b/n.ts\n@@ -0,0 +1,2 @@\n+x\n+y\n');
    assert.equal(unifiedDiff('n.ts', 'x\n', undefined), '--- a/n.ts\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-x\n');
    assert.equal(unifiedDiff('n.ts', 'same', 'same'), '');
  });

  it('marks a last line without a newline, as patch tools expect', () => {
    assert.equal(unifiedDiff('t.ts', 'a\nb', 'a\nc'), '--- a/t.ts\n+++ b/t.ts\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
  });

  it('git apply takes the printed diffs as they are (modify, create, delete)', { skip: !hasGit() }, () => {
    const { dir, cleanup } = tempDir('switchyard-diff-');
    try {
      const files: [string, string | undefined, string | undefined][] = [
        ['src/a.ts', before, after],
        ['src/new.ts', undefined, 'export const n = 1;\n'],
        ['old/gone.ts', 'export const g = 0;\n', undefined],
        ['crlf.ts', 'a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n'],
      ];
      for (const [path, text] of files) {
        if (text === undefined) continue;
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      const patch = files.map(([path, b, a]) => unifiedDiff(path, b, a)).join('');
      execFileSync('git', ['apply', '--whitespace=nowarn', '-'], { cwd: dir, input: patch });
      for (const [path, , text] of files) {
        if (text === undefined) assert.equal(existsSync(join(dir, path)), false, path);
        else assert.equal(readFileSync(join(dir, path), 'utf8'), text, path);
      }
    } finally {
      cleanup();
    }
  });

  it('property: the diff applied to the old text gives the new text', () => {
    const line = fc.constantFrom('a', 'b', 'c', '', '  d', 'e;');
    const text = fc.array(line, { maxLength: 30 }).chain((ls) => fc.boolean().map((eol) => ls.join('\n') + (eol && ls.length ? '\n' : '')));
    fc.assert(fc.property(text, text, fc.nat(5), (a, b, context) => {
      const patch = unifiedDiff('p.txt', a, b, context);
      if (a === b) return patch === '';
      return applyPatch(a, patch) === b;
    }), { seed: 19, numRuns: 300 });
  });
});

function hasGit(): boolean {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
