// The routing benchmark's shift series and completion-debounce simulation on small
// inputs: the series covers every task of the shifted shape once, lines up on the
// shift, and prices the lag against the deep lane; a longer debounce never sends,
// shows or accepts what a shorter one would not have, and every line it writes is
// one the ledger accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LedgerEvent } from '../../../src/core/ledger-event.ts';
import { validateEntry, type LedgerRecord } from '../../../src/core/ledger-record.ts';
import { RoutingStats } from '../../../src/core/routing-stats.ts';
import { priceFnFrom } from '../../../src/pipeline/lane-setup.ts';
import { simulateCompletions } from '../../../bench/routing/completions.ts';
import { replay, type Learner } from '../../../bench/routing/harness.ts';
import { configFor, POLICIES } from '../../../bench/routing/policies.ts';
import { generatePopulation, withShift } from '../../../bench/routing/population.ts';
import { shiftReport, WINDOW } from '../../../bench/routing/shift.ts';

const price = priceFnFrom({});
const spec = (id: string) => POLICIES.find((p) => p.id === id)!;

class Recorder implements Learner {
  lines: (LedgerRecord | LedgerEvent)[] = [];
  addRecord(r: LedgerRecord): void { this.lines.push(r); }
  addEvent(e: LedgerEvent): void { this.lines.push(e); }
  figures(): undefined { return undefined; }
}

describe('routing shift series', () => {
  const pop = generatePopulation(17, 1500);
  const shape = 'quickEdit|typescript|10-20';
  const shifted = withShift(pop, shape, 0.05);
  const stat = replay(shifted, spec('static'), { cfg: configFor(spec('static')), price });
  const deep = replay(shifted, spec('deep'), { cfg: configFor(spec('deep')), price });
  const r = shiftReport(shifted, [stat], deep, pop.shapes.get(shape)!.p.fast);

  it('covers every task of the shape once, in windows that line up on the shift', () => {
    const own = pop.tasks.filter((t) => t.shape === shape).length;
    assert.equal(r.tasksBefore + r.tasksAfter, own);
    const series = r.series.static!;
    const spans = series.map((w) => w.to - w.from + 1);
    assert.equal(spans.reduce((a, b) => a + b, 0), own);
    assert.ok(series.every((w) => (w.from < 0) === (w.to < 0)), 'no window straddles the shift');
    assert.ok(series.every((w) => w.to - w.from + 1 <= WINDOW));
    assert.equal(series.find((w) => w.from === 1)?.from, 1, 'a window starts at the first task after the shift');
  });

  it('the static table never moves the shape, and loses tasks the deep lane keeps', () => {
    assert.equal(r.firstDeep.static, null);
    assert.equal(r.settledAfter.static, null);
    assert.ok(r.lagTasksLost.static! > 0);
    const after = r.series.static!.filter((w) => w.from > 0);
    assert.equal(after.reduce((n, w) => n + w.fastFirst, 0), r.tasksAfter);
  });
});

describe('routing replay with the real statistics', () => {
  // The shape's fast lane stops working halfway: the adaptive router must notice from the lines it was fed.
  // (Quality preference: it wants 75% fast success, so the move does not hang on the cost figures.)
  const pop = withShift(generatePopulation(17, 1500), 'quickEdit|typescript|10-20', 0);
  const learnerFor = () => new RoutingStats({ halfLifeDays: configFor(spec('adaptive-quality')).routing.halfLifeDays });

  it('adaptive moves the broken shape to the deep lane, on learned figures; the static table never does', () => {
    const stats = learnerFor();
    const adaptive = replay(pop, spec('adaptive-quality'), { cfg: configFor(spec('adaptive-quality')), price, learner: stats });
    const stat = replay(pop, spec('static'), { cfg: configFor(spec('static')), price, learner: learnerFor() });
    const own = (r: typeof adaptive) => r.tasks.filter((t) => t.shape === pop.shift!.shape && pop.tasks[Number(t.id.slice(1)) - 1]!.timeMs >= pop.shift!.fromMs);
    const last = own(adaptive).slice(-10);
    assert.ok(last.filter((t) => t.firstLane === 'deep').length >= 8, `the last 10: ${last.map((t) => t.firstLane).join(' ')}`);
    assert.ok(last.some((t) => t.basis === 'learned'));
    assert.ok(own(stat).every((t) => t.firstLane === 'fast' && t.basis === 'static'));
    assert.equal(adaptive.notesFilledIn, 0, 'route() wrote every initial note itself');
    const moved = stats.versusStatic().get(pop.shift!.shape);
    assert.ok(moved && moved.tasks > 0, 'learning reports the tasks it moved off the static table');
  });
});

describe('routing completion debounce simulation', () => {
  const cfg = configFor(spec('adaptive-balanced'));
  const run = (debounce?: (base: number) => number, learner = new Recorder()) => ({
    learner,
    figures: simulateCompletions({ seed: 3, bursts: 40, cfg, price, baseMs: 150, adaptive: debounce ? { debounce: (_f, b) => debounce(b), learner } : undefined }),
  });

  it('a longer debounce never sends, shows or accepts more, and costs no more', () => {
    const short = run().figures;
    const long = run((b) => b * 3).figures;
    for (const s of short) {
      const l = long.find((x) => x.language === s.language)!;
      assert.equal(l.gaps, s.gaps);
      assert.ok(l.requests <= s.requests && l.shown <= s.shown && l.accepted <= s.accepted && l.costUsd <= s.costUsd, s.language);
      assert.ok(s.accepted <= s.shown && s.shown <= s.requests && s.requests <= s.gaps);
    }
    assert.ok(long.reduce((n, x) => n + x.requests, 0) < short.reduce((n, x) => n + x.requests, 0));
  });

  it('feeds valid records carrying the completion shape, then their shown and accepted events', () => {
    const { learner, figures } = run((b) => b);
    const records = learner.lines.filter((l): l is LedgerRecord => !('type' in l));
    assert.equal(records.length, figures.reduce((n, f) => n + f.requests, 0));
    for (const line of learner.lines) assert.equal(validateEntry(line), undefined);
    for (const r of records) assert.equal(r.routing?.shape, `completion|${r.language}`);
    const events = learner.lines.filter((l): l is LedgerEvent => 'type' in l);
    assert.equal(events.filter((e) => e.event === 'accepted').length, figures.reduce((n, f) => n + f.accepted, 0));
    assert.equal(events.filter((e) => e.event === 'shown').length, figures.reduce((n, f) => n + f.shown, 0));
  });
});
