import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { costForModel } from '../../../src/core/pricing.ts';
import { LedgerAggregate } from '../../../src/core/ledger-aggregate.ts';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import type { PipelineTask, Validation } from '../../../src/pipeline/task-types.ts';
import { rig, type Rig } from './helpers.ts';
import { AT_CAP } from '../helpers/confirmation-table.ts';

function textTask(kind: PipelineTask<string>['kind'], validate?: (out: string) => Validation<string>, signal?: AbortSignal): PipelineTask<string> {
  return {
    kind, inputTokens: 200, language: 'typescript', file: 'src/a.ts', signal,
    prompt: () => ({ system: 'Rewrite the code.', prompt: 'function f() { return 1 }' }),
    validate: (out) => validate?.(out) ?? { ok: true, value: out },
  };
}

const costOfRecord = (r: LedgerRecord) => costForModel(r.model, { input: r.tokens.input, cachedInput: r.tokens.cached, output: r.tokens.output, reasoning: r.tokens.reasoning })!.totalNanoUsd;

describe('pipeline', () => {
  let r: Rig;
  afterEach(async () => { await r?.close(); });

  it('sends a quick edit to the fast lane and records one exact attempt', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'function f() { return 2 }' });
    const result = await r.pipeline.run(textTask('quickEdit'));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.lane, 'fast');
    assert.equal(result.value, 'function f() { return 2 }');
    assert.equal(result.records.length, 1);
    const [rec] = result.records;
    assert.equal(rec.outcome, 'ok');
    assert.equal(rec.model, 'gemini-3.5-flash');
    assert.ok(rec.tokens.input > 0 && rec.tokens.output > 0);
    assert.equal(rec.costNanos, costOfRecord(rec));
    assert.ok(rec.costNanos > 0);
    assert.equal(rec.simulated, true);
    assert.equal(rec.counterfactualNanos, costForModel('gpt-5.5', { input: rec.tokens.input, cachedInput: rec.tokens.cached, output: rec.tokens.output, reasoning: rec.tokens.reasoning })!.totalNanoUsd, "the same tokens at the deep lane's price");
    assert.ok(rec.counterfactualNanos > rec.costNanos, 'the deep lane would have cost more');
    assert.match(rec.reason, /quick edit.*fast lane/);
    const stored = await r.store.readMonth(r.store.currentMonth());
    assert.deepEqual(stored.records.map((x) => x.id), [rec.id]);
  });

  it('escalates an invalid fast-lane edit once to the deep lane, and records both attempts', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'function f( {' }, { match: { protocol: 'responses' }, text: 'function f() { return 3 }' });
    const result = await r.pipeline.run(textTask('quickEdit', (out) => out.includes('(') && !out.includes('( {') ? { ok: true, value: out } : { ok: false, failure: 'parse_errors', message: 'the edit introduced 1 parse error at line 1' }));
    assert.ok(result.ok);
    assert.equal(result.lane, 'deep');
    assert.deepEqual(result.records.map((x) => [x.lane, x.outcome]), [['fast', 'escalated'], ['deep', 'ok']]);
    assert.equal(new Set(result.records.map((x) => x.taskId)).size, 1);
    assert.equal(result.records[0].note, 'the edit introduced 1 parse error at line 1');
    assert.ok(result.records[0].costNanos > 0, 'the rejected attempt is still billed');
  });

  it('rejects after the deep lane also fails validation, changing nothing', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'bad' }, { match: { protocol: 'responses' }, text: 'bad', repeat: 2 });
    const result = await r.pipeline.run(textTask('quickEdit', () => ({ ok: false, failure: 'parse_errors', message: 'still broken' })));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.kind, 'rejected');
    assert.deepEqual(result.records.map((x) => x.outcome), ['escalated', 'rejected', 'rejected']);
  });

  it('retries after a 429, honouring Retry-After, then succeeds on the same lane', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, fault: { kind: 'rate_limited', retryAfterMs: 700 } }, { match: { protocol: 'gemini' }, text: 'ok' });
    const started = Date.now();
    const result = await r.pipeline.run(textTask('quickEdit'));
    assert.ok(result.ok);
    assert.ok(Date.now() - started >= 650, 'waited for Retry-After');
    assert.deepEqual(result.records.map((x) => [x.lane, x.outcome]), [['fast', 'error:rate_limited'], ['fast', 'ok']]);
  });

  it('falls back to the other lane when Retry-After is too long', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, fault: { kind: 'rate_limited', retryAfterSeconds: 120 } }, { match: { protocol: 'responses' }, text: 'ok' });
    const result = await r.pipeline.run(textTask('quickEdit'));
    assert.ok(result.ok);
    assert.deepEqual(result.records.map((x) => [x.lane, x.outcome]), [['fast', 'fell_back'], ['deep', 'ok']]);
    assert.match(result.records[0].reason, /fell back to the deep lane/);
  });

  it('opens the circuit breaker after repeated 500s and stops hammering the provider', async () => {
    r = await rig({ 'routing.allowFallback': false });
    r.emu.script({ match: { protocol: 'gemini' }, fault: { kind: 'http', status: 500 }, repeat: 20 });
    const first = await r.pipeline.run({ ...textTask('completion') });
    assert.equal(first.ok, false);
    const sent = r.emu.requests.length;
    const second = await r.pipeline.run(textTask('completion'));
    assert.equal(second.ok, false);
    assert.equal(!second.ok && second.kind, 'blocked');
    assert.equal(r.emu.requests.length, sent, 'a cooling-down lane sends nothing');
  });

  it('records a cancelled request, and the provider sees the disconnect', async () => {
    r = await rig();
    r.emu.configure({ instant: false, rateMultiplier: 0.2 });
    r.emu.script({ match: { protocol: 'gemini' }, text: 'word '.repeat(200) });
    const controller = new AbortController();
    const disconnected = r.emu.waitForDisconnect(10_000);
    const task = { ...textTask('quickEdit', undefined, controller.signal), onText: () => controller.abort() };
    const result = await r.pipeline.run(task);
    await disconnected;
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.kind, 'cancelled');
    assert.deepEqual(result.records.map((x) => x.outcome), ['cancelled']);
  });

  it('blocks a deep-lane request at the daily cap until confirmed, sending nothing', async () => {
    r = await rig(AT_CAP);
    const result = await r.pipeline.run(textTask('refactor'));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.kind, 'blocked');
    assert.equal(!result.ok && result.blocked?.code, 'needs_confirmation');
    assert.deepEqual(result.records.map((x) => x.outcome), ['blocked_confirmation']);
    assert.equal(r.emu.requests.length, 0);
    const confirmed = await r.pipeline.run({ ...textTask('refactor'), confirmedOverBudget: true });
    assert.ok(confirmed.ok);
  });

  it('says plainly when a lane has no key, records it, and sends nothing', async () => {
    r = await rig({}, { deep: 'sk-test' });
    const result = await r.pipeline.run(textTask('completion'));
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : '', /the fast lane is not configured \(no key of its own\)/);
    assert.deepEqual(result.records.map((x) => x.outcome), ['error:auth']);
    assert.equal(r.emu.requests.length, 0);
  });

  it('replays a scripted session whose ledger totals equal the sum of its records, and every cost equals price x usage', async () => {
    r = await rig();
    r.emu.script(
      { match: { protocol: 'gemini' }, text: 'a', repeat: 6 },
      { match: { protocol: 'gemini' }, fault: { kind: 'http', status: 503 } },
      { match: { protocol: 'responses' }, text: 'b', cachedTokens: 50, repeat: 6 },
    );
    const kinds = ['completion', 'quickEdit', 'refactor', 'astTransform', 'completion', 'quickEdit', 'refactor', 'quickEdit', 'completion', 'refactor'] as const;
    for (const kind of kinds) await r.pipeline.run(textTask(kind));
    const { records, skipped } = await r.store.readMonth(r.store.currentMonth());
    assert.equal(skipped, 0);
    assert.ok(records.length >= kinds.length);
    const agg = new LedgerAggregate();
    agg.addAll(records);
    assert.equal(agg.today().all.costNanos, records.reduce((s, x) => s + x.costNanos, 0));
    assert.equal(agg.today().all.count, records.length);
    for (const rec of records) assert.equal(rec.costNanos, costOfRecord(rec), `cost of ${rec.id}`);
    assert.ok(records.some((x) => x.tokens.cached > 0), 'cached input is billed at the cached price');
  });
});
