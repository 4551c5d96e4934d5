// runWithConfirmation against a real pipeline on the emulator: the decision table
// (test/unit/helpers/confirmation-table.ts) answered yes and no, the events, the
// re-ask at a budget block, and cancelling while a question is open.
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { runWithConfirmation, type Confirm, type ConfirmQuestion, type RunEvent } from '../../../src/pipeline/run-with-confirmation.ts';
import { frozenTask, observe, TABLE } from '../helpers/confirmation-table.ts';
import { rig, type Rig } from './helpers.ts';

describe('runWithConfirmation', () => {
  let r: Rig | undefined;
  afterEach(async () => { await r?.close(); r = undefined; });

  const yes: Confirm = () => Promise.resolve(true);
  const no: Confirm = () => Promise.resolve(false);

  for (const row of TABLE) {
    it(`${row.scenario}: answered yes, it is sent once`, async () => {
      const o = await observe(row.scenario, yes);
      assert.ok(o.result.ok, JSON.stringify(o.result));
      assert.deepEqual(o.questions.map((q) => q.cause), row.asked);
      assert.equal(o.requests, row.yes.requests);
      assert.deepEqual(o.ledger, row.yes.ledger);
      assert.deepEqual(o.result.records.map((x) => x.outcome), row.yes.ledger);
      const sent = o.events.filter((e) => e.type === 'sent');
      assert.deepEqual(sent.map((e) => e.confirmedOverBudget), row.asked.includes('budget') ? [false, true] : [false]);
    });

    it(`${row.scenario}: answered no, nothing reaches the provider`, async () => {
      const o = await observe(row.scenario, no);
      assert.deepEqual(o.questions.map((q) => q.cause), row.asked);
      assert.equal(o.result.ok ? 'ok' : o.result.kind, row.no.outcome);
      assert.equal(o.requests, row.no.outcome === 'ok' ? 1 : 0);
      assert.deepEqual(o.ledger, row.no.ledger);
      if (!o.result.ok && o.result.kind === 'declined') assert.match(o.result.message, /^Switchyard did not send this request: /);
    });
  }

  it('reports estimated, asked, declined and finished in order, and the question carries the estimate', async () => {
    const o = await observe('over threshold', no);
    assert.deepEqual(o.events.map((e) => e.type), ['estimated', 'asked', 'declined', 'finished']);
    const q = o.questions[0]!;
    assert.equal(q.kind, 'refactor');
    assert.equal(q.estimate.lane, 'deep');
    assert.ok(q.estimate.estimate.costNanosLow > 0);
    assert.match(q.why, /over your \$0(\.0+)? confirmation threshold/);
    assert.match(q.detail, /2,000 tokens in, .* on gpt-5\.5 \(deep lane\)/);
    assert.deepEqual(o.events.at(-1), { type: 'finished', kind: 'refactor', outcome: 'declined', records: [] });
    assert.equal((o.events[2] as Extract<RunEvent, { type: 'declined' }>).by, 'answer');
  });

  it('asks once more when the run itself comes back needing confirmation, then sends confirmed', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, text: 'renamed' });
    const pipeline = r.pipeline;
    const questions: ConfirmQuestion[] = [];
    const result = await runWithConfirmation(frozenTask(), {
      pipeline, confirmAboveNanos: 0,
      confirm: (q) => {
        questions.push(q);
        // Another window spends nearly the whole daily budget while the first question is open (short of the hard ceiling).
        if (q.cause === 'threshold') pipeline.router.setSpend(4.9e9, 4.9e9);
        return Promise.resolve(true);
      },
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(questions.map((q) => [q.cause, q.again]), [['threshold', false], ['budget', true]]);
    assert.deepEqual(result.records.map((x) => x.outcome), ['blocked_confirmation', 'ok']);
    assert.equal(r.emu.requests.length, 1);
  });

  it('a cancel while the question is open sends nothing, even if the answer comes later', async () => {
    const controller = new AbortController();
    let answerLater: (v: boolean) => void = () => {};
    const o = await observe('over threshold', () => {
      setTimeout(() => controller.abort(), 10);
      return new Promise<boolean>((resolve) => { answerLater = resolve; });
    }, controller.signal);
    answerLater(true);
    assert.equal(!o.result.ok && o.result.kind, 'cancelled');
    assert.equal(o.requests, 0);
    assert.deepEqual(o.ledger, []);
    assert.deepEqual(o.events.map((e) => e.type === 'declined' ? `declined by ${e.by}` : e.type), ['estimated', 'asked', 'declined by cancel', 'finished']);
  });

  it('a cancel while the budget question is open leaves only the block in the ledger', async () => {
    const controller = new AbortController();
    const o = await observe('at budget cap', (_q, signal) => {
      controller.abort();
      assert.ok(signal.aborted, 'the face gets the signal it can close its question on');
      return Promise.resolve(true);
    }, controller.signal);
    assert.equal(!o.result.ok && o.result.kind, 'cancelled');
    assert.equal(o.requests, 0);
    assert.deepEqual(o.ledger, ['blocked_confirmation']);
  });

  it('an already cancelled task is neither estimated, asked nor sent', async () => {
    const controller = new AbortController();
    controller.abort();
    const o = await observe('over threshold', yes, controller.signal);
    assert.equal(!o.result.ok && o.result.kind, 'cancelled');
    assert.deepEqual(o.questions, []);
    assert.deepEqual(o.events.map((e) => e.type), ['finished']);
    assert.equal(o.requests, 0);
  });

  it('the task\'s own signal cancels the run when no other is given, and the task stays as it was', async () => {
    r = await rig();
    r.emu.configure({ instant: false, rateMultiplier: 0.2 });
    r.emu.script({ match: { protocol: 'gemini' }, text: 'word '.repeat(200) });
    const controller = new AbortController();
    const task = frozenTask(controller.signal, 'quickEdit');
    const before = { ...task };
    const result = await runWithConfirmation({ ...task, onText: () => controller.abort() }, { pipeline: r.pipeline, confirm: yes });
    assert.equal(!result.ok && result.kind, 'cancelled');
    assert.deepEqual(result.records.map((x) => x.outcome), ['cancelled']);
    assert.deepEqual({ ...task }, before);
  });
});
