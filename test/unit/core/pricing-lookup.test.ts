// Which id a price comes from: route prefixes, snapshot suffixes, lookalikes, overrides.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { costsDiffer, DEFAULT_PRICES, isLoopbackUrl, priceFor, servedModel } from '../../../src/core/pricing.ts';
import { parseRecordLine, serializeRecord, type LedgerRecord } from '../../../src/core/ledger-record.ts';

const GPT = DEFAULT_PRICES['gpt-5.5'];
const FLASH = DEFAULT_PRICES['gemini-3.5-flash'];

test('a gateway route prefix prices by the model it serves', () => {
  assert.deepEqual(priceFor('openai/gpt-5.5'), GPT);
  assert.deepEqual(priceFor('gemini/gemini-3.5-flash'), FLASH);
  assert.deepEqual(priceFor('vertex_ai/gemini-3.5-flash'), FLASH);
  assert.deepEqual(priceFor('openrouter/openai/gpt-5.5-2026-10-01'), GPT);
  assert.equal(servedModel('Qwen/Qwen2.5-Coder-7B-Instruct'), 'Qwen2.5-Coder-7B-Instruct');
  assert.equal(servedModel('trailing/'), 'trailing/');
});

test('dated snapshots price like their family; lookalikes have no price', () => {
  for (const id of ['gpt-5.5-2026-10-01', 'gpt-5.5-20261001', 'gpt-5.5-0613', 'gpt-5.5-latest']) assert.deepEqual(priceFor(id), GPT, id);
  assert.deepEqual(priceFor('gemini-3.5-flash-001'), FLASH);
  for (const id of ['gpt-5.5-mini', 'gemini-3.5-flash-lite', 'gpt-5.5-pro-2026-10-01', 'gpt-5.5-2026', 'gpt-5.55', 'openai/gpt-5.5-mini', 'gpt-5.5-preview']) {
    assert.equal(priceFor(id), undefined, id);
  }
});

test('an override for the full id wins over the served model\'s default; one for the family prices its snapshots', () => {
  const team = { inputPerMTok: 1, outputPerMTok: 2, cachedInputPerMTok: 0.5 };
  assert.deepEqual(priceFor('openai/gpt-5.5', { 'openai/gpt-5.5': team }), team);
  assert.deepEqual(priceFor('openai/gpt-5.5', { 'gpt-5.5': team }), team);
  assert.deepEqual(priceFor('gpt-5.5-mini-2026-01-01', { 'gpt-5.5-mini': team }), team);
  assert.deepEqual(priceFor('qwen2.5-coder:7b', { 'qwen2.5-coder:7b': team }), team);
  assert.equal(priceFor('qwen2.5-coder:7b'), undefined);
});

test('loopback base URLs', () => {
  for (const u of ['http://localhost:11434/v1', 'http://127.0.0.1:8000/v1', 'http://127.5.6.7/v1', 'http://[::1]:1234/v1', 'http://ollama.localhost/v1']) assert.ok(isLoopbackUrl(u), u);
  for (const u of [undefined, '', 'not a url', 'https://gateway.example.com/v1', 'http://10.0.0.2:4000/v1', 'http://localhost.example.com/v1', 'http://1127.0.0.1/v1']) assert.ok(!isLoopbackUrl(u), String(u));
});

test('a gateway cost differs when more than 1% away from ours', () => {
  assert.equal(costsDiffer(1_000_000, 1_010_000), false);
  assert.equal(costsDiffer(1_000_000, 1_010_001), true);
  assert.equal(costsDiffer(1_000_000, 989_999), true);
  assert.equal(costsDiffer(0, 0), false);
  assert.equal(costsDiffer(0, 1), true);
});

const record: LedgerRecord = {
  v: 1, id: 'r1', taskId: 't1', attempt: 0, time: '2026-11-26T10:00:00.000Z', kind: 'refactor', lane: 'deep', provider: 'openai-chat',
  model: 'openai/gpt-5.5-mini', reason: 'r', outcome: 'ok', timings: { endMs: 10 }, tokens: { input: 10, cached: 0, output: 5, reasoning: 0 },
  costNanos: 0, estimateNanos: 0, counterfactualNanos: 0,
};

test('the ledger keeps the price basis and the gateway\'s cost, and checks them; old records read as priced', () => {
  const line = serializeRecord({ ...record, priceBasis: 'unknown', gatewayCostNanos: 1234 });
  const parsed = parseRecordLine(line);
  assert.ok(parsed.ok);
  assert.equal((parsed.record as LedgerRecord).priceBasis, 'unknown');
  assert.equal((parsed.record as LedgerRecord).gatewayCostNanos, 1234);
  assert.deepEqual(parseRecordLine(JSON.stringify({ ...record, priceBasis: 'free' })), { ok: false, error: 'unknown priceBasis' });
  assert.deepEqual(parseRecordLine(JSON.stringify({ ...record, gatewayCostNanos: 0.5 })), { ok: false, error: 'gatewayCostNanos must be a non-negative integer' });
  const old = parseRecordLine(JSON.stringify(record));
  assert.ok(old.ok && (old.record as LedgerRecord).priceBasis === undefined);
});
