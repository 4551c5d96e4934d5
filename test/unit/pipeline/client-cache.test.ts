// The pipeline's client cache: one client per lane, replaced when the lane's
// config changes, bounded however many configs pass through, and keyed without secrets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { LaneConfig } from '../../../src/core/provider-types.ts';
import type { LaneId } from '../../../src/core/task.ts';
import { ClientCache } from '../../../src/pipeline/client-cache.ts';
import { startEmulator } from '../../emulator/server.ts';
import { collect, laneFor, terminal, textOf } from '../providers/helpers.ts';
import { isEvent, type LedgerRecord } from '../../../src/core/ledger-record.ts';
import { readSettings, type SettingKey } from '../../../src/core/settings.ts';
import { createPipeline } from '../../../src/pipeline/create-pipeline.ts';
import { fixedSettings } from '../../../src/pipeline/settings-snapshot.ts';

test('changing the key replaces the lane client, and the new one sends the new key', async () => {
  const emu = await startEmulator({ instant: true, requireKey: 'sk-right-key-0123456789' });
  try {
    const cache = new ClientCache();
    const wrong = laneFor(emu, 'openai-responses', { apiKey: 'sk-wrong-key-0123456789' });
    const first = cache.get('deep', wrong);
    assert.equal(cache.get('deep', { ...wrong }), first, 'an equal config reuses the client');
    const failed = terminal(await collect(first.stream({ prompt: 'x', maxOutputTokens: 50 })));
    assert.equal(failed.type === 'error' && failed.error.kind, 'auth');
    const second = cache.get('deep', { ...wrong, apiKey: 'sk-right-key-0123456789' });
    assert.notEqual(second, first);
    emu.script({ text: 'fine now', reasoningTokens: 0 });
    assert.equal(textOf(await collect(second.stream({ prompt: 'x', maxOutputTokens: 50 }))), 'fine now');
    assert.equal(cache.size, 1);
    assert.deepEqual(cache.keys(), ['deep']);
  } finally {
    await emu.close();
  }
});

test('a key changed in the key store is what the next pipeline run sends', async () => {
  const emu = await startEmulator({ instant: true, requireKey: 'gemini-right-key' });
  const keys: Partial<Record<LaneId, string>> = { fast: 'gemini-wrong-key' };
  const settings = readSettings((k) => ({ 'fastLane.baseUrl': emu.url, 'routing.allowFallback': false } as Partial<Record<SettingKey, unknown>>)[k]);
  const records: LedgerRecord[] = [];
  const pipeline = createPipeline({ settings: fixedSettings(settings), keys: { own: (lane) => (keys[lane] ? { key: keys[lane], source: 'test' } : undefined) }, env: {}, ledger: { append: async (rec) => { if (!isEvent(rec)) records.push(rec); } } });
  const task = { kind: 'quickEdit' as const, inputTokens: 50, prompt: () => ({ prompt: 'x' }), validate: (out: string) => ({ ok: true as const, value: out }) };
  try {
    const refused = await pipeline.run(task);
    assert.equal(!refused.ok && refused.errorKind, 'auth');
    keys.fast = 'gemini-right-key';
    emu.script({ text: 'fine', reasoningTokens: 0 });
    const accepted = await pipeline.run(task);
    assert.ok(accepted.ok, JSON.stringify(accepted));
    assert.equal(accepted.value, 'fine');
    assert.deepEqual(records.map((x) => x.outcome), ['error:auth', 'ok']);
  } finally {
    await emu.close();
  }
});

const PLANTED = 'PLANTED-SECRET';

const configArb = fc.record({
  lane: fc.constantFrom<LaneId>('fast', 'deep'),
  protocol: fc.constantFrom<LaneConfig['protocol']>('gemini', 'openai-responses', 'openai-chat'),
  model: fc.constantFrom('gemini-3.5-flash', 'gpt-5.5', 'local-model'),
  keyTail: fc.string({ minLength: 0, maxLength: 12 }),
  headerTail: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
  baseUrl: fc.option(fc.constantFrom('http://127.0.0.1:9/v1', 'http://127.0.0.1:10/v1'), { nil: undefined }),
  totalTimeoutMs: fc.integer({ min: 1, max: 60_000 }),
});

test('1,000 distinct configs leave at most one client per lane, and no cache key holds a key or header value', () => {
  const cache = new ClientCache();
  const seen = new Set<string>();
  fc.assert(
    fc.property(configArb, (c) => {
      const config: LaneConfig = {
        protocol: c.protocol, model: c.model, apiKey: `sk-${PLANTED}-${c.keyTail}`, firstTokenTimeoutMs: 1_000, totalTimeoutMs: c.totalTimeoutMs,
        ...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
        ...(c.headerTail ? { headers: { 'x-gateway-key': `${PLANTED}-h-${c.headerTail}` } } : {}),
      };
      seen.add(JSON.stringify(config));
      const client = cache.get(c.lane, config);
      assert.equal(cache.get(c.lane, structuredClone(config)), client, 'the same config gets the same client');
      assert.ok(cache.size <= 2, `size ${cache.size}`);
      for (const key of cache.keys()) assert.ok(!String(key).includes(PLANTED), `cache key ${key}`);
      assert.deepEqual(cache.keys().filter((k) => k !== 'fast' && k !== 'deep'), []);
    }),
    { seed: 14_2026, numRuns: 1_000, examples: [[{ lane: 'fast', protocol: 'gemini', model: 'gemini-3.5-flash', keyTail: '', headerTail: 'a', baseUrl: undefined, totalTimeoutMs: 1 }]] },
  );
  assert.ok(seen.size > 900, `only ${seen.size} distinct configs were tried`);
  assert.equal(cache.size, 2);
});
