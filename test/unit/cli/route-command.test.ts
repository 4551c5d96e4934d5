// switchyard route: the learned table from a real ledger folder (text and JSON), forgetting it
// with routing_reset events, and clear usage errors.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import type { LedgerEntry, LedgerRecord } from '../../../src/core/ledger-record.ts';
import { runCli } from '../../../src/cli/run.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';
import { record } from '../helpers/ledger-fixtures.ts';

const SHAPE = 'quickEdit|python|40-80';
const HOUR = 3_600_000;

/** A quick edit's first attempt `hoursAgo` (so decay barely touches it), with its routing note. */
function attempt(id: string, shape: string, lane: 'fast' | 'deep', outcome: LedgerRecord['outcome'], hoursAgo = 1): LedgerRecord {
  const kind = shape.split('|')[0] as LedgerRecord['kind'];
  return record({
    id, taskId: `task-${id}`, kind, lane, outcome, time: new Date(Date.now() - hoursAgo * HOUR).toISOString(), language: shape.split('|')[1],
    costNanos: lane === 'fast' ? 2_000_000 : 9_000_000, timings: { endMs: lane === 'fast' ? 2_000 : 7_000 },
    ...(lane === 'deep' ? { provider: 'openai', model: 'gpt-5.5' } : {}),
    routing: { shape, staticLane: kind === 'quickEdit' || kind === 'agent' ? 'fast' : 'deep', basis: 'prior' },
  });
}

