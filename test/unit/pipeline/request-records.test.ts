// The request records the pipeline writes, against the emulator with scripted usage:
// the other lane's cost is its price on this attempt's own tokens, each block says
// its cause, and a completion blocked for the same cause is recorded once a minute.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { EgressGate } from '../../../src/pipeline/egress-gate.ts';
import type { PipelineTask } from '../../../src/pipeline/task-types.ts';
import { rig, type Rig } from './helpers.ts';

function task(kind: PipelineTask<string>['kind'], extra: Partial<PipelineTask<string>> = {}): PipelineTask<string> {
  return {
    kind, inputTokens: 200, language: 'typescript', file: 'src/a.ts',
    // Long enough that the scripted cached tokens are a part of the input.
    prompt: () => ({ system: 'Rewrite the code.', prompt: 'function f() { return 1 }\n'.repeat(30) }),
    validate: (out) => ({ ok: true, value: out }),
    ...extra,
  };
}

/** The published prices, per token in nano-dollars: input, cached input, output (reasoning bills as output). */
const PER_TOKEN = { 'gpt-5.5': [5_000, 500, 30_000], 'gemini-3.5-flash': [1_500, 150, 9_000] } as const;
const priced = (model: keyof typeof PER_TOKEN, t: LedgerRecord['tokens']) => {
  const [input, cached, output] = PER_TOKEN[model];
  return (t.input - t.cached) * input + t.cached * cached + t.output * output;
};

const stored = async (r: Rig) => (await r.store.readMonth(r.store.currentMonth())).records;

