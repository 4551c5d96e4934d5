import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeChunk, parseRouting, RecordEncoder } from '../../../src/core/ledger-rows.ts';
import { isWebviewMessage, type RoutingConfig, type RoutingNote, type RoutingPanel } from '../../../src/core/panel-messages.ts';
import { DEFAULT_POLICY } from '../../../src/core/policy-config.ts';
import { buildRoutingPanel } from '../../../src/vscode/usage/routing-panel.ts';
import {
  basisLabel, laneLines, laneNowLines, routingEmptyLines, routingNoteFacts, routingRowsInOrder, settingsLine, shapeLines, totalLine, versusLines,
} from '../../../src/webview/routing-model.ts';
import { sanitizeState } from '../../../src/webview/state.ts';
import { record } from '../helpers/ledger-fixtures.ts';
import { PY, routingLedger, TS_COMPLETION, TS_REFACTOR, statsFromLines } from '../helpers/routing-ledger.ts';

const ON: RoutingConfig = { learning: true, preference: 'balanced', exploration: 0.05, halfLifeDays: 14 };
const NOW = Date.parse('2026-03-15T12:00:00.000Z');

/** The view the host would send for the seeded ledger. */
function panel(policy = DEFAULT_POLICY): RoutingPanel {
  const { records, events } = routingLedger(NOW);
  return buildRoutingPanel(statsFromLines(records, events, policy.routing.halfLifeDays), NOW, policy);
}

