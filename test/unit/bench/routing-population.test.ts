// The routing benchmark's population generator and replay harness: a seed fixes the
// population, every probability is a probability, tasks come in time order inside
// working hours, and on a tiny population the replay runs the real route() and
// escalation rules, writes lines the ledger accepts, and keeps the policies' books
// straight (all-deep never escalates, the oracle succeeds wherever any lane can).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { shapeOf } from '../../../src/core/routing-shape.ts';
import type { LedgerEvent } from '../../../src/core/ledger-event.ts';
import { validateEntry, type LedgerRecord } from '../../../src/core/ledger-record.ts';
import { priceFnFrom } from '../../../src/pipeline/lane-setup.ts';
import { replay, type Learner } from '../../../bench/routing/harness.ts';
import { configFor, POLICIES, type PolicySpec } from '../../../bench/routing/policies.ts';
import { generatePopulation, START_MS, truthFor, WEEKS, withShift, type Population } from '../../../bench/routing/population.ts';
import { summarise } from '../../../bench/routing/report.ts';
import { attemptResult, oracleLane } from '../../../bench/routing/world.ts';

const price = priceFnFrom({});
const spec = (id: string): PolicySpec => POLICIES.find((p) => p.id === id)!;

function checkPopulation(pop: Population, count: number): void {
  assert.equal(pop.tasks.length, count);
  let last = -Infinity;
  for (const t of pop.tasks) {
    assert.ok(t.timeMs >= last, 'tasks in time order');
    last = t.timeMs;
    assert.ok(t.timeMs >= START_MS && t.timeMs < START_MS + WEEKS * 7 * 86_400_000);
    const day = new Date(t.timeMs);
    assert.ok(day.getUTCDay() >= 1 && day.getUTCDay() <= 5, 'a weekday');
    assert.ok(day.getUTCHours() >= 9 && day.getUTCHours() < 18, 'working hours');
    assert.equal(t.shape, shapeOf({ kind: t.kind, language: t.language, editLines: t.editLines, fileCount: t.fileCount, inputTokens: t.inputTokens, step: t.step }).key);
    for (const lane of ['fast', 'deep'] as const) {
      const u = t.usage[lane];
      assert.ok(u.input === t.inputTokens && u.cached <= u.input && u.reasoning <= u.output && u.output > 0);
    }
    assert.ok(t.usage.deep.output >= t.usage.fast.output - t.usage.fast.reasoning, 'the same visible answer on both lanes');
    const truth = pop.shapes.get(t.shape)!;
    for (const p of [truth.p.fast, truth.p.deep, truth.caught]) assert.ok(p > 0 && p < 1, `${t.shape}: ${p}`);
  }
}

describe('routing population', () => {
  it('is fixed by its seed: the same seed gives the same population, another seed another', () => {
    assert.deepEqual(generatePopulation(17, 200), generatePopulation(17, 200));
    assert.notDeepEqual(generatePopulation(17, 200).tasks, generatePopulation(18, 200).tasks);
  });

  it('the benchmark seed covers every kind, both agent steps and many shapes, within bounds', () => {
    const pop = generatePopulation(17, 5000);
    checkPopulation(pop, 5000);
    const kinds = new Set(pop.tasks.map((t) => (t.kind === 'agent' ? `agent ${t.step}` : t.kind)));
    assert.deepEqual([...kinds].sort(), ['agent act', 'agent think', 'astTransform', 'quickEdit', 'refactor']);
    assert.ok(pop.shapes.size >= 60, `${pop.shapes.size} shapes`);
    // The hidden truth spreads: some shapes the fast lane handles, some it mostly fails.
    const fast = [...pop.shapes.values()].map((s) => s.p.fast);
    assert.ok(Math.min(...fast) < 0.3 && Math.max(...fast) > 0.9);
  });

  it('holds for any seed (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => checkPopulation(generatePopulation(seed, 60), 60)),
      { seed: 17_2026, numRuns: 30, examples: [[0], [1], [17], [2 ** 31 - 1]] });
  });

  it('a shift changes only its shape, and only from its middle task on', () => {
    const pop = generatePopulation(17, 1000);
    const shape = pop.tasks[0]!.shape;
    const shifted = withShift(pop, shape, 0.1);
    const own = pop.tasks.filter((t) => t.shape === shape);
    const from = own[Math.floor(own.length / 2)]!.timeMs;
    for (const t of pop.tasks) {
      const want = t.shape === shape && t.timeMs >= from ? 0.1 : pop.shapes.get(t.shape)!.p.fast;
      assert.equal(truthFor(shifted, t).p.fast, want);
    }
  });

  it('attempt draws follow the hidden probabilities', () => {
    const pop = generatePopulation(17, 5000);
    let expected = 0;
    let kept = 0;
    for (const t of pop.tasks) {
      expected += truthFor(pop, t).p.fast;
      if (attemptResult(pop, t, 'fast', 0) === 'ok') kept++;
    }
    assert.ok(Math.abs(kept - expected) < 3 * Math.sqrt(pop.tasks.length), `${kept} kept vs ${expected.toFixed(0)} expected`);
  });
});

