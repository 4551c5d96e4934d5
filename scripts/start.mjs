// `npm start`: build and package the extension, then open it in a real VS Code
// (code-server's server) on 127.0.0.1 with a sample workspace. Ctrl-C stops
// everything this script started.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerEntry, fixturesDir } from '../test/harness/paths.ts';
import { isolatedEnv, startVsCodeServer } from '../test/harness/vscode-server.ts';
import { startLocalLanes } from './start-lanes.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(process.execPath, [join(root, 'scripts', 'package.mjs')]);
run('bash', [join(root, 'scripts', 'fetch-code-server.sh')]);

const runDir = join(root, '.tmp', 'start');
const workspace = join(runDir, 'workspace');
const extensionsDir = join(runDir, 'extensions');
mkdirSync(runDir, { recursive: true });
// The sample workspace is copied once, so edits made while trying it survive restarts.
if (!existsSync(workspace)) cpSync(join(fixturesDir, 'sample'), workspace, { recursive: true });
rmSync(extensionsDir, { recursive: true, force: true });
const vsix = readdirSync(root).filter((f) => /^switchyard-.*\.vsix$/.test(f)).sort().pop();
execFileSync(process.execPath, [codeServerEntry, '--install-extension', join(root, vsix), '--extensions-dir', extensionsDir, '--user-data-dir', join(runDir, 'cs-user')], {
  env: { ...process.env, ...isolatedEnv(runDir) }, stdio: 'pipe',
});

let stopping = false;
let server;
let lanes;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping...');
  await server?.stop();
  await lanes?.stop();
  console.log('stopped; nothing left running.');
  process.exit(0);
};
// Registered before the server starts, so the harness leaves signals to us.
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

lanes = await startLocalLanes();
// A VS Code for a person: no smoke-test driver (it hides notifications), no prompt
// about the repository the run folder sits in, and the Welcome page, which lists
// the Switchyard walkthrough. The chat view is on and usable signed out, so Switchyard Auto
// can be picked in it (see the README's chat section).
const chat = { 'chat.disableAIFeatures': false, 'chat.allowAnonymousAccess': true, 'chat.byokUtilityModelDefault': 'mainAgent' };
const settings = { 'git.openRepositoryInParentFolders': 'never', 'workbench.startupEditor': 'welcomePage', ...chat, ...lanes.settings };
server = await startVsCodeServer({ runDir, workspace, settings, env: lanes.env, smokeTestDriver: false });
const url = `${server.baseUrl}/?folder=${encodeURIComponent(workspace)}`;
console.log('\nSwitchyard is running in VS Code:');
console.log(`  ${url}`);
console.log(lanes.description);
console.log('Press Ctrl-C to stop.\n');