describe('routing view: the rows in lines', () => {
  const p = panel();
  const row = (shape: string) => p.rows.find((r) => r.shape === shape)!;

  it('a shape the fast lane keeps failing: deep now, learned, against the static table, with the reason\'s numbers', () => {
    const py = row(PY);
    assert.deepEqual(shapeLines(py), ['quick edit, Python, 40-80 lines']);
    assert.deepEqual(laneNowLines(py), [
      'deep lane (learned)',
      'static table: fast lane',
      // 8.9 s: the fast-first time now holds the prior's missed share, 0.5 of 19 x 30 s of review (8.2 s before).
      'fast lane succeeded 1 of 14 recently; fast-then-deep expected $0.03421 / 8.9 s vs deep $0.033 / 7.0 s, so the deep lane',
    ]);
    assert.deepEqual(laneLines(py, 'fast'), ['1 of 14 succeeded', 'mean $0.0099 / 3.0 s']);
    assert.deepEqual(laneLines(py, 'deep'), ['17 of 17 succeeded', 'mean $0.033 / 7.0 s']);
    assert.equal(py.versusStatic.tasks, 4);
    assert.match(versusLines(py)[0]!, /^4 tasks, ~\$0\.00\d+ saved$/);
  });

  it('a lane with no tasks says so; a shape on the static table says no task differed', () => {
    const rf = row(TS_REFACTOR);
    assert.deepEqual(laneLines(rf, 'fast'), ['no tasks yet']);
    assert.deepEqual(laneLines(rf, 'deep'), ['3 of 3 succeeded', 'mean $0.12 / 21.0 s']);
    assert.deepEqual(versusLines(rf), ['no task started off the static table']);
    assert.deepEqual(laneNowLines(rf).slice(0, 1), ['deep lane (table, figures agree)'], 'no "static table" line when the lane is the table\'s');
    assert.equal(laneNowLines(rf).length, 2);
  });

  it('a completion shape says how many answers shown were accepted', () => {
    assert.deepEqual(shapeLines(row(TS_COMPLETION)), ['completion, TypeScript', '2 of 6 accepted (33.3%)']);
  });

  it('lists shapes that moved off the static table first, then by key; the total is labelled an estimate', () => {
    assert.deepEqual(routingRowsInOrder(p).map((r) => r.shape), [PY, TS_COMPLETION, TS_REFACTOR]);
    assert.deepEqual({ tasks: p.total.tasks, deltaNanos: p.total.deltaNanos }, row(PY).versusStatic);
    assert.match(totalLine(p), /^Against the static table \(estimate\): 4 tasks, ~\$[\d.]+ saved$/);
    assert.match(p.estimateRule, /^An estimate, made by repricing each task's own tokens/);
    assert.equal(totalLine({ ...p, total: { tasks: 0, deltaNanos: 0, text: '–' } }), 'Against the static table (estimate): no task has started off the static table yet');
  });

  it('learning off: the static table picks every lane, and the view says so', () => {
    const off = panel({ ...DEFAULT_POLICY, routing: { ...DEFAULT_POLICY.routing, learning: false } });
    assert.match(settingsLine(off.settings), /^Learning is off: the static table picks every first lane/);
    assert.equal(off.rows.length, 3, 'the figures are still shown');
  });
});

describe('routing view: settings and the empty state', () => {
  it('states the settings in force', () => {
    assert.equal(settingsLine(ON), 'Learning is on, preferring balanced, exploring 5% of tasks the figures send deep; an outcome counts half after 14 days.');
    assert.equal(settingsLine({ ...ON, preference: 'cost', exploration: 0 }), 'Learning is on, preferring cost, no exploration; an outcome counts half after 14 days.');
  });

  it('says what will appear and when, for learning on and off', () => {
    const on = routingEmptyLines(ON);
    assert.equal(on[0], 'No routing figures yet.');
    assert.match(on[1]!, /quick edit, Python, 40-80 lines/);
    assert.match(on[1]!, /once .* has finished and been judged/);
    assert.match(on[2]!, /static table picks its lane/);
    assert.match(routingEmptyLines({ ...ON, learning: false })[2]!, /Learning is off/);
    const empty = buildRoutingPanel(statsFromLines([record()], [], 14), NOW, DEFAULT_POLICY);
    assert.deepEqual(empty.rows, [], 'records without a routing note teach nothing');
  });
});

describe('routing view: a request\'s routing note in the details', () => {
  const note: RoutingNote = {
    shape: PY, staticLane: 'fast', basis: 'learned', fast: { ok: 9, n: 30 },
    expected: { fastFirst: { costNanos: 12_000_000, ms: 9_100 }, deep: { costNanos: 9_000_000, ms: 7_400 } },
  };

  it('lists the shape, basis, the fast lane\'s record and both plans with their numbers', () => {
    const facts = routingNoteFacts(note, (s) => (s === PY ? 'quick edit, Python, 40-80 lines' : undefined));
    assert.deepEqual(facts, [
      ['Task shape', 'quick edit, Python, 40-80 lines'],
      ['Chosen by', 'learned from your outcomes'],
      ['Static table', 'fast lane'],
      ['Fast lane then', '9 of 30 succeeded recently'],
      ['Fast first, deep on failure', 'expected $0.012 / 9.1 s'],
      ['Deep directly', 'expected $0.009 / 7.4 s'],
    ]);
  });

  it('falls back to the shape key, and leaves out what the note lacks', () => {
    const facts = routingNoteFacts({ shape: 'refactor|go|2-4', staticLane: 'deep', basis: 'static' }, () => undefined);
    assert.deepEqual(facts, [['Task shape', 'refactor|go|2-4'], ['Chosen by', 'static table'], ['Static table', 'deep lane'], ['Fast lane then', 'no tasks of this shape yet']]);
    assert.match(basisLabel('explore'), /^exploring/);
  });

  it('the note travels with its row to the webview; a malformed one is dropped', () => {
    const [a, b] = decodeChunk(new RecordEncoder().encode([record({ kind: 'quickEdit', routing: note }), record()]), []);
    assert.deepEqual(a!.routing, note);
    assert.equal(b!.routing, undefined);
    assert.equal(parseRouting('{"shape":"x","staticLane":"middle","basis":"learned"}'), undefined);
    assert.equal(parseRouting('{"shape":"x","staticLane":"fast","basis":"guess"}'), undefined);
    assert.equal(parseRouting('nope'), undefined);
  });
});

describe('routing view: protocol and state', () => {
  it('accepts the routing settings command and keeps the Routing tab across reloads', () => {
    assert.ok(isWebviewMessage({ type: 'command', command: 'openRoutingSettings' }));
    assert.ok(!isWebviewMessage({ type: 'command', command: 'openAnySettings' }));
    assert.equal(sanitizeState({ tab: 'routing' }).tab, 'routing');
    assert.equal(sanitizeState({ tab: 'elsewhere' }).tab, 'requests');
  });
});
