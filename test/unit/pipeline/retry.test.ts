// The pipeline's policy is the only retry: each case goes through createPipeline /
// runTask, the real SDKs and the emulator, and is read back from the ledger (one
// record per attempt, with its outcome and the reason for what came next).
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { mergePolicy, type DeepPartial, type PolicyConfig } from '../../../src/core/policy-config.ts';
import type { LaneId } from '../../../src/core/task.ts';
import { ClientCache } from '../../../src/pipeline/client-cache.ts';
import { laneConfig, laneSettings } from '../../../src/pipeline/lane-setup.ts';
import { RouterRuntime } from '../../../src/pipeline/router-runtime.ts';
import { runTask } from '../../../src/pipeline/run-task.ts';
import type { PipelineTask, TaskResult } from '../../../src/pipeline/task-types.ts';
import type { ScriptedReply } from '../../emulator/server.ts';
import { rig, type Rig } from './helpers.ts';

const KEYS: Record<LaneId, string> = { fast: 'test-gemini-key', deep: 'sk-test-openai' };
const LONG = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');

function task(kind: PipelineTask<string>['kind'], over: Partial<PipelineTask<string>> = {}): PipelineTask<string> {
  return {
    kind, inputTokens: 200, language: 'typescript', file: 'src/a.ts',
    prompt: () => ({ prompt: 'function f() { return 1 }' }),
    validate: (out) => ({ ok: true, value: out }),
    ...over,
  };
}

const fast = (reply: ScriptedReply): ScriptedReply => ({ match: { protocol: 'gemini' }, ...reply });
const outcomes = (records: readonly LedgerRecord[]) => records.map((x) => [x.lane, x.outcome]);
/** Milliseconds between the starts of consecutive requests the emulator saw. */
const gaps = (r: Rig) => r.emu.requests.slice(1).map((q, i) => q.startedAt - r.emu.requests[i]!.startedAt);

/** runTask with the rig's lanes and ledger but a policy of the test's own (short delays). */
function runWithPolicy(r: Rig, t: PipelineTask<string>, patch: DeepPartial<PolicyConfig>): Promise<TaskResult<string>> {
  const policy = mergePolicy(r.pipeline.policy(), patch);
  const clients = new ClientCache();
  return runTask(t, {
    policy: () => policy,
    clientFor: (lane, model) => clients.get(lane, laneConfig({ ...laneSettings(r.settings, lane), model }, KEYS[lane])),
    price: r.pipeline.price, ledger: r.store, router: new RouterRuntime(), simulated: true,
  });
}

async function assertStored(r: Rig, records: readonly LedgerRecord[]): Promise<void> {
  const stored = await r.store.readMonth(r.store.currentMonth());
  assert.deepEqual(stored.records.map((x) => [x.id, x.outcome]), records.map((x) => [x.id, x.outcome]), 'every attempt is in the ledger');
}

