// The set-up that `npm start` and `npm test` run before anything is installed.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
// @ts-expect-error: plain JavaScript on purpose (it must run on the machine's Node 20, before node_modules exists)
import { debianPlan, missingPackages, nodeModulesStale } from '../../../scripts/bootstrap.mjs';

const root = join(import.meta.dirname, '..', '..', '..');
const lock = (packages: Record<string, unknown>) => JSON.stringify({ lockfileVersion: 3, packages });

describe('bootstrap: is node_modules up to date?', () => {
  const want = lock({ '': { name: 'switchyard' }, 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0', dev: true }, 'node_modules/@esbuild/darwin-arm64': { version: '0.28.2', optional: true } });
  const installed = lock({ 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0', dev: true } });

  it('installs when node_modules is missing', () => {
    assert.equal(nodeModulesStale(want, undefined, 2, 0), 'node_modules is missing');
  });

  it('trusts an install newer than the lockfile', () => {
    assert.equal(nodeModulesStale(want, installed, 1, 2), null);
  });

  it('compares contents when the lockfile is newer, as after a checkout, so an unchanged lockfile reinstalls nothing', () => {
    assert.equal(nodeModulesStale(want, installed, 2, 1), null);
  });

  it('reinstalls when the lockfile names another version or a package that is not there', () => {
    const bumped = lock({ 'node_modules/a': { version: '1.1.0' }, 'node_modules/b': { version: '2.0.0' } });
    assert.match(nodeModulesStale(bumped, installed, 2, 1), /node_modules\/a is 1\.0\.0, but package-lock\.json wants 1\.1\.0/);
    const added = lock({ 'node_modules/a': { version: '1.0.0' }, 'node_modules/c': { version: '3.0.0' } });
    assert.match(nodeModulesStale(added, installed, 2, 1), /node_modules\/c is not installed/);
  });

  it('agrees that this checkout\'s node_modules matches its lockfile', () => {
    const text = (p: string) => readFileSync(join(root, p), 'utf8');
    assert.equal(nodeModulesStale(text('package-lock.json'), text('node_modules/.package-lock.json'), 2, 1), null);
  });
});

describe('bootstrap: Debian packages', () => {
  it('needs chromium only for the tests, and not when CHROMIUM_PATH or a chromium is there', () => {
    const none = () => false;
    assert.deepEqual(missingPackages('start', {}, none), []);
    assert.deepEqual(missingPackages('test', {}, none), ['chromium']);
    assert.deepEqual(missingPackages('test', { CHROMIUM_PATH: '/opt/c' }, (p: string) => p === '/opt/c'), []);
    assert.deepEqual(missingPackages('test', {}, (p: string) => p === '/usr/bin/chromium'), []);
  });

  it('installs as root, through password-less sudo, or else names the one command to run', () => {
    assert.deepEqual(debianPlan([], { isRoot: false, sudoWithoutPassword: false, hasApt: true }), { commands: [] });
    assert.deepEqual(debianPlan(['chromium'], { isRoot: true, sudoWithoutPassword: false, hasApt: true }).commands,
      [['apt-get', 'update'], ['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']]);
    assert.deepEqual(debianPlan(['chromium'], { isRoot: false, sudoWithoutPassword: true, hasApt: true }).commands[1],
      ['sudo', '-n', 'apt-get', 'install', '-y', '--no-install-recommends', 'chromium']);
    const { message } = debianPlan(['chromium'], { isRoot: false, sudoWithoutPassword: false, hasApt: true });
    assert.equal(message, 'needs Debian packages: run `sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium`, then run this again');
    assert.ok(!message.includes('\n'));
    assert.match(debianPlan(['chromium'], { isRoot: true, sudoWithoutPassword: false, hasApt: false }).message, /CHROMIUM_PATH/);
  });
});

describe('bootstrap: runs before Node 24 and node_modules exist', () => {
  it('imports only Node built-ins', () => {
    const src = readFileSync(join(root, 'scripts', 'bootstrap.mjs'), 'utf8');
    const specifiers = [...src.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]!);
    assert.ok(specifiers.length > 0);
    for (const s of specifiers) assert.match(s, /^node:/, `bootstrap.mjs imports ${s}`);
  });

  it('starts on the machine\'s own Node and answers a bad job with one usage line', (t) => {
    const system = spawnSync('/usr/bin/node', ['--version'], { encoding: 'utf8' });
    if (system.status !== 0) return t.skip('no /usr/bin/node here');
    const r = spawnSync('/usr/bin/node', [join(root, 'scripts', 'bootstrap.mjs'), 'nonsense'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim(), '[setup] usage: node scripts/bootstrap.mjs start|test', `on ${system.stdout.trim()}`);
  });
});
