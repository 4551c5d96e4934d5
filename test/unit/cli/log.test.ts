// The CLI's log: quiet on stderr unless asked (--verbose, SWITCHYARD_LOG), and then
// one line per model request, from a real refactor against the emulator.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { cliLogLevel, createCliLogger } from '../../../src/cli/logger.ts';
import { runCli } from '../../../src/cli/run.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';
import { PLANTED, plantSecrets } from '../helpers/planted.ts';
import { GRAMMARS, REPO, tempDir } from '../syntax/helpers.ts';

const KEY = 'sk-deep-lane-own-key-for-the-log-test';

describe('CLI log level', () => {
  it('is warn by default, debug with --verbose or SWITCHYARD_LOG=debug; a misspelt level is refused', () => {
    assert.equal(cliLogLevel({}, false), 'warn');
    assert.equal(cliLogLevel({ SWITCHYARD_LOG: '' }, false), 'warn');
    assert.equal(cliLogLevel({ SWITCHYARD_LOG: 'debug' }, false), 'debug');
    assert.equal(cliLogLevel({ SWITCHYARD_LOG: 'off' }, true), 'debug', '--verbose wins');
    assert.equal(cliLogLevel({ SWITCHYARD_LOG: 'Trace' }, false), 'trace');
    assert.throws(() => cliLogLevel({ SWITCHYARD_LOG: 'loud' }, false), /SWITCHYARD_LOG must be one of trace, debug, info, warn, error or off, not "loud"/);
  });

  it('writes time, level and line at or above its threshold, nothing when off', () => {
    const out: string[] = [];
    const at = () => new Date('2026-11-26T07:00:00.000Z');
    const log = createCliLogger((t) => out.push(t), 'info', at).child('pipeline');
    log.debug('hidden');
    log.info('shown');
    log.error('failed', new Error('boom'));
    assert.equal(out[0], '2026-11-26T07:00:00.000Z info [pipeline] shown\n');
    assert.match(out[1]!, /^2026-11-26T07:00:00\.000Z error \[pipeline\] failed: Error: boom\n\s+at /);
    assert.equal(out.length, 2);
    const off = createCliLogger((t) => out.push(t), 'off', at);
    off.error('never');
    assert.equal(out.length, 2);
  });
});

describe('CLI refactor with a log', () => {
  let emu: Emulator;
  let dir: string;
  let cleanup: () => void;
  beforeEach(async () => {
    emu = await startEmulator({ instant: true });
    ({ dir, cleanup } = tempDir('switchyard-cli-log-'));
    plantSecrets(join(dir, 'proj'));
  });
  afterEach(async () => { await emu.close(); cleanup(); });

  async function refactor(extra: string[], env: Record<string, string> = {}) {
    emu.script({ match: { protocol: 'responses' }, json: { summary: 'Rename total to sum', operations: [
      { kind: 'modify', path: 'src/money.ts', hunks: [{ search: 'export function total(', replace: 'export function sum(' }] },
    ] } });
    let out = '';
    let err = '';
    const code = await runCli(['refactor', 'Rename total to sum', '--dir', 'proj', '--yes', ...extra], {
      out: (t) => { out += t; }, err: (t) => { err += t; }, cwd: dir,
      env: { SWITCHYARD_DEEP_BASE_URL: emu.openaiBaseUrl, SWITCHYARD_DEEP_API_KEY: KEY, SWITCHYARD_LEDGER_DIR: join(dir, 'ledger'), SWITCHYARD_SIMULATED: '1', SWITCHYARD_GRAMMARS: GRAMMARS, ...env },
    }, join(REPO, 'src/cli'));
    return { code, out, err };
  }

  it('--verbose: one debug line per request with its figures, and no code, secrets or key', async () => {
    const r = await refactor(['--verbose']);
    assert.equal(r.code, 0, r.err);
    const lines = r.err.split('\n').filter((l) => / debug \[pipeline\] /.test(l));
    assert.equal(lines.length, 1, r.err);
    assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z debug \[pipeline\] refactor task=[0-9a-f-]{36} attempt=0 lane=deep model=gpt-5\.5 outcome=ok ms=[\d.]+ tokens in=[1-9]\d* cached=\d+ out=[1-9]\d*( reasoning=\d+)? cost=\$0\.\d+$/);
    for (const secret of [...PLANTED.values, KEY]) assert.ok(!r.err.includes(secret), `stderr holds ${secret}`);
    const logged = r.err.split('\n').filter((l) => / (trace|debug|info|warn|error) \[/.test(l)).join('\n');
    for (const text of ['xs.reduce', 'Rename total to sum', 'export function sum(']) assert.ok(!logged.includes(text), `the log holds ${text}`);
  });

  it('SWITCHYARD_LOG=debug does the same; by default stderr has no log lines at all', async () => {
    const asked = await refactor([], { SWITCHYARD_LOG: 'debug' });
    assert.equal(asked.code, 0, asked.err);
    assert.match(asked.err, / debug \[pipeline\] refactor task=/);
    const quiet = await refactor([]);
    assert.equal(quiet.code, 0, quiet.err);
    assert.doesNotMatch(quiet.err, / (trace|debug|info|warn|error) \[/);
    assert.match(quiet.err, /estimate: /, 'what the CLI always says is still said');
  });

  it('a misspelt SWITCHYARD_LOG stops with a usage error before anything is sent', async () => {
    const r = await refactor([], { SWITCHYARD_LOG: 'chatty' });
    assert.equal(r.code, 2);
    assert.match(r.err, /SWITCHYARD_LOG must be one of/);
    assert.equal(emu.requests.length, 0);
  });
});