/** Keeps what the replay feeds, and answers nothing (the router then decides as the static table). */
class Recorder implements Learner {
  records: LedgerRecord[] = [];
  events: LedgerEvent[] = [];
  /** When each line came to exist (a record when its attempt ended), in the order fed. */
  fedAt: number[] = [];
  addRecord(r: LedgerRecord): void { this.records.push(r); this.fedAt.push(Date.parse(r.time) + r.timings.endMs); }
  addEvent(e: LedgerEvent): void { this.events.push(e); this.fedAt.push(Date.parse(e.time)); }
  figures(): undefined { return undefined; }
}

describe('routing replay harness (tiny population)', () => {
  const pop = generatePopulation(5, 80);

  it('all-deep sends every task to the deep lane first and never escalates', () => {
    const run = replay(pop, spec('deep'), { cfg: configFor(spec('deep')), price });
    assert.ok(run.tasks.every((t) => t.firstLane === 'deep' && !t.escalated && !t.blocked));
  });

  it('the static table sends refactors and AST transforms deep, small quick edits and act steps fast, and escalates caught failures', () => {
    const run = replay(pop, spec('static'), { cfg: configFor(spec('static')), price });
    run.tasks.forEach((r, i) => {
      const t = pop.tasks[i]!;
      if (t.kind === 'refactor' || t.kind === 'astTransform' || t.step === 'think') assert.equal(r.firstLane, 'deep', t.shape);
      if (t.kind === 'quickEdit' && t.editLines! <= 80) assert.equal(r.firstLane, 'fast', t.shape);
      if (r.firstLane === 'fast' && attemptResult(pop, t, 'fast', 0) === 'caught') assert.ok(r.escalated && r.attempts >= 2, `${t.id} escalates`);
      if (r.firstLane === 'fast' && attemptResult(pop, t, 'fast', 0) !== 'caught') assert.equal(r.attempts, 1);
    });
  });

  it('feeds the learner ledger lines in time order, each valid, records carrying the routing note', () => {
    const learner = new Recorder();
    const run = replay(pop, spec('static'), { cfg: configFor(spec('static')), price, learner });
    assert.equal(learner.records.length, run.tasks.reduce((n, t) => n + t.attempts, 0));
    for (const line of [...learner.records, ...learner.events]) assert.equal(validateEntry(line), undefined);
    for (const r of learner.records) assert.ok(r.routing && r.routing.shape === pop.tasks.find((t) => r.taskId.endsWith(t.id))!.shape);
    assert.ok(learner.events.length > 0);
    learner.fedAt.forEach((at, i) => assert.ok(i === 0 || at >= learner.fedAt[i - 1]!, `line ${i} fed out of time order`));
    // A user rejection follows every wrong answer that passed validation.
    const rejected = new Set(learner.events.filter((e) => e.event === 'rejected').map((e) => e.requestId));
    assert.equal(rejected.size, run.tasks.filter((t) => t.silentFailure).length);
  });

  it('the oracle succeeds wherever all-deep or all-fast does, and costs no more than all-deep', () => {
    const oracle = replay(pop, spec('oracle'), { cfg: configFor(spec('oracle')), price, pin: (t) => oracleLane(pop, t) });
    const deep = replay(pop, spec('deep'), { cfg: configFor(spec('deep')), price });
    const fast = replay(pop, spec('fast'), { cfg: configFor(spec('fast')), price });
    oracle.tasks.forEach((o, i) => {
      if (deep.tasks[i]!.ok || fast.tasks[i]!.ok) assert.ok(o.ok, pop.tasks[i]!.id);
    });
    const [so, sd] = [summarise(pop, oracle), summarise(pop, deep)];
    assert.ok(so.costUsd < sd.costUsd && so.succeeded >= sd.succeeded);
  });
});
