// `npm test`: every stage in order (build, type-check, lint, unit, package,
// extension-host tests in a real VS Code, UI tests in chromium), each timed,
// ending with one total line. Exit code 1 if anything failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const tmp = join(root, '.tmp', 'tmp');
mkdirSync(tmp, { recursive: true });
// Keep every child's temporary files inside the repo's gitignored .tmp.
const env = { ...process.env, TMPDIR: tmp, PATH: `${dirname(node)}:${process.env.PATH}` };
delete env.GOOGLE_GENAI_USE_VERTEXAI;

/** Each stage: a command, and how to count tests from its output (default: one check). */
const nodeTestCounts = (out) => ({ passed: num(out, /ℹ pass (\d+)/), failed: num(out, /ℹ fail (\d+)/) + num(out, /ℹ cancelled (\d+)/) });
const stages = [
  { name: 'build', cmd: [node, 'scripts/build.mjs'] },
  { name: 'type-check', cmd: [node, bin('tsc'), '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'type-check webview', cmd: [node, bin('tsc'), '--noEmit', '-p', 'src/webview/tsconfig.json'] },
  { name: 'type-check ui tests', cmd: [node, bin('tsc'), '--noEmit', '-p', 'test/ui/tsconfig.json'] },
  { name: 'lint', cmd: [node, bin('eslint'), '--max-warnings=0', '.'] },
  // The network tripwire fails any unit, CLI or pipeline test that reaches past 127.0.0.1.
  { name: 'unit', cmd: [node, '--import', './test/net-tripwire.ts', '--test', '--test-reporter=spec', 'test/unit/**/*.test.ts'], counts: nodeTestCounts },
  { name: 'code-server', cmd: ['bash', 'scripts/fetch-code-server.sh'] },
  { name: 'package', cmd: [node, 'scripts/package.mjs'] },
  { name: 'exthost', cmd: null, counts: (out) => ({ passed: num(out, /exthost: (\d+) passed/), failed: num(out, /exthost: \d+ passed, (\d+) failed/) }) },
  { name: 'ui', cmd: [node, '--test', '--test-reporter=spec', '--test-concurrency=1', 'test/ui/*.test.ts'], counts: nodeTestCounts },
];

function num(text, re) {
  const all = [...text.matchAll(new RegExp(re, 'g'))];
  return all.reduce((sum, m) => sum + Number(m[1]), 0);
}

/** The names of failed tests (node's spec reporter marks them ✖; mocha in the extension host numbers them). */
function failureLines(out) {
  const lines = out.split('\n').filter((l) => /^\s*✖ |\[host:info\]\s+\d+\) \S/.test(l));
  return [...new Set(lines.map((l) => l.replace(/\[host:info\]/, '').trim()))];
}

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (stream) => (chunk) => { out += chunk; stream.write(chunk); };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const results = [];
for (const stage of stages) {
  console.log(`\n=== ${stage.name} ===`);
  const started = performance.now();
  let code;
  let out;
  // The production package step wipes dist; the exthost stage rebuilds the dev bundles first.
  if (stage.name === 'exthost') {
    const build = await run([node, 'scripts/build.mjs']);
    const tests = build.code === 0 ? await run([node, 'test/exthost/run.ts']) : build;
    code = tests.code; out = build.out + tests.out;
  } else {
    ({ code, out } = await run(stage.cmd));
  }
  const seconds = (performance.now() - started) / 1000;
  let counts = stage.counts ? stage.counts(out) : { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
  if (code !== 0 && counts.failed === 0) counts = { ...counts, failed: 1 };
  if (code === 0 && stage.counts && counts.passed === 0) counts = { ...counts, failed: counts.failed + 1 };
  results.push({ name: stage.name, code, seconds, ...counts, failedTests: failureLines(out) });
}

if (!existsSync(join(root, '.artifacts'))) mkdirSync(join(root, '.artifacts'));
console.log('\n=== summary ===');
for (const r of results) {
  console.log(`${r.code === 0 ? 'PASS' : 'FAIL'}  ${r.name.padEnd(20)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1).padStart(7)} s`);
}
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
// CI shows only the tail of this output: the failed tests' names go last.
const failedTests = results.flatMap((r) => r.failedTests.map((t) => `  ${r.name}: ${t.slice(0, 160)}`));
if (failedTests.length) console.log(`failed tests:\n${failedTests.slice(0, 12).join('\n')}`);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || results.some((r) => r.code !== 0) ? 1 : 0;
