// The failure marks on realistic tool outputs: failing runs are caught with a fixed
// label, passing runs (including "0 failed" and "exit code 0") are not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureIn } from '../../../../src/pipeline/agent/tool-failures.ts';

const FAILING: readonly [string, string, string][] = [
  ['npm test (node --test, spec)', `> app@1.0.0 test
> node --test

✔ adds (0.5ms)
✖ subtracts (1.2ms)
  AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:
ℹ tests 2
ℹ pass 1
ℹ fail 1
ℹ duration_ms 52.1`, '1 test failed'],
  ['node --test (tap)', 'TAP version 13\nnot ok 1 - parses\n1..1\n# tests 1\n# pass 0\n# fail 1\n', '1 test failed'],
  ['jest', ` FAIL  src/sum.test.js
  ● sum › adds

Tests:       2 failed, 5 passed, 7 total
Snapshots:   0 total`, '2 tests failed'],
  ['vitest', ' Test Files  1 failed (1)\n      Tests  1 failed | 3 passed (4)\n', '1 test failed'],
  ['mocha', '  3 passing (20ms)\n  2 failing\n\n  1) Array #indexOf():\n', '2 tests failed'],
  ['pytest', `============================= test session starts ==============================
collected 3 items

tests/test_math.py .F.                                                   [100%]

=================================== FAILURES ===================================
E       assert 3 == 4
=========================== short test summary info ============================
FAILED tests/test_math.py::test_add - assert 3 == 4
========================= 1 failed, 2 passed in 0.05s ==========================`, '1 test failed'],
  ['pytest collection error', '==================== 1 error in 0.12s ====================', '1 test failed'],
  ['tsc', "src/app.ts(12,7): error TS2322: Type 'string' is not assignable to type 'number'.\n", 'tsc TS2322'],
  ['tsc --pretty summary', 'Found 3 errors in 2 files.\n\nErrors  Files\n', '3 type errors'],
  ['gcc', 'main.c:4:5: error: expected \';\' before \'}\' token\n', 'a compiler error'],
  ['rustc', 'error[E0308]: mismatched types\n --> src/main.rs:2:18\n', 'an error'],
  ['npm ERR!', 'npm ERR! code ELIFECYCLE\nnpm ERR! errno 1\n', 'npm reported an error'],
  ['npm 10 error', 'npm error Missing script: "tset"\n', 'npm reported an error'],
  ['shell exit', 'Command failed.\nProcess exited with code 2', 'exit code 2'],
  ['VS Code terminal', 'The command "make" exited with status 127.', 'exit code 127'],
  ['exit code colon', 'exit code: 1', 'exit code 1'],
  ['python', 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\nZeroDivisionError: division by zero\n', 'a Python traceback'],
  ['node crash', 'node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError: Cannot find module \'./x\'\n', 'an uncaught Error'],
  ['TypeError', "TypeError: Cannot read properties of undefined (reading 'x')\n    at f (a.js:1:1)", 'an uncaught TypeError'],
  ['bash', 'bash: pnpm: command not found\n', 'command not found'],
  ['missing file', "cat: src/missing.ts: No such file or directory\n", 'no such file or directory'],
];

const PASSING: readonly [string, string][] = [
  ['npm test passing', '> app@1.0.0 test\n> node --test\n\n✔ adds (0.5ms)\nℹ tests 1\nℹ pass 1\nℹ fail 0\n'],
  ['tap passing', '# tests 4\n# pass 4\n# fail 0\n'],
  ['jest passing', 'PASS  src/sum.test.js\nTests:       0 failed, 7 passed, 7 total\n'],
  ['pytest passing', '============================== 3 passed in 0.02s ==============================='],
  ['exit 0', 'Process exited with code 0'],
  ['tsc clean', 'Found 0 errors. Watching for file changes.'],
  ['source code a tool read', "export function parse(s: string) {\n  if (!s) throw new Error('empty');\n  const errors = { Error: 1 };\n  return { TypeError: 'x' };\n}\n"],
  ['a test name about errors', '✔ reports 2 errors for bad input (1ms)\nℹ fail 0'],
  ['listing', 'src/\n  error-handling.ts\n  failing-cases.md\n'],
];

describe('tool failure marks', () => {
  for (const [name, text, label] of FAILING) {
    it(`catches ${name}`, () => assert.equal(failureIn(text), label));
  }
  for (const [name, text] of PASSING) {
    it(`passes ${name}`, () => assert.equal(failureIn(text), undefined));
  }
  it('a result the tool marked as an error is a failure even without a mark', () => {
    assert.equal(failureIn('the file is locked', true), 'the tool reported an error');
    assert.equal(failureIn('exit code 3', true), 'exit code 3', 'a mark says more');
  });
});
