// The same extension-host suite in desktop VS Code, through @vscode/test-electron.
// It downloads VS Code, so it needs network: it is documented but not part of CI.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workspace = join(mkdtempSync(join(tmpdir(), 'switchyard-electron-')), 'workspace');
cpSync(join(root, 'test', 'fixtures', 'sample'), workspace, { recursive: true });
await runTests({
  version: '1.139.1',
  extensionDevelopmentPath: root,
  extensionTestsPath: join(root, 'dist-test', 'exthost', 'index.js'),
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
});
