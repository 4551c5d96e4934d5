import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeChunk, parseRouting, RecordEncoder } from '../../../src/core/ledger-rows.ts';
import type { RoutingConfig, RoutingNote, RoutingPanel, RoutingPanelRow } from '../../../src/core/panel-messages.ts';
import { isWebviewMessage } from '../../../src/core/panel-messages.ts';
import {
  basisLabel, completionLine, laneCellLines, laneNowLines, okOfN, routingEmptyLines, routingNoteFacts, routingRowsInOrder, settingsLine,
  versusStaticText, versusStaticTotal,
} from '../../../src/webview/routing-model.ts';
import { sanitizeState } from '../../../src/webview/state.ts';
import { record } from '../helpers/ledger-fixtures.ts';

const ON: RoutingConfig = { learning: true, preference: 'balanced', exploration: 0.05, halfLifeDays: 14 };

function row(over: Partial<RoutingPanelRow> = {}): RoutingPanelRow {
  return {
    shape: 'quickEdit|python|40-80', label: 'quick edit, Python, 40-80 lines', kind: 'quickEdit',
    staticLane: 'fast', lane: 'deep', basis: 'learned',
    lanes: { fast: { n: 30.2, ok: 8.6, meanCostNanos: 1_234_567.4, meanMs: 2_140 }, deep: { n: 4, ok: 4, meanCostNanos: 9_000_000, meanMs: 7_400 } },
    versusStatic: { tasks: 14, deltaNanos: 42_000_000 },
    ...over,
  };
}

describe('routing view: figures in words', () => {
  it('says a lane\'s record as whole tasks: "9 of 30"', () => {
    assert.equal(okOfN({ ok: 8.6, n: 30.2 }), '9 of 30');
    assert.equal(okOfN({ ok: 0.2, n: 0.3 }), 'no tasks yet', 'a decayed trace below half a task is no record');
    assert.equal(okOfN(undefined), 'no tasks yet');
    assert.equal(okOfN({ ok: 1_230.6, n: 1_230.4 }), '1,230 of 1,230', 'rounding never shows more successes than tasks');
  });

  it('shows each lane\'s success, mean cost and mean time', () => {
    const r = row();
    assert.deepEqual(laneCellLines(r.lanes.fast), ['9 of 30 succeeded', 'mean $0.001235 · 2.1 s']);
    assert.deepEqual(laneCellLines(r.lanes.deep), ['4 of 4 succeeded', 'mean $0.009 · 7.4 s']);
    assert.deepEqual(laneCellLines({ n: 0, ok: 0 }), ['no tasks yet']);
    assert.deepEqual(laneCellLines({ n: 2, ok: 1 }), ['1 of 2 succeeded', 'mean – · –']);
  });

  it('names the lane chosen now, why, and the static table\'s choice when learning moved it', () => {
    assert.deepEqual(laneNowLines(row()), ['Deep lane', 'learned from your outcomes', 'static table: fast lane']);
    assert.deepEqual(laneNowLines(row({ lane: 'fast', basis: 'prior' })), ['Fast lane', 'static table; too little evidence to change it']);
    assert.match(basisLabel('explore'), /exploring/);
    assert.equal(basisLabel('static'), 'static table');
  });

  it('says what learning saved or cost against the static table', () => {
    assert.equal(versusStaticText({ tasks: 14, deltaNanos: 42_000_000 }), 'saved $0.042 on 14 tasks');
    assert.equal(versusStaticText({ tasks: 1, deltaNanos: -3_100_000 }), 'cost $0.0031 more on 1 task');
    assert.equal(versusStaticText({ tasks: 2, deltaNanos: 0 }), 'no difference in cost on 2 tasks');
    assert.match(versusStaticText({ tasks: 0, deltaNanos: 0 }), /^no change/);
    assert.deepEqual(versusStaticTotal([row(), row({ versusStatic: { tasks: 3, deltaNanos: -2_000_000 } })]), { tasks: 17, deltaNanos: 40_000_000 });
  });

  it('a completion shape says how many answers shown were accepted', () => {
    assert.equal(completionLine({ shown: 40.4, accepted: 6.2 }), '6 of 40 shown accepted');
    assert.equal(completionLine({ shown: 0.1, accepted: 0 }), undefined);
    assert.equal(completionLine(undefined), undefined);
  });

  it('lists shapes that moved off the static table first, then by key', () => {
    const p: RoutingPanel = { settings: ON, estimateRule: '', rows: [
      row({ shape: 'refactor|typescript|0-2', lane: 'deep', staticLane: 'deep' }),
      row({ shape: 'quickEdit|python|40-80' }),
      row({ shape: 'completion|go', lane: 'fast', staticLane: 'fast' }),
    ] };
    assert.deepEqual(routingRowsInOrder(p).map((r) => r.shape), ['quickEdit|python|40-80', 'completion|go', 'refactor|typescript|0-2']);
  });

  it('states the settings in force, and learning off plainly', () => {
    assert.equal(settingsLine(ON), 'Learning is on, preferring balanced, exploring 5% of tasks the figures send deep; an outcome counts half after 14 days.');
    assert.equal(settingsLine({ ...ON, preference: 'cost', exploration: 0 }), 'Learning is on, preferring cost, no exploration; an outcome counts half after 14 days.');
    assert.match(settingsLine({ ...ON, learning: false }), /^Learning is off: the static table picks every first lane/);
  });

  it('the empty view says what will appear and when, for learning on and off', () => {
    const on = routingEmptyLines(ON);
    assert.equal(on[0], 'No routing figures yet.');
    assert.match(on[1]!, /quick edit, Python, 40-80 lines/);
    assert.match(on[1]!, /once .* has finished and been judged/);
    assert.match(on[2]!, /static table picks its lane/);
    assert.match(routingEmptyLines({ ...ON, learning: false })[2]!, /Learning is off/);
  });
});

describe('routing view: a request\'s routing note in the details', () => {
  const note: RoutingNote = {
    shape: 'quickEdit|python|40-80', staticLane: 'fast', basis: 'learned', fast: { ok: 9, n: 30 },
    expected: { fastFirst: { costNanos: 12_000_000, ms: 9_100 }, deep: { costNanos: 9_000_000, ms: 7_400 } },
  };

  it('lists the shape, basis, the fast lane\'s record and both plans with their numbers', () => {
    const facts = routingNoteFacts(note, (s) => (s === note.shape ? 'quick edit, Python, 40-80 lines' : undefined));
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
