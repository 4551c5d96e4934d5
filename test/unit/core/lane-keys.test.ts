// Which key each lane sends, and which lanes exist: the rules both faces share.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { redactSecrets } from '../../../src/core/egress-rules.ts';
import { keylessAllowed, laneReady, resolveLaneKey } from '../../../src/core/lane-keys.ts';
import { envSettings, invalidSetting, layeredReader, readSettings } from '../../../src/core/settings.ts';

const lanes = (values: Record<string, unknown>) => readSettings((k) => values[k]);

describe('lane keys', () => {
  const env = { OPENAI_API_KEY: 'sk-user-openai', GEMINI_API_KEY: 'user-gemini' };

  it('provider keys are defaults only for a lane at that provider\'s own endpoint', () => {
    const s = lanes({});
    assert.deepEqual(resolveLaneKey('fast', s.fastLane, undefined, env), { key: 'user-gemini', source: 'GEMINI_API_KEY' });
    assert.deepEqual(resolveLaneKey('deep', s.deepLane, undefined, env), { key: 'sk-user-openai', source: 'OPENAI_API_KEY' });
    const gateway = lanes({ 'deepLane.baseUrl': 'http://127.0.0.1:4000/v1', 'fastLane.baseUrl': 'http://127.0.0.1:11434/v1', 'fastLane.protocol': 'openai-chat' });
    assert.equal(resolveLaneKey('deep', gateway.deepLane, undefined, env), undefined, 'a gateway never gets the user\'s OpenAI key');
    assert.equal(resolveLaneKey('fast', gateway.fastLane, undefined, env), undefined);
  });

  it('a lane\'s own key wins: its slot or flag, then SWITCHYARD_<LANE>_API_KEY', () => {
    const s = lanes({ 'deepLane.baseUrl': 'http://127.0.0.1:4000/v1' });
    const withLaneEnv = { ...env, SWITCHYARD_DEEP_API_KEY: 'deep-env' };
    assert.deepEqual(resolveLaneKey('deep', s.deepLane, undefined, withLaneEnv), { key: 'deep-env', source: 'SWITCHYARD_DEEP_API_KEY' });
    assert.deepEqual(resolveLaneKey('deep', s.deepLane, { key: ' slot ', source: 'secret storage' }, withLaneEnv), { key: 'slot', source: 'secret storage' });
    assert.equal(resolveLaneKey('fast', s.fastLane, undefined, { SWITCHYARD_DEEP_API_KEY: 'deep-env' }), undefined, 'one lane\'s key never serves the other');
  });

  it('keyless only for an OpenAI-compatible lane at a custom URL; an unkeyed default lane is not configured', () => {
    const local = lanes({ 'fastLane.baseUrl': 'http://127.0.0.1:11434/v1', 'fastLane.protocol': 'openai-chat' });
    assert.equal(keylessAllowed(local.fastLane), true);
    assert.equal(laneReady(local.fastLane, undefined), true);
    const geminiGateway = lanes({ 'fastLane.baseUrl': 'http://127.0.0.1:9/' });
    assert.equal(laneReady(geminiGateway.fastLane, undefined), false);
    assert.equal(laneReady(lanes({}).deepLane, undefined), false);
  });

  it('the CLI and the extension read lanes through the same settings code: flags over environment over a config file', () => {
    const env2 = { SWITCHYARD_FAST_BASE_URL: 'http://127.0.0.1:1/v1', SWITCHYARD_FAST_PROTOCOL: 'openai-chat', SWITCHYARD_DEEP_MODEL: 'env-model' };
    const fromEnv = envSettings(env2);
    const file: Record<string, unknown> = { 'deepLane.model': 'file-model', 'fastLane.model': 'file-fast', 'deepLane.totalTimeoutMs': 1234 };
    const flags: Record<string, unknown> = { 'deepLane.model': 'flag-model' };
    const s = readSettings(layeredReader((k) => flags[k], (k) => fromEnv[k], (k) => file[k]));
    assert.equal(s.deepLane.model, 'flag-model');
    assert.equal(s.fastLane.protocol, 'openai-chat');
    assert.equal(s.fastLane.baseUrl, 'http://127.0.0.1:1/v1');
    assert.equal(s.fastLane.model, 'file-fast');
    assert.equal(s.deepLane.totalTimeoutMs, 1234);
    assert.equal(s.deepLane.protocol, 'openai-responses', 'defaults fill the rest');
    assert.match(invalidSetting('fastLane.protocol', 'grpc') ?? '', /must be gemini, openai-responses, openai-chat/);
    assert.match(invalidSetting('deepLane.totalTimeoutMs', '5') ?? '', /must be a number/);
  });
});

describe('redaction, property-based', () => {
  const alnum = fc.stringMatching(/^[A-Za-z0-9]+$/);
  const secret = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9]{40,48}$/).map((s) => `sk-${s}`),
    fc.stringMatching(/^[A-Za-z0-9_-]{35}$/).map((s) => `AIza${s}`),
    fc.stringMatching(/^[A-Z0-9]{16}$/).map((s) => `AKIA${s}`),
    fc.stringMatching(/^[A-Za-z0-9]{36}$/).map((s) => `ghp_${s}`),
    fc.stringMatching(/^[A-Za-z0-9]{24}$/).map((s) => `xoxb-1234-${s}`),
  );
  const filler = fc.array(fc.oneof(alnum, fc.constantFrom(' ', '\n', '"', "'", '= ', '(', ');', ': ')), { maxLength: 12 }).map((a) => a.join(''));
  // Seeds that once mattered stay in the corpus; fast-check adds fresh ones each run.
  const examples: [string[], string[]][] = [[['const k = "', '";\n'], ['sk-' + 'a'.repeat(44)]], [['x', 'y'], ['AKIA' + 'B'.repeat(16)]]];

  it('no planted secret survives, whatever surrounds it, and redacting twice changes nothing', () => {
    fc.assert(fc.property(fc.array(fc.tuple(filler, secret), { minLength: 1, maxLength: 6 }), filler, (parts, tail) => {
      const text = parts.map(([f, s]) => ` ${f} ${s} `).join('') + tail;
      const once = redactSecrets(text);
      for (const [, s] of parts) assert.ok(!once.text.includes(s), s);
      assert.equal(redactSecrets(once.text).count, 0);
    }), { seed: 20261126, numRuns: 300, examples: examples.map(([[a, b], [s]]) => [[[a, s]], b] as [[string, string][], string]) });
  });
});