describe('request records', () => {
  let r: Rig;
  afterEach(async () => { await r?.close(); });

  it('a fast-lane attempt: the counterfactual is gpt-5.5 priced on the same reported usage, to the nano-dollar', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'function f() { return 2 }', cachedTokens: 40, reasoningTokens: 13 });
    const result = await r.pipeline.run(task('quickEdit'));
    assert.ok(result.ok);
    const [rec] = result.records;
    const usage = r.emu.requests[0]!.usage!;
    assert.deepEqual(rec!.tokens, { input: usage.input, cached: 40, output: usage.output + 13, reasoning: 13 }, 'the tokens as the provider reported them');
    assert.equal(rec!.costNanos, priced('gemini-3.5-flash', rec!.tokens));
    assert.equal(rec!.counterfactualNanos, priced('gpt-5.5', rec!.tokens));
    // The estimate stays the router's pre-send guess, not the actual.
    assert.notEqual(rec!.estimateNanos, rec!.costNanos);
  });

  it('a deep-lane attempt: the counterfactual is gemini-3.5-flash priced on the same reported usage', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, text: 'renamed', cachedTokens: 64, reasoningTokens: 21 });
    const result = await r.pipeline.run(task('refactor', { fileCount: 2 }));
    assert.ok(result.ok);
    const [rec] = result.records;
    assert.equal(rec!.lane, 'deep');
    assert.equal(rec!.tokens.cached, 64);
    assert.equal(rec!.tokens.reasoning, 21);
    assert.equal(rec!.costNanos, priced('gpt-5.5', rec!.tokens));
    assert.equal(rec!.counterfactualNanos, priced('gemini-3.5-flash', rec!.tokens));
    assert.ok(rec!.counterfactualNanos < rec!.costNanos);
  });

  it('an escalated task: each attempt\'s counterfactual is priced on its own usage', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'broken (' }, { match: { protocol: 'responses' }, text: 'fixed()', reasoningTokens: 5 });
    const result = await r.pipeline.run(task('quickEdit', { validate: (out) => (out.endsWith('(') ? { ok: false, failure: 'parse_errors', message: 'parse error' } : { ok: true, value: out }) }));
    assert.ok(result.ok);
    const [fast, deep] = result.records;
    assert.deepEqual([fast!.outcome, deep!.outcome], ['escalated', 'ok']);
    assert.equal(fast!.counterfactualNanos, priced('gpt-5.5', fast!.tokens));
    assert.equal(deep!.counterfactualNanos, priced('gemini-3.5-flash', deep!.tokens));
  });

  it('a cooldown block is a cooldown, not a budget block', async () => {
    r = await rig({ 'routing.allowFallback': false });
    r.emu.script({ match: { protocol: 'gemini' }, fault: { kind: 'http', status: 500 }, repeat: 20 });
    await r.pipeline.run(task('quickEdit'));
    const sent = r.emu.requests.length;
    const second = await r.pipeline.run(task('quickEdit'));
    assert.equal(!second.ok && second.blocked?.code, 'cooldown');
    assert.deepEqual(second.records.map((x) => x.outcome), ['blocked_cooldown']);
    assert.equal(r.emu.requests.length, sent);
    const outcomes = (await stored(r)).map((x) => x.outcome);
    assert.equal(outcomes.at(-1), 'blocked_cooldown');
    assert.ok(!outcomes.includes('blocked_budget'));
  });

  it('each cause has its own outcome: budget stop, confirmation, context too large; a missing key stays an auth error', async () => {
    r = await rig({ 'budget.dailyUsd': 0.000001, 'budget.hardCeilingPercent': 1e12 });
    const stop = await r.pipeline.run(task('completion'));
    const confirm = await r.pipeline.run(task('refactor'));
    const huge = await r.pipeline.run(task('refactor', { inputTokens: 2_000_000 }));
    assert.deepEqual([stop, confirm, huge].map((x) => !x.ok && x.blocked?.code), ['budget_stop', 'needs_confirmation', 'context_too_large']);
    assert.deepEqual((await stored(r)).map((x) => [x.kind, x.outcome, x.costNanos, x.counterfactualNanos]), [
      ['completion', 'blocked_budget', 0, 0], ['refactor', 'blocked_confirmation', 0, 0], ['refactor', 'blocked_context', 0, 0],
    ]);
    assert.ok((await stored(r)).every((x) => x.estimateNanos > 0), 'a block keeps the estimate of what was not sent');
    assert.equal(r.emu.requests.length, 0);
    await r.close();
    r = await rig({}, { deep: 'sk-test' });
    const keyless = await r.pipeline.run(task('quickEdit'));
    assert.deepEqual(keyless.records.map((x) => x.outcome), ['error:auth']);
  });

  it('an untrusted workspace and a denied file: the gate\'s refusal is recorded, naming no content, and nothing is sent', async () => {
    r = await rig({}, undefined, new EgressGate({ trusted: () => false }));
    const untrusted = await r.pipeline.run(task('quickEdit', { prompt: () => ({ prompt: 'SECRET-CODE-TEXT' }) }));
    assert.match(!untrusted.ok ? untrusted.message : '', /sends nothing here: the workspace is not trusted/);
    const [rec] = await stored(r);
    assert.deepEqual([rec!.outcome, rec!.lane, rec!.model, rec!.costNanos, rec!.file], ['blocked_untrusted', 'fast', 'gemini-3.5-flash', 0, 'src/a.ts']);
    assert.match(rec!.reason, /the workspace is not trusted/);
    assert.deepEqual(untrusted.records, [rec]);
    assert.ok(!JSON.stringify(rec).includes('SECRET-CODE-TEXT'));
    assert.equal(r.emu.requests.length, 0);
    await r.close();
    r = await rig({}, undefined, new EgressGate());
    const denied = await r.pipeline.run(task('refactor', { file: '.env' }));
    assert.equal(!denied.ok && denied.kind, 'blocked');
    assert.deepEqual((await stored(r)).map((x) => [x.outcome, x.lane, x.file, x.reason]), [['blocked_untrusted', 'deep', '.env', 'nothing was sent: secret file']]);
    assert.equal(r.emu.requests.length, 0);
  });

  it('a face\'s own refusal (a binary or secret document) is recorded like the pipeline\'s: path and reason, no text; completions once a minute', async () => {
    let clock = Date.parse('2026-11-26T12:00:00Z');
    r = await rig({}, undefined, new EgressGate(), undefined, () => clock);
    const [quick] = await r.pipeline.refuse({ kind: 'quickEdit', inputTokens: 0, language: 'typescript', file: 'src/logo.ts' }, 'binary file');
    assert.deepEqual([quick!.outcome, quick!.kind, quick!.lane, quick!.model, quick!.file, quick!.reason, quick!.costNanos], ['blocked_untrusted', 'quickEdit', 'fast', 'gemini-3.5-flash', 'src/logo.ts', 'nothing was sent: binary file', 0]);
    for (let i = 0; i < 3; i++) { await r.pipeline.refuse({ kind: 'completion', inputTokens: 0, file: '.env' }, 'secret file'); clock += 10_000; }
    clock += 30_000;
    await r.pipeline.refuse({ kind: 'completion', inputTokens: 0, file: '.env' }, 'secret file');
    const recs = await stored(r);
    assert.deepEqual(recs.map((x) => [x.kind, x.file, x.reason, x.time]), [
      ['quickEdit', 'src/logo.ts', 'nothing was sent: binary file', '2026-11-26T12:00:00.000Z'],
      ['completion', '.env', 'nothing was sent: secret file', '2026-11-26T12:00:00.000Z'],
      ['completion', '.env', 'nothing was sent: secret file', '2026-11-26T12:01:00.000Z'],
    ]);
    assert.deepEqual(recs.map((x) => x.id).filter((id, i, all) => all.indexOf(id) !== i), [], 'ids are unique');
    assert.equal(r.emu.requests.length, 0);
  });

  it('a completion blocked at the cap writes one record a minute (the router\'s clock); the answer is the same each time', async () => {
    let clock = Date.parse('2026-11-26T12:00:00Z');
    r = await rig({ 'budget.dailyUsd': 0.000001, 'budget.hardCeilingPercent': 1e12 }, undefined, undefined, undefined, () => clock);
    const results = [];
    for (let i = 0; i < 5; i++) { results.push(await r.pipeline.run(task('completion'))); clock += 1_000; }
    assert.equal(new Set(results.map((x) => !x.ok && `${x.kind}: ${x.message}`)).size, 1, 'the user sees the same block every time');
    assert.equal((await stored(r)).length, 1);
    clock += 54_999; // 59.999 s after the first
    await r.pipeline.run(task('completion'));
    assert.equal((await stored(r)).length, 1);
    clock += 1;
    await r.pipeline.run(task('completion'));
    const recs = await stored(r);
    assert.deepEqual(recs.map((x) => x.outcome), ['blocked_budget', 'blocked_budget']);
    assert.deepEqual(recs.map((x) => x.time), ['2026-11-26T12:00:00.000Z', '2026-11-26T12:01:00.000Z']);
    // Other kinds are asked for by the user, one at a time: each block is recorded.
    await r.pipeline.run(task('refactor'));
    await r.pipeline.run(task('refactor'));
    assert.deepEqual((await stored(r)).slice(2).map((x) => x.outcome), ['blocked_confirmation', 'blocked_confirmation']);
    assert.equal(r.emu.requests.length, 0);
  });
});
