// The breaker means what it says: only provider faults count; cancellations,
// auth errors and bad requests neither trip nor reset it; Retry-After lengthens
// the cooldown. Checked on the pure rules and on the router's runtime state,
// and through the pipeline against the emulator.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { breakerSignal, breakerStatus } from '../../../src/core/policy-breaker.ts';
import { DEFAULT_POLICY } from '../../../src/core/policy-config.ts';
import type { ProviderErrorKind } from '../../../src/core/provider-types.ts';
import { RouterRuntime } from '../../../src/pipeline/router-runtime.ts';
import { coolingLine } from '../../../src/vscode/usage/meter-view.ts';
import { rig, type Rig } from './helpers.ts';

describe('circuit breaker', () => {
  let r: Rig | undefined;
  afterEach(async () => { await r?.close(); r = undefined; });

  it('classifies attempt ends: faults count, the rest is neutral', () => {
    const kinds: Record<ProviderErrorKind, 'fault' | 'neutral'> = {
      rate_limited: 'fault', server: 'fault', timeout: 'fault', network: 'fault',
      cancelled: 'neutral', auth: 'neutral', bad_request: 'neutral', invalid_output: 'neutral',
    };
    for (const [kind, signal] of Object.entries(kinds)) assert.equal(breakerSignal(kind as ProviderErrorKind), signal, kind);
    assert.equal(breakerSignal(undefined), 'ok');
  });

  it('cancellations between faults neither reset the count nor hide an outage', () => {
    let now = 1_000;
    const router = new RouterRuntime(() => now);
    const fault = { kind: 'server' as const, message: '503', status: 503 };
    router.recordLaneOutcome('fast', fault, DEFAULT_POLICY);
    router.recordLaneOutcome('fast', { kind: 'cancelled', message: 'typed on' }, DEFAULT_POLICY);
    router.recordLaneOutcome('fast', fault, DEFAULT_POLICY);
    router.recordLaneOutcome('fast', { kind: 'auth', message: '401' }, DEFAULT_POLICY);
    router.recordLaneOutcome('fast', { kind: 'bad_request', message: '400' }, DEFAULT_POLICY);
    assert.equal(router.state().breakers.fast.consecutiveFailures, 2);
    router.recordLaneOutcome('fast', fault, DEFAULT_POLICY);
    assert.equal(breakerStatus(router.state().breakers.fast, now), 'open');
    // While open, a cancellation does not close it either.
    router.recordLaneOutcome('fast', { kind: 'cancelled', message: 'typed on' }, DEFAULT_POLICY);
    assert.equal(breakerStatus(router.state().breakers.fast, now), 'open');
    now += 5_001;
    assert.equal(breakerStatus(router.state().breakers.fast, now), 'half_open');
  });

  it('the cooldown is the longer of the policy\'s and Retry-After', () => {
    const now = 0;
    const router = new RouterRuntime(() => now);
    for (let i = 0; i < 3; i++) router.recordLaneOutcome('deep', { kind: 'rate_limited', message: '429', status: 429, retryAfterMs: 37_000 }, DEFAULT_POLICY);
    assert.equal(router.state().breakers.deep.openUntilMs, 37_000);
    const short = new RouterRuntime(() => now);
    for (let i = 0; i < 3; i++) short.recordLaneOutcome('deep', { kind: 'rate_limited', message: '429', status: 429, retryAfterMs: 1_000 }, DEFAULT_POLICY);
    assert.equal(short.state().breakers.deep.openUntilMs, DEFAULT_POLICY.breaker.cooldownMs);
    assert.equal(coolingLine({ lane: 'deep', seconds: 37 }), 'deep lane cooling down, 37 s');
  });

  it('through the pipeline: a 401 and a cancelled request leave the breaker as it was', async () => {
    r = await rig();
    const task = (signal?: AbortSignal) => ({ kind: 'completion' as const, inputTokens: 10, prompt: () => ({ prompt: 'x' }), validate: (o: string) => ({ ok: true as const, value: o }), signal });
    r.emu.script({ match: { protocol: 'gemini' }, fault: { kind: 'http', status: 503 } }, { match: { protocol: 'gemini' }, fault: { kind: 'unauthorized' } });
    // The 503 is retried and the retry gets a 401: one fault, then a neutral end.
    const failed = await r.pipeline.run(task());
    assert.deepEqual(failed.records.map((x) => x.outcome), ['error:server', 'error:auth']);
    assert.equal(r.pipeline.router.state().breakers.fast.consecutiveFailures, 1, 'the 401 did not reset the 503');
    r.emu.script({ match: { protocol: 'gemini' }, firstByteDelayMs: 5_000 });
    const abort = new AbortController();
    const pending = r.pipeline.run(task(abort.signal));
    setTimeout(() => abort.abort(), 200);
    const cancelled = await pending;
    assert.equal(!cancelled.ok && cancelled.kind, 'cancelled');
    assert.equal(r.pipeline.router.state().breakers.fast.consecutiveFailures, 1, 'the cancellation did not reset it either');
  });
});

describe('block records', () => {
  it('admits one per key per minute on the router\'s clock; each key (cause) has its own minute', () => {
    let now = 1_000_000;
    const router = new RouterRuntime(() => now);
    assert.equal(router.admitBlockRecord('completion:blocked_budget'), true);
    assert.equal(router.admitBlockRecord('completion:blocked_budget'), false);
    assert.equal(router.admitBlockRecord('completion:blocked_cooldown'), true, 'another cause is recorded at once');
    now += 59_999;
    assert.equal(router.admitBlockRecord('completion:blocked_budget'), false);
    now += 1;
    assert.equal(router.admitBlockRecord('completion:blocked_budget'), true);
    assert.equal(router.admitBlockRecord('completion:blocked_cooldown'), true);
    assert.equal(router.admitBlockRecord('completion:blocked_cooldown'), false);
  });
});
