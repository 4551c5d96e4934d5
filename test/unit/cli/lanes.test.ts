// The CLI with only the deep lane configured, against an emulator that fails:
// it never falls back to a lane nobody configured, never contacts another host
// (the tripwire runs in the CLI process too), says which lane failed and why,
// and never sends a planted secret.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startEmulator, type Emulator, type ScriptedReply } from '../../emulator/server.ts';
import { CLI, TRIPWIRE_NODE_OPTIONS, tempDir } from '../syntax/helpers.ts';
import { PLANTED, plantSecrets } from '../helpers/planted.ts';

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, NODE_OPTIONS: TRIPWIRE_NODE_OPTIONS, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('CLI lanes: only what the user configured', () => {
  let emu: Emulator;
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;

  beforeEach(async () => {
    emu = await startEmulator({ instant: true });
    ({ dir, cleanup } = tempDir('switchyard-cli-trust-'));
    plantSecrets(join(dir, 'proj'));
    // Shorter timeouts (for the hang) from a config file, read through the same settings code as the extension.
    // Generous still: a cold CLI loads the SDK inside the first attempt, and these machines are loaded.
    writeFileSync(join(dir, 'switchyard.json'), JSON.stringify({ 'switchyard.deepLane.firstTokenTimeoutMs': 8000, 'switchyard.deepLane.totalTimeoutMs': 12000 }));
    env = {
      SWITCHYARD_DEEP_BASE_URL: emu.openaiBaseUrl, SWITCHYARD_DEEP_API_KEY: 'sk-deep-lane-own-key',
      // A real-looking provider key in the environment must not follow the lane to a custom endpoint.
      OPENAI_API_KEY: 'sk-user-real-openai-key-never-for-gateways',
      SWITCHYARD_LEDGER_DIR: join(dir, 'ledger'), SWITCHYARD_SIMULATED: '1', SWITCHYARD_CONFIG: join(dir, 'switchyard.json'),
    };
  });
  afterEach(async () => { await emu.close(); cleanup(); });

  const faults: [string, ScriptedReply, RegExp][] = [
    ['429', { match: { protocol: 'responses' }, fault: { kind: 'rate_limited', retryAfterSeconds: 0 }, repeat: 3 }, /The deep lane \(gpt-5\.5\) answered 429 \(rate limited\) three times; no other lane is configured for refactors\./],
    ['503', { match: { protocol: 'responses' }, fault: { kind: 'http', status: 503 }, repeat: 3 }, /The deep lane \(gpt-5\.5\) answered 503 three times; no other lane is configured for refactors\./],
    ['reset', { match: { protocol: 'responses' }, fault: { kind: 'reset', afterPieces: 0 }, repeat: 3 }, /The deep lane \(gpt-5\.5\) could not be reached three times; no other lane is configured for refactors\./],
    ['hang', { match: { protocol: 'responses' }, firstByteDelayMs: 60_000, repeat: 3 }, /The deep lane \(gpt-5\.5\) timed out three times; no other lane is configured for refactors\./],
  ];
  for (const [name, reply, message] of faults) {
    it(`deep lane ${name}: no fallback to an unconfigured lane, a message naming the lane, only 127.0.0.1 contacted`, async () => {
      emu.script(reply);
      const r = await cli(['refactor', 'Rename total to sum', '--dir', 'proj', '--yes'], env, dir);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /network tripwire/);
      assert.doesNotMatch(r.stderr, /fast lane/i);
      assert.equal(emu.requests.length, 3, 'three attempts, all on the deep lane');
      for (const q of emu.requests) {
        assert.equal(q.protocol, 'responses');
        assert.equal(q.hadApiKey, true);
        const sent = JSON.stringify(q.body);
        for (const secret of PLANTED.values) assert.ok(!sent.includes(secret), `a planted secret reached the emulator (${name})`);
      }
    });
  }

  it('a configured fast lane is a fallback; the deep lane\'s key never goes to it', async () => {
    emu.script({ match: { protocol: 'responses' }, fault: { kind: 'http', status: 503 }, repeat: 3 }, { match: { protocol: 'chat' }, json: { summary: 'nothing', operations: [] }, repeat: 2 });
    const r = await cli(['refactor', 'Rename total to sum', '--dir', 'proj', '--yes', '--fast-base-url', emu.openaiBaseUrl, '--fast-protocol', 'openai-chat', '--fast-model', 'local-model', '--fast-key', 'fast-own-key'], env, dir);
    assert.doesNotMatch(r.stderr, /network tripwire/);
    const chat = emu.requests.filter((q) => q.protocol === 'chat');
    assert.ok(chat.length >= 1, r.stderr);
    for (const q of emu.requests) assert.equal(JSON.stringify(q.headers).includes('sk-deep-lane-own-key'), false);
  });

  it('--no-fallback keeps a configured fast lane out of it', async () => {
    emu.script({ match: { protocol: 'responses' }, fault: { kind: 'http', status: 503 }, repeat: 3 });
    const r = await cli(['refactor', 'x', '--dir', 'proj', '--yes', '--no-fallback', '--fast-base-url', emu.openaiBaseUrl, '--fast-protocol', 'openai-chat', '--fast-key', 'k'], env, dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /answered 503 three times; fallback is off for refactors/);
    assert.equal(emu.requests.filter((q) => q.protocol !== 'responses').length, 0);
  });

  it('a keyless local server (openai-chat at a custom base URL) works with no key, and no provider key is sent to it', async () => {
    const local = await startEmulator({ instant: true, allowNoKey: true });
    try {
      local.script({ match: { protocol: 'chat' }, json: { summary: 'Rename', operations: [{ kind: 'modify', path: 'src/money.ts', hunks: [{ search: 'total', replace: 'sum' }] }] } });
      const r = await cli(['refactor', 'Rename total to sum', '--dir', 'proj', '--base-url', `${local.url}/v1`, '--protocol', 'openai-chat', '--model', 'llama'],
        { ...env, SWITCHYARD_DEEP_API_KEY: '', SWITCHYARD_DEEP_BASE_URL: '' }, dir);
      assert.equal(local.requests.length >= 1, true, r.stderr);
      assert.equal(local.requests[0]!.hadApiKey, false, 'no key at all, not the user\'s OPENAI_API_KEY');
      assert.doesNotMatch(r.stderr, /network tripwire/);
    } finally {
      await local.close();
    }
  });

  it('context refuses secret and ignored files, and redacts credentials from what it prints', async () => {
    for (const [file, why] of [['.env', 'secret file'], ['deploy/id_rsa', 'secret file'], ['build/out.ts', 'ignored by .gitignore'], ['notes/private.ts', 'ignored by .switchyardignore']] as const) {
      const r = await cli(['context', `proj/${file}:1:1`, '--root', 'proj'], env, dir);
      assert.equal(r.code, 1, file);
      assert.match(r.stderr, new RegExp(`never sent to a model: ${why}`), file);
      assert.equal(r.stdout, '');
    }
    const ok = await cli(['context', 'proj/src/money.ts:2:1', '--root', 'proj', '--lane', 'deep'], env, dir);
    assert.equal(ok.code, 0, ok.stderr);
    for (const secret of PLANTED.values) assert.ok(!ok.stdout.includes(secret), 'a planted secret in the printed context');
    assert.match(ok.stdout, /\[REDACTED:github-token\]/);
  });
});

