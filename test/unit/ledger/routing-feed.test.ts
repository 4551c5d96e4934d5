// The ledger service keeps the router's statistics: fed once with every record and event it
// accepts (its own appends, another process's through the follower, the previous month at
// start), and a reset written by the CLI reaches a running service without a restart.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { LedgerEvent, LedgerRecord } from '../../../src/core/ledger-record.ts';
import { monthBefore, LedgerService } from '../../../src/ledger/service.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';
import { record } from '../helpers/ledger-fixtures.ts';

const SHAPE = 'quickEdit|python|40-80';
const NOW = Date.parse('2026-03-15T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

/** A first attempt of a quick edit of the shape on a lane, with its routing note. */
function attempt(id: string, lane: 'fast' | 'deep', outcome: LedgerRecord['outcome'], timeMs: number, shape = SHAPE): LedgerRecord {
  return record({
    id, taskId: `task-${id}`, kind: 'quickEdit', lane, outcome, time: iso(timeMs), language: 'python',
    ...(lane === 'deep' ? { provider: 'openai', model: 'gpt-5.5' } : {}),
    routing: { shape, staticLane: 'fast', basis: 'prior' },
  });
}

const event = (id: string, kind: LedgerEvent['event'], timeMs: number, over: Partial<LedgerEvent> = {}): LedgerEvent =>
  ({ v: 1, type: 'event', id, time: iso(timeMs), event: kind, taskId: `task-${id}`, kind: 'quickEdit', ...over });

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let root = '';
before(async () => { root = await mkdtemp(join(tmpdir(), 'switchyard-routing-feed-')); });
after(async () => { await rm(root, { recursive: true, force: true }); });

describe('ledger service: the routing statistics', () => {
  it('learns from its own appends, once each, and from the events that judge them', async () => {
    const service = new LedgerService(join(root, 'own'), { now: () => NOW });
    try {
      await service.start();
      assert.equal(service.routing.figures(SHAPE, NOW), undefined, 'nothing learned yet');
      await service.append(attempt('f1', 'fast', 'escalated', NOW));
      await service.append(attempt('f2', 'fast', 'ok', NOW));
      await service.append(attempt('f3', 'fast', 'ok', NOW));
      // The user rejected f3's edit after all: a failure of the fast lane.
      await service.append(event('x3', 'rejected', NOW, { taskId: 'task-f3', requestId: 'f3' }));
      // The same record appended twice (a retried write) counts once.
      await service.append(attempt('f2', 'fast', 'ok', NOW));
      const fast = service.routing.figures(SHAPE, NOW)?.lanes.fast;
      assert.ok(fast, 'the shape has figures');
      assert.equal(Math.round(fast.n), 3, 'three judged fast attempts');
      assert.equal(Math.round(fast.ok), 1, 'one of them succeeded');
    } finally {
      await service.dispose();
    }
  });

  it('learns from another process\'s appends through the follower', async () => {
    const dir = join(root, 'other');
    const service = new LedgerService(dir, { now: () => NOW, pollMs: 20 });
    const other = new LedgerStore(dir, { now: () => NOW });
    try {
      await service.start();
      await other.append(attempt('o1', 'fast', 'escalated', NOW));
      await other.append(attempt('o2', 'deep', 'ok', NOW));
      await until(() => Math.round(service.routing.figures(SHAPE, NOW)?.lanes.deep.n ?? 0) === 1, 'the other process\'s deep attempt');
      const f = service.routing.figures(SHAPE, NOW)!;
      assert.deepEqual([Math.round(f.lanes.fast.n), Math.round(f.lanes.fast.ok), Math.round(f.lanes.deep.ok)], [1, 0, 1]);
    } finally {
      await other.close();
      await service.dispose();
    }
  });

  it('reads the previous month once after start, for the statistics only, so what was learned survives the turn of the month', async () => {
    const dir = join(root, 'months');
    const early = Date.parse('2026-03-02T09:00:00Z');
    const lastMonth = Date.parse('2026-02-27T09:00:00Z');
    const store = new LedgerStore(dir, { utcOffsetMinutes: () => 0 });
    await store.append(attempt('p1', 'fast', 'escalated', lastMonth));
    await store.append(attempt('p2', 'fast', 'escalated', lastMonth));
    await store.append(attempt('c1', 'fast', 'ok', early));
    await store.close();
    const service = new LedgerService(dir, { now: () => early + HOUR });
    try {
      await service.routingLoaded();
      assert.deepEqual(service.records().map((r) => r.id), ['c1'], 'this month\'s records: the meter and the panel are unchanged');
      assert.equal(service.aggregate.month().all.requests, 1);
      const fast = service.routing.figures(SHAPE, early + HOUR)!.lanes.fast;
      assert.ok(fast.n > 2.5 && fast.n < 3, `the two February failures count, a little decayed (n ${fast.n})`);
      assert.ok(fast.ok > 0.99 && fast.ok <= 1, `ok ${fast.ok}`);
    } finally {
      await service.dispose();
    }
  });

  it('a previous month of many slices is learned from whole, line by line, a crash fragment at its end skipped', async () => {
    const dir = join(root, 'big-month');
    const lastMonth = Date.parse('2026-02-20T09:00:00Z');
    const store = new LedgerStore(dir, { utcOffsetMinutes: () => 0 });
    // About 500 bytes a line: 600 lines span several of the service's slices.
    for (let i = 0; i < 600; i++) await store.append(attempt(`b${i}`, 'fast', i % 4 === 0 ? 'escalated' : 'ok', lastMonth));
    await store.close();
    await writeFile(join(dir, 'ledger-2026-02.jsonl'), '{"v":1,"id":"torn', { flag: 'a' });
    const now = Date.parse('2026-03-01T09:00:00Z');
    const service = new LedgerService(dir, { now: () => now });
    try {
      await service.routingLoaded();
      assert.deepEqual(service.records(), [], 'February is not this month');
      const fast = service.routing.figures(SHAPE, now)!.lanes.fast;
      // Nine days at a 14-day half-life: each weighs 0.5^(9/14).
      const w = 0.5 ** (9 / 14);
      assert.ok(Math.abs(fast.n - 600 * w) < 0.5, `n ${fast.n} vs ${600 * w}`);
      assert.ok(Math.abs(fast.ok - 450 * w) < 0.5, `ok ${fast.ok} vs ${450 * w}`);
    } finally {
      await service.dispose();
    }
  });

  it('an unreadable previous month holds up nothing: this month loads, and routingLoaded says what failed', async () => {
    const dir = join(root, 'unreadable');
    await mkdir(join(dir, 'ledger-2026-02.jsonl'), { recursive: true });
    const store = new LedgerStore(dir, { utcOffsetMinutes: () => 0 });
    await store.append(attempt('u1', 'fast', 'ok', NOW));
    await store.close();
    const service = new LedgerService(dir, { now: () => NOW });
    try {
      await service.start();
      assert.deepEqual(service.records().map((r) => r.id), ['u1']);
      await assert.rejects(service.routingLoaded(), /EISDIR/);
      assert.equal(Math.round(service.routing.figures(SHAPE, NOW)!.lanes.fast.n), 1, 'this month is learned from');
    } finally {
      await service.dispose();
    }
  });

  it('a reset written by the CLI reaches a running service through the follower', async () => {
    const dir = join(root, 'reset');
    // The CLI stamps its reset with the real clock, so the history is set in the real present.
    const now = Date.now();
    const service = new LedgerService(dir, { pollMs: 20 });
    try {
      await service.start();
      await service.append(attempt('r1', 'fast', 'escalated', now - 2 * HOUR));
      await service.append(attempt('r2', 'fast', 'escalated', now - HOUR));
      await service.append(attempt('r3', 'fast', 'ok', now - HOUR, 'quickEdit|python|0-10'));
      assert.equal(Math.round(service.routing.figures(SHAPE, Date.now())!.lanes.fast.n), 2);
      const cli = join(import.meta.dirname, '../../../src/cli/main.ts');
      const { stdout } = await promisify(execFile)(process.execPath, [cli, 'route', '--reset', '--shape', SHAPE, '--ledger-dir', dir], { env: { ...process.env, SWITCHYARD_LEDGER_DIR: '' } });
      assert.match(stdout, /forgot what routing learned of shape quickEdit\|python\|40-80/);
      await until(() => (service.routing.figures(SHAPE, Date.now())?.lanes.fast.n ?? 0) === 0, 'the reset to reach the running service');
      assert.equal(Math.round(service.routing.figures('quickEdit|python|0-10', Date.now())!.lanes.fast.n), 1, 'another shape is kept');
      assert.deepEqual(service.events().filter((e) => e.event === 'routing_reset').map((e) => [e.kind, e.shape]), [['quickEdit', SHAPE]]);
      assert.equal(service.aggregate.month().all.requests, 3, 'a reset is no request and forgets nothing of the spend');
      const file = await readFile(join(dir, `ledger-${service.store.currentMonth()}.jsonl`), 'utf8');
      assert.equal(file.trim().split('\n').length, 4, 'three records and one reset event');
    } finally {
      await service.dispose();
    }
  });

  it('names the month before, across the turn of the year', () => {
    assert.deepEqual(['2026-03', '2026-01', '2026-10'].map(monthBefore), ['2026-02', '2025-12', '2026-09']);
  });
});
