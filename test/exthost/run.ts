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
// These suites script every reply they check; the rest get the generic replies, not the simulated model's answers.
const emulator = await startEmulator({ instant: true, simulatedModel: false });
let result;
try {
  result = await runExtensionHostTests({
    runDir,
    extensionPath: repoRoot,
    testsEntry: join(repoRoot, 'dist-test', 'exthost', 'index.js'),
    workspace,
    env: {
      SWITCHYARD_EMULATOR_URL: emulator.url,
      SWITCHYARD_FAST_BASE_URL: emulator.url,
      SWITCHYARD_DEEP_BASE_URL: emulator.openaiBaseUrl,
      SWITCHYARD_SIMULATED: '1',
    },
  });
} finally {
  await emulator.close();
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`exthost: ${result.passes} passed, ${result.failures} failed (VS Code ${result.vscodeVersion ?? 'unknown'}, ${seconds} s)`);
process.exitCode = result.exitCode === 0 && result.failures === 0 && result.passes > 0 ? 0 : 1;
