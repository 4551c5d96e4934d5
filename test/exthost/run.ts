// Runs the extension-host mocha suite in the real VS Code (code-server's bundled
// server) against the built extension in this repo, three times: with workspace
// trust off (the main suites), with trust on and not granted (the untrusted suite),
// with the syntax layer made to fail at start (the degraded suite), and in a
// two-folder .code-workspace (the multi-root suite).
// SWITCHYARD_EXTHOST_RUNS=main,degraded picks runs while iterating. Exit code 0 means all passed.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../emulator/server.ts';
import { runExtensionHostTests, type ExtHostResult } from '../harness/run-exthost.ts';
import { fixturesDir, makeRunDir, repoRoot } from '../harness/paths.ts';

const started = Date.now();
// The lanes talk to the wire-protocol emulator; suites script it over its control API.
// These suites script every reply they check; the rest get the generic replies, not the simulated model's answers.
const emulator = await startEmulator({ instant: true, simulatedModel: false });
const runs: { name: string; result: ExtHostResult }[] = [];
const RUNS: { name: string; untrusted?: boolean; multiRoot?: boolean; env?: Record<string, string> }[] = [
  { name: 'main' },
  { name: 'untrusted', untrusted: true, env: { SWITCHYARD_EXTHOST_SUITE: 'untrusted' } },
  { name: 'degraded', env: { SWITCHYARD_EXTHOST_SUITE: 'degraded', SWITCHYARD_TEST_FAIL_FEATURE: 'syntax (tree-sitter)' } },
  { name: 'multiroot', multiRoot: true, env: { SWITCHYARD_EXTHOST_SUITE: 'multiroot' } },
];
const picked = process.env.SWITCHYARD_EXTHOST_RUNS?.split(',').map((n) => n.trim());
try {
  for (const { name, untrusted = false, multiRoot = false, env: runEnv } of RUNS.filter((r) => !picked || picked.includes(r.name))) {
    const runDir = makeRunDir(name === 'main' ? 'exthost' : `exthost-${name}`);
    const workspace = join(runDir, 'workspace');
    cpSync(join(fixturesDir, 'sample'), multiRoot ? join(workspace, 'shop') : workspace, { recursive: true });
    // Two folders side by side, opened through a .code-workspace file (paths relative to it).
    const workspaceFile = multiRoot ? join(workspace, 'two-folders.code-workspace') : undefined;
    if (workspaceFile) {
      cpSync(join(fixturesDir, 'sample-second'), join(workspace, 'catalog'), { recursive: true });
      writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: 'shop' }, { path: 'catalog' }], settings: {} }, null, 2));
    }
    emulator.reset();
    runs.push({ name, result: await runExtensionHostTests({
      runDir,
      extensionPath: repoRoot,
      testsEntry: join(repoRoot, 'dist-test', 'exthost', 'index.js'),
      workspace,
      workspaceFile,
      untrusted,
      // The plan property test applies and undoes 100 plans (about 1 s each, far more on a loaded machine).
      timeoutMs: name !== 'main' ? 480_000 : 240_000 + Number(process.env.SWITCHYARD_PLAN_RUNS_EXTHOST ?? 100) * 15_000,
      // The emulator answers at once: a lane timeout here only means the 2-core box was starved (seen under load).
      // Suites assert each task's lane, so learning is off (the routing suite turns it on for itself): otherwise what
      // one test's rejections taught the router would move a later test's task, and exploration draws by random task id.
      settings: {
        'switchyard.fastLane.firstTokenTimeoutMs': 20_000, 'switchyard.fastLane.totalTimeoutMs': 60_000,
        'switchyard.routing.learning': false, 'switchyard.routing.exploration': 0,
      },
      env: {
        SWITCHYARD_EMULATOR_URL: emulator.url,
        SWITCHYARD_FAST_BASE_URL: emulator.url,
        SWITCHYARD_DEEP_BASE_URL: emulator.openaiBaseUrl,
        SWITCHYARD_SIMULATED: '1',
        ...runEnv,
        // Narrow a run while iterating (mocha grep), and the property test's size.
        ...Object.fromEntries(['SWITCHYARD_EXTHOST_GREP', 'SWITCHYARD_PLAN_RUNS_EXTHOST', 'SWITCHYARD_PLAN_TIMING'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : []))),
      },
    }) });
  }
} finally {
  await emulator.close();
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const passes = runs.reduce((n, r) => n + r.result.passes, 0);
const failures = runs.reduce((n, r) => n + r.result.failures, 0);
for (const r of runs) console.log(`exthost ${r.name}: ${r.result.passes} passing, ${r.result.failures} failing (exit ${r.result.exitCode})`);
console.log(`exthost: ${passes} passed, ${failures} failed (VS Code ${runs[0]?.result.vscodeVersion ?? 'unknown'}, ${seconds} s)`);
process.exitCode = runs.every((r) => r.result.exitCode === 0 && r.result.failures === 0 && r.result.passes > 0) ? 0 : 1;
