// The ledger service feeds requests and events to one aggregate, from an old file, its own
// appends and another window's lines alike.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LedgerEvent } from '../../../src/core/ledger-record.ts';
import { LedgerService } from '../../../src/ledger/service.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';
import { record } from '../helpers/ledger-fixtures.ts';

const NOW = () => Date.parse('2026-03-15T12:00:00Z');
let root = '';
before(async () => { root = await mkdtemp(join(tmpdir(), 'switchyard-service-')); });
after(async () => { await rm(root, { recursive: true, force: true }); });

// Lines as versions before event records wrote them: a request, a cache hit and two acceptances
// as zero-cost records of their own (with fresh task ids), and a cooldown written as a budget block.
const LEGACY = [
  '{"v":1,"id":"a1","taskId":"t1","attempt":0,"time":"2026-03-15T09:00:00.000Z","kind":"completion","lane":"fast","provider":"gemini","model":"gemini-3.5-flash","reason":"inline completion, so the fast lane","outcome":"ok","timings":{"firstTokenMs":120,"endMs":310},"tokens":{"input":1000,"cached":0,"output":30,"reasoning":0},"costNanos":1770000,"estimateNanos":1800000,"counterfactualNanos":9000000,"language":"typescript"}',
  '{"v":1,"id":"a2","taskId":"t2","attempt":0,"time":"2026-03-15T09:00:05.000Z","kind":"completion","lane":"fast","provider":"gemini","model":"gemini-3.5-flash","reason":"inline completion accepted","outcome":"ok","timings":{"endMs":0},"tokens":{"input":0,"cached":0,"output":0,"reasoning":0},"costNanos":0,"estimateNanos":0,"counterfactualNanos":0,"accepted":true}',
  '{"v":1,"id":"a3","taskId":"t3","attempt":0,"time":"2026-03-15T09:01:00.000Z","kind":"completion","lane":"fast","provider":"gemini","model":"gemini-3.5-flash","reason":"inline completion served from the prefix cache, no request","outcome":"ok","timings":{"endMs":0.4},"tokens":{"input":0,"cached":0,"output":0,"reasoning":0},"costNanos":0,"estimateNanos":0,"counterfactualNanos":0,"cacheHit":true}',
  '{"v":1,"id":"a4","taskId":"t4","attempt":0,"time":"2026-03-15T09:01:02.000Z","kind":"completion","lane":"fast","provider":"gemini","model":"gemini-3.5-flash","reason":"inline completion accepted","outcome":"ok","timings":{"endMs":0},"tokens":{"input":0,"cached":0,"output":0,"reasoning":0},"costNanos":0,"estimateNanos":0,"counterfactualNanos":0,"accepted":true,"cacheHit":true}',
  '{"v":1,"id":"a5","taskId":"t5","attempt":0,"time":"2026-03-15T09:02:00.000Z","kind":"completion","lane":"fast","provider":"gemini","model":"gemini-3.5-flash","reason":"daily budget reached","outcome":"blocked_budget","timings":{"endMs":0},"tokens":{"input":0,"cached":0,"output":0,"reasoning":0},"costNanos":0,"estimateNanos":1800000,"counterfactualNanos":0}',
];

const ev = (over: Partial<LedgerEvent> & Pick<LedgerEvent, 'id' | 'event' | 'taskId'>): LedgerEvent =>
  ({ v: 1, type: 'event', time: '2026-03-15T10:00:00.000Z', kind: 'quickEdit', ...over });

describe('ledger service: requests and events into one aggregate', () => {
  it('reads an old ledger file and counts it the new way', async () => {
    const dir = join(root, 'legacy');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'ledger-2026-03.jsonl'), LEGACY.join('\n') + '\n');
    const service = new LedgerService(dir, { now: NOW });
    try {
      await service.start();
      const all = service.aggregate.month().all;
      assert.equal(service.skippedLines, 0);
      assert.deepEqual([all.requests, all.blocked, all.blocks.blocked_budget], [1, 1, 1], 'the request, and the budget block apart');
      assert.deepEqual([all.accepted, all.cacheHits, all.events.shown], [2, 1, 1], 'two acceptances and one cache hit, as events');
      assert.equal(all.costNanos, 1_770_000);
      assert.deepEqual(all.total, { count: 1, p50: 310, p95: 310 }, 'the zero-cost lines add no 0 ms latency');
      assert.deepEqual([service.records().length, service.events().length], [2, 3]);
      assert.equal(service.lastRequest()?.id, 'a1', 'the block is not the last request');
    } finally {
      await service.dispose();
    }
  });

  it('takes its own events and another window\'s, once each, and tells listeners', async () => {
    const dir = join(root, 'live');
    const service = new LedgerService(dir, { now: NOW, pollMs: 20 });
    const other = new LedgerStore(dir, { now: NOW });
    try {
      await service.start();
      const heard: string[] = [];
      service.onEvents((es) => heard.push(...es.map((e) => e.id)));
      await service.append(record({ id: 'q1', taskId: 'Q', kind: 'quickEdit', time: '2026-03-15T10:00:00.000Z' }));
      await service.append(ev({ id: 'e1', event: 'shown', taskId: 'Q', requestId: 'q1' }));
      await service.append(ev({ id: 'e2', event: 'applied', taskId: 'Q', requestId: 'q1', files: ['src/a.ts'] }));
      // Another window records the same apply again (say, a retried write) and an undo.
      await other.append(ev({ id: 'e3', event: 'applied', taskId: 'Q', requestId: 'q1' }));
      await other.append(ev({ id: 'e4', event: 'undone', taskId: 'Q', requestId: 'q1', time: '2026-03-15T10:05:00.000Z' }));
      const deadline = Date.now() + 5_000;
      while (!heard.includes('e4') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(heard, ['e1', 'e2', 'e4'], 'the repeated apply is not news');
      const s = service.aggregate.today().byKind.quickEdit;
      assert.deepEqual([s.requests, s.events.shown, s.events.applied, s.events.undone], [1, 1, 1, 1]);
      assert.equal(service.lastRequest()?.id, 'q1');
    } finally {
      await other.close();
      await service.dispose();
    }
  });

  it('counts an own append in the old acceptance shape as the event a later read makes of it', async () => {
    const service = new LedgerService(join(root, 'own-legacy'), { now: NOW });
    try {
      await service.start();
      await service.append(record({ id: 'q2', time: '2026-03-15T10:00:00.000Z', timings: { endMs: 420 } }));
      await service.append(record({ id: 'acc', time: '2026-03-15T10:00:02.000Z', accepted: true, costNanos: 0, counterfactualNanos: 0, tokens: { input: 0, cached: 0, output: 0, reasoning: 0 }, timings: { endMs: 0 } }));
      const all = service.aggregate.today().all;
      assert.deepEqual([all.requests, all.accepted], [1, 1]);
      assert.equal(service.lastRequest()?.timings.endMs, 420, 'no "0 ms" after an accept');
      assert.deepEqual(service.events().map((e) => e.event), ['accepted']);
    } finally {
      await service.dispose();
    }
  });
});
