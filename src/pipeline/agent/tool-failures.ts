// Whether a tool's output shows a failure: the tool said so (isError), or its
// text carries one of the marks below. Each returns a fixed label (with a count
// or code at most), never the tool's own text, since the label goes into the
// ledger and the router's reason. Counts of zero ("0 failed", "exit code 0") are
// not failures.

interface FailureMark {
  readonly re: RegExp;
  readonly label: (m: RegExpExecArray) => string;
}

const plural = (n: string, one: string, many: string) => `${n} ${n === '1' ? one : many}`;

/** First match wins, so the more specific marks (test counts, exit codes) come first. */
export const FAILURE_MARKS: readonly FailureMark[] = [
  // Shells, task runners, VS Code's terminal: "exited with code 1", "exit code: 2", "exit status 127".
  { re: /\bexit(?:ed)?(?: with)?(?: code| status)\s*[:=]?\s*([1-9]\d*)\b/i, label: (m) => `exit code ${m[1]}` },
  { re: /\bProcess finished with exit code ([1-9]\d*)/, label: (m) => `exit code ${m[1]}` },
  // Test runners: jest "Tests: 2 failed", vitest "Tests  1 failed | 3 passed", node --test "# fail 1" /
  // "ℹ fail 1", mocha "3 failing", pytest "==== 2 failed, 5 passed in 0.12s ====".
  { re: /^\s*Tests?:?\s+(?:.*?[,|]\s*)?([1-9]\d*) failed\b/m, label: (m) => plural(m[1]!, 'test failed', 'tests failed') },
  { re: /^\s*(?:#|ℹ) fail ([1-9]\d*)\b/m, label: (m) => plural(m[1]!, 'test failed', 'tests failed') },
  { re: /^\s*([1-9]\d*) failing\b/m, label: (m) => plural(m[1]!, 'test failed', 'tests failed') },
  { re: /^=+ .*?\b([1-9]\d*) (?:failed|errors?)\b.*=+\s*$/m, label: (m) => plural(m[1]!, 'test failed', 'tests failed') },
  { re: /^FAILED \S+/m, label: () => 'a test failed' },
  { re: /^\s*FAIL\s+\S+/m, label: () => 'a test suite failed' },
  { re: /^\s*(?:npm ERR!|npm error)\s/m, label: () => 'npm reported an error' },
  // Compilers: tsc "error TS2322:" / "Found 3 errors", gcc/clang/go "a.c:3:5: error:", rustc "error[E0308]:".
  { re: /\berror (TS\d+):/, label: (m) => `tsc ${m[1]}` },
  { re: /^Found ([1-9]\d*) errors?\b/m, label: (m) => plural(m[1]!, 'type error', 'type errors') },
  { re: /^\S+:\d+(?::\d+)?:\s*(?:fatal )?error\b/m, label: () => 'a compiler error' },
  { re: /^error(?:\[\w+\])?: /m, label: () => 'an error' },
  // Runtimes: Python tracebacks, uncaught JS/Java errors at the start of a line.
  { re: /^Traceback \(most recent call last\):/m, label: () => 'a Python traceback' },
  // Unindented only: source code a tool read may hold "  Error: ..." in an object literal.
  { re: /^(?:Uncaught )?((?:[A-Z]\w*)?(?:Error|Exception))(?::\s|$)/m, label: (m) => `an uncaught ${m[1]}` },
  // Shells.
  { re: /: command not found\b|^\S+: not found$/m, label: () => 'command not found' },
  { re: /\b(?:No such file or directory|Permission denied|Segmentation fault)\b/, label: (m) => m[0].toLowerCase() },
];

/** What failed, in a few fixed words, or undefined when the output shows no failure. */
export function failureIn(content: string, isError?: boolean): string | undefined {
  for (const mark of FAILURE_MARKS) {
    const m = mark.re.exec(content);
    if (m) return mark.label(m);
  }
  return isError ? 'the tool reported an error' : undefined;
}
