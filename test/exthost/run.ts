// Runs the extension-host mocha suite in the real VS Code (code-server's bundled
// server) against the built extension in this repo. Exit code 0 means all passed.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../emulator/server.ts';
import { runExtensionHostTests } from '../harness/run-exthost.ts';
import { fixturesDir, makeRunDir, repoRoot } from '../harness/paths.ts';

const runDir = makeRunDir('exthost');
const workspace = join(runDir, 'workspace');
cpSync(join(fixturesDir, 'sample'), workspace, { recursive: true });
const started = Date.now();
// The lanes talk to the wire-protocol emulator; suites script it over its control API.
const emulator = await startEmulator({ instant: true });
let result;
try {
  result = await runExtensionHostTests({
    runDir,
    extensionPath: repoRoot,
    testsEntry: join(repoRoot, 'dist-test', 'exthost', 'index.js'),
    // The plan property test applies and undoes 100 plans (about 1 s each, far more on a loaded machine).
    timeoutMs: 240_000 + Number(process.env.SWITCHYARD_PLAN_RUNS_EXTHOST ?? 100) * 15_000,
    workspace,
    env: {
      SWITCHYARD_EMULATOR_URL: emulator.url,
      SWITCHYARD_FAST_BASE_URL: emulator.url,
      SWITCHYARD_DEEP_BASE_URL: emulator.openaiBaseUrl,
      SWITCHYARD_SIMULATED: '1',
      // Narrow a run while iterating (mocha grep), and the property test's size.
      ...Object.fromEntries(['SWITCHYARD_EXTHOST_GREP', 'SWITCHYARD_PLAN_RUNS_EXTHOST', 'SWITCHYARD_PLAN_TIMING'].flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : []))),
    },
  });
} finally {
  await emulator.close();
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`exthost: ${result.passes} passed, ${result.failures} failed (VS Code ${result.vscodeVersion ?? 'unknown'}, ${seconds} s)`);
process.exitCode = result.exitCode === 0 && result.failures === 0 && result.passes > 0 ? 0 : 1;