/** Quick edits of 40-80 Python lines the fast lane fails two times in three, and a refactor shape. */
function history(): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (let i = 0; i < 9; i++) {
    out.push(attempt(`f${i}`, SHAPE, 'fast', i % 3 === 0 ? 'ok' : 'escalated'));
    if (i % 3 !== 0) out.push({ ...attempt(`d${i}`, SHAPE, 'deep', 'ok'), taskId: `task-f${i}`, attempt: 1 });
  }
  out.push(attempt('r1', 'refactor|typescript|2-4', 'deep', 'ok'), attempt('r2', 'refactor|typescript|2-4', 'deep', 'ok'));
  return out;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd: process.cwd(), env }, process.cwd());
  return { code, out, err };
}

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function ledgerWith(entries: LedgerEntry[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-route-'));
  dirs.push(dir);
  const store = new LedgerStore(dir);
  for (const e of entries) await store.append(e);
  await store.close();
  return dir;
}

async function linesOf(dir: string): Promise<LedgerEntry[]> {
  const store = new LedgerStore(dir);
  const read = await store.readMonth(store.currentMonth());
  await store.close();
  return [...read.records, ...read.events];
}

describe('switchyard route --explain', () => {
  let dir: string;
  beforeEach(async () => { dir = await ledgerWith(history()); });

  it('prints each shape with its lanes\' records and the settings in force', async () => {
    const r = await cli(['route', '--explain', '--ledger-dir', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /learning on; preference balanced; exploration 5%/);
    assert.match(r.out, /quickEdit\|python\|40-80 {2}\(quick edit, Python, 40-80 lines\)/);
    assert.match(r.out, /fast lane succeeded 3 of 9/);
    assert.match(r.out, /deep lane succeeded 6 of 6/);
    assert.match(r.out, /refactor\|typescript\|2-4/);
  });

  it('filters by a shape prefix, and says when nothing matches', async () => {
    const only = await cli(['route', '--explain', '--shape', 'quickEdit|python', '--ledger-dir', dir]);
    assert.equal(only.code, 0, only.err);
    assert.match(only.out, /quickEdit\|python\|40-80/);
    assert.doesNotMatch(only.out, /refactor/);
    const none = await cli(['route', '--explain', '--shape', 'agent|', '--ledger-dir', dir]);
    assert.equal(none.code, 0);
    assert.match(none.out, /nothing learned yet matching agent\|/);
  });

  it('--json gives the rows and the settings; a config file turns learning off', async () => {
    const config = join(dir, 'settings.json');
    writeFileSync(config, JSON.stringify({ 'switchyard.routing.learning': false, 'switchyard.routing.preference': 'cost' }));
    const r = await cli(['route', '--explain', '--json', '--config', config, '--ledger-dir', dir]);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as { settings: { learning: boolean; preference: string }; rows: { shape: string; fast: { n: number; ok: number } }[] };
    assert.deepEqual(out.settings.learning, false);
    assert.equal(out.settings.preference, 'cost');
    const row = out.rows.find((x) => x.shape === SHAPE);
    assert.ok(row, 'the shape is a row');
    assert.deepEqual([Math.round(row.fast.n), Math.round(row.fast.ok)], [9, 3]);
    assert.deepEqual(out.rows.map((x) => x.shape), [...out.rows.map((x) => x.shape)].sort(), 'sorted by key');
  });

  it('an empty ledger says what will appear', async () => {
    const empty = await ledgerWith([]);
    const r = await cli(['route', '--explain', '--ledger-dir', empty]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /nothing learned yet: rows appear once tasks of a shape have been judged/);
  });
});

describe('switchyard route --reset', () => {
  let dir: string;
  beforeEach(async () => { dir = await ledgerWith(history()); });
  afterEach(() => undefined);

  it('one shape: one routing_reset event naming it, and the shape is gone from the table', async () => {
    const r = await cli(['route', '--reset', '--shape', SHAPE, '--ledger-dir', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /forgot what routing learned of shape quickEdit\|python\|40-80 .*\(1 routing_reset event in /);
    assert.match(r.out, /forgotten:\n {2}quickEdit\|python\|40-80/);
    assert.match(r.out, /fast lane succeeded 3 of 9/, 'says what was forgotten, with its numbers');
    const resets = (await linesOf(dir)).filter((e) => 'event' in e && e.event === 'routing_reset');
    assert.deepEqual(resets.map((e) => 'event' in e && [e.kind, e.shape]), [['quickEdit', SHAPE]]);
    const after = await cli(['route', '--explain', '--json', '--ledger-dir', dir]);
    assert.deepEqual((JSON.parse(after.out) as { rows: { shape: string }[] }).rows.map((x) => x.shape), ['refactor|typescript|2-4']);
  });

  it('every kind: one event per kind, and the table is empty', async () => {
    const r = await cli(['route', '--reset', '--ledger-dir', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /every shape of every kind .*\(5 routing_reset events/);
    const resets = (await linesOf(dir)).filter((e) => 'event' in e && e.event === 'routing_reset');
    assert.deepEqual(resets.map((e) => 'event' in e && e.kind).sort(), ['agent', 'astTransform', 'completion', 'quickEdit', 'refactor']);
    assert.ok(resets.every((e) => !('shape' in e) || e.shape === undefined));
    const after = await cli(['route', '--explain', '--ledger-dir', dir]);
    assert.match(after.out, /nothing learned yet/);
  });

  it('one kind keeps the others', async () => {
    const r = await cli(['route', '--reset', '--kind', 'refactor', '--ledger-dir', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /every refactor shape/);
    const after = await cli(['route', '--explain', '--json', '--ledger-dir', dir]);
    assert.deepEqual((JSON.parse(after.out) as { rows: { shape: string }[] }).rows.map((x) => x.shape), [SHAPE]);
  });

  it('a shape with nothing learned writes nothing and names the shapes that have figures', async () => {
    const r = await cli(['route', '--reset', '--shape', 'quickEdit|python|0-10', '--ledger-dir', dir]);
    assert.equal(r.code, 1);
    assert.match(r.err, /nothing learned for shape "quickEdit\|python\|0-10", so nothing to forget; nothing was written/);
    assert.match(r.err, /shapes of quickEdit with figures: quickEdit\|python\|40-80/);
    assert.equal((await linesOf(dir)).filter((e) => 'event' in e).length, 0);
  });
});

describe('switchyard route: usage errors', () => {
  const cases: [string[], RegExp][] = [
    [[], /choose one of --explain and --reset/],
    [['--explain', '--reset'], /choose one of --explain and --reset/],
    [['--explain', '--kind', 'chat'], /--kind must be one of completion, quickEdit, refactor, astTransform, agent, got "chat"/],
    [['--reset', '--shape', 'edit|python'], /--shape must start with a task kind/],
    [['--reset', '--json'], /--json goes with --explain/],
    [['--reset', '--shape', SHAPE, '--kind', 'quickEdit'], /give --shape or --kind, not both/],
    [['--explain', '--shape', ' '], /--shape needs a shape key/],
    [['--explain', '--bogus'], /Unknown option '--bogus'/],
    [['--explain', 'extra'], /unexpected argument: extra/],
  ];
  for (const [args, message] of cases) {
    it(`route ${args.join(' ') || '(no flags)'}: exit 2 with the usage`, async () => {
      const dir = await ledgerWith([]);
      const r = await cli(['route', ...args, '--ledger-dir', dir]);
      assert.equal(r.code, 2, r.out);
      assert.match(r.err, message);
      assert.match(r.err, /usage: switchyard route --explain/);
      assert.equal((await linesOf(dir)).length, 0, 'nothing written');
    });
  }

  it('--help prints the usage; the command list names route', async () => {
    const help = await cli(['route', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /switchyard route --reset \[--shape KEY \| --kind KIND\]/);
    const all = await cli(['--help']);
    assert.match(all.out, /route +What adaptive routing learned/);
  });
});