describe('pipeline retries', () => {
  let r: Rig;
  afterEach(async () => { await r?.close(); });

  const transient: readonly [string, ScriptedReply, string][] = [
    ['HTTP 503', { fault: { kind: 'http', status: 503 } }, 'server'],
    ['HTTP 500', { fault: { kind: 'http', status: 500 } }, 'server'],
    ['429 without a usable wait', { fault: { kind: 'rate_limited', retryAfterMs: 0 } }, 'rate_limited'],
    ['a reset before the headers', { fault: { kind: 'reset', afterPieces: 0 } }, 'network'],
    ['a stream closed before any output', { text: LONG, fault: { kind: 'truncate', afterPieces: 0 } }, 'network'],
    ['no first byte within the timeout', { firstByteDelayMs: 2_500 }, 'timeout'],
  ];
  for (const [name, fault, kind] of transient) {
    it(`retries ${name} once on the same lane after the backoff, recording both attempts`, async () => {
      // Short enough for the slow-first-byte case, long enough for a loaded machine's good reply.
      r = await rig({ 'fastLane.firstTokenTimeoutMs': 1_000 });
      r.emu.script(fast(fault), fast({ text: 'ok', reasoningTokens: 0 }));
      const result = await r.pipeline.run(task('quickEdit'));
      assert.deepEqual(outcomes(result.records), [['fast', `error:${kind}`], ['fast', 'ok']], JSON.stringify(result));
      assert.ok(result.ok);
      assert.equal(result.value, 'ok');
      assert.match(result.records[0]!.reason, /retry 1 of 2 in 500 ms$/);
      assert.equal(r.emu.requests.length, 2, 'one HTTP request per attempt');
      assert.ok(gaps(r)[0]! >= 490, `retried after ${gaps(r)[0]} ms`);
      await assertStored(r, result.records);
    });
  }

  for (const [name, fault, kind] of [
    ['a rejected key', { fault: { kind: 'unauthorized' } }, 'auth'],
    ['a bad request', { fault: { kind: 'http', status: 400, message: 'unknown field "x"' } }, 'bad_request'],
  ] as const) {
    it(`never retries ${name}, nor falls back`, async () => {
      r = await rig();
      r.emu.script(fast(fault), { text: 'would have worked', reasoningTokens: 0, repeat: 3 });
      const result = await r.pipeline.run(task('quickEdit'));
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.kind, 'provider');
      assert.equal(!result.ok && result.errorKind, kind);
      assert.deepEqual(outcomes(result.records), [['fast', `error:${kind}`]]);
      assert.equal(r.emu.requests.length, 1);
      await assertStored(r, result.records);
    });
  }

  it('honours a Retry-After longer than the backoff, and never retries sooner than the backoff', async () => {
    r = await rig();
    r.emu.script(fast({ fault: { kind: 'rate_limited', retryAfterMs: 900 } }), fast({ fault: { kind: 'rate_limited', retryAfterMs: 50 } }), fast({ text: 'ok', reasoningTokens: 0 }));
    const result = await r.pipeline.run(task('quickEdit'));
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(outcomes(result.records), [['fast', 'error:rate_limited'], ['fast', 'error:rate_limited'], ['fast', 'ok']]);
    assert.match(result.records[0]!.reason, /retry 1 of 2 in 900 ms$/);
    assert.match(result.records[1]!.reason, /retry 2 of 2 in 1000 ms$/);
    const [first, second] = gaps(r);
    assert.ok(first! >= 890, `waited ${first} ms for a 900 ms Retry-After`);
    assert.ok(second! >= 990, `waited ${second} ms, not the 1000 ms backoff`);
  });

  it('refuses a Retry-After above the cap: no wait, no retry, and says why', async () => {
    r = await rig();
    r.emu.script(fast({ fault: { kind: 'rate_limited', retryAfterSeconds: 60 } }), fast({ text: 'ok', reasoningTokens: 0 }));
    const started = performance.now();
    const result = await r.pipeline.run(task('completion'));
    assert.ok(performance.now() - started < 1_500, 'did not wait for the Retry-After');
    assert.equal(!result.ok && result.errorKind, 'rate_limited');
    assert.deepEqual(outcomes(result.records), [['fast', 'error:rate_limited']]);
    assert.doesNotMatch(result.records[0]!.reason, /retry/);
    assert.equal(!result.ok && result.message, 'The fast lane (gemini-3.5-flash) answered 429 (rate limited); fallback is off for completions. Try again shortly. Nothing was changed.');
    assert.equal(r.emu.requests.length, 1);
  });

  it('stops at the retry bound, with backoff that doubles up to its cap', async () => {
    r = await rig();
    r.emu.script(fast({ fault: { kind: 'http', status: 503 }, repeat: 10 }));
    const result = await runWithPolicy(r, task('completion'), {
      retry: { maxRetries: 4, baseDelayMs: 60, maxDelayMs: 150 },
      breaker: { failuresToOpen: 10 },
    });
    assert.equal(!result.ok && result.errorKind, 'server');
    assert.deepEqual(result.records.map((x) => x.outcome), Array(5).fill('error:server'));
    // Each record says why it was sent and, unless it was the last, when the next one follows.
    assert.deepEqual(result.records.map((x) => /; fast lane had a server error, retry (\d) of 4 in (\d+) ms$/.exec(x.reason)?.slice(1)),
      [['1', '60'], ['2', '120'], ['3', '150'], ['4', '150'], undefined]);
    assert.match(result.records[4]!.reason, /^fast lane had a server error, retry 4 of 4 in 150 ms$/);
    assert.equal(!result.ok && result.message, 'The fast lane (gemini-3.5-flash) answered 503 5 times; fallback is off for completions. Nothing was changed.');
    assert.equal(r.emu.requests.length, 5);
    gaps(r).forEach((gap, i) => assert.ok(gap >= [60, 120, 150, 150][i]! - 10, `gap ${i} was ${gap} ms`));
    await assertStored(r, result.records);
  });

  it('a cancel during the backoff sleeps no further and sends nothing more', async () => {
    r = await rig();
    r.emu.script(fast({ fault: { kind: 'rate_limited', retryAfterMs: 1_500 } }), fast({ text: 'ok', reasoningTokens: 0 }));
    const controller = new AbortController();
    let abortedAt = 0;
    const watch = setInterval(() => {
      if (r.emu.requests[0]?.endedAt === undefined) return;
      clearInterval(watch);
      setTimeout(() => { abortedAt = performance.now(); controller.abort(); }, 100);
    }, 5);
    const result = await r.pipeline.run(task('quickEdit', { signal: controller.signal }));
    clearInterval(watch);
    const returnedAfter = performance.now() - abortedAt;
    assert.ok(abortedAt > 0 && returnedAfter < 300, `returned ${returnedAfter} ms after the cancel`);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.kind, 'cancelled');
    assert.deepEqual(outcomes(result.records), [['fast', 'error:rate_limited']]);
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    assert.equal(r.emu.requests.length, 1, 'nothing was sent after the cancel');
    await assertStored(r, result.records);
  });

  for (const [name, fault, kind] of [
    ['an error event', { text: LONG, fault: { kind: 'stream_error', afterPieces: 4 } }, 'server'],
    ['an early close', { text: LONG, fault: { kind: 'truncate', afterPieces: 4 } }, 'network'],
  ] as const) {
    it(`does not retry a stream broken by ${name} once output has streamed`, async () => {
      r = await rig();
      r.emu.script(fast(fault), fast({ text: 'ok', reasoningTokens: 0 }));
      let streamed = '';
      const result = await r.pipeline.run(task('completion', { onText: (d) => { streamed += d; } }));
      assert.ok(streamed.length > 0, 'output reached the caller before the failure');
      assert.equal(!result.ok && result.errorKind, kind);
      assert.deepEqual(outcomes(result.records), [['fast', `error:${kind}`]]);
      assert.doesNotMatch(result.records[0]!.reason, /retry/);
      assert.match(!result.ok ? result.message : '', /^The fast lane \(gemini-3\.5-flash\) [^;]+; fallback is off for completions\./);
      assert.doesNotMatch(!result.ok ? result.message : '', /twice|times/);
      assert.equal(r.emu.requests.length, 1);
      await assertStored(r, result.records);
    });
  }

  it('a quick edit broken mid-stream moves to the other lane as a new attempt, not a retry', async () => {
    r = await rig();
    r.emu.script(fast({ text: LONG, fault: { kind: 'stream_error', afterPieces: 4 } }), { match: { protocol: 'responses' }, text: 'deep answer', reasoningTokens: 0 });
    const attempts: number[] = [];
    const result = await r.pipeline.run(task('quickEdit', { onAttempt: (info) => attempts.push(info.attempt) }));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.value, 'deep answer');
    assert.deepEqual(outcomes(result.records), [['fast', 'fell_back'], ['deep', 'ok']]);
    assert.match(result.records[0]!.reason, /after its output had started, so fell back to the deep lane$/);
    assert.deepEqual(attempts, [0, 1], 'the caller is told a new attempt starts');
    assert.deepEqual(r.emu.requests.map((q) => q.protocol), ['gemini', 'responses']);
  });
});
