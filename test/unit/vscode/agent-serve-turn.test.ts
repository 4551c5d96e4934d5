// One chat request through the agent turn: the budget question, the re-run, and what the caller is told.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import type { Blocked } from '../../../src/core/task.ts';
import type { AgentTurnRequest, AgentTurnResult, AgentTurnSink } from '../../../src/pipeline/agent/agent-types.ts';
import { serveTurn, turnError } from '../../../src/vscode/agent/serve-turn.ts';

const record = (id: string, outcome: string) => ({ id, outcome }) as unknown as LedgerRecord;
const block = (code: Blocked['code'], reason: string): Blocked =>
  ({ type: 'blocked', code, reason, lane: 'fast', model: 'gemini-3.5-flash', estimate: {} as Blocked['estimate'] });
const request = (signal?: AbortSignal): AgentTurnRequest => ({ model: 'auto', messages: [{ role: 'user', content: 'go' }], tools: [], toolMode: 'auto', signal });
const sink: AgentTurnSink = { text: () => undefined, toolCall: () => undefined };
const atCap: AgentTurnResult = {
  ok: false, kind: 'blocked', message: 'Switchyard did not send this request: the daily cap is reached.',
  blocked: block('needs_confirmation', 'daily budget $5.00 reached; this fast-lane request needs your confirmation'), records: [record('b1', 'blocked_confirmation')],
};
const served: AgentTurnResult = { ok: true, lane: 'fast', model: 'gemini-3.5-flash', reason: 'act step', records: [record('r1', 'ok')] };

/** A run that answers from a list, and notes whether each call was confirmed. */
function runs(...results: AgentTurnResult[]) {
  const calls: boolean[] = [];
  return { calls, run: async (r: AgentTurnRequest) => { calls.push(r.confirmedOverBudget === true); return results.shift()!; } };
}

describe('serving one chat request', () => {
  it('a request the budget holds at a cap is asked about once, and on yes sent again confirmed', async () => {
    const r = runs(atCap, served);
    const asked: string[] = [];
    const out = await serveTurn(request(), sink, { run: r.run, confirm: async (b) => { asked.push(b.reason); return true; } });
    assert.deepEqual(r.calls, [false, true]);
    assert.deepEqual(asked, [atCap.ok ? '' : atCap.blocked!.reason]);
    assert.equal(out.ok, true);
    assert.equal(out.asked, 'yes');
    assert.deepEqual(out.records.map((x) => x.id), ['b1', 'r1'], 'the block and the confirmed attempt are both the request\'s records');
  });

  it('on no, nothing more is sent and the caller reads the budget\'s reason as a refusal', async () => {
    const r = runs(atCap);
    const out = await serveTurn(request(), sink, { run: r.run, confirm: async () => false });
    assert.deepEqual(r.calls, [false]);
    assert.equal(out.asked, 'no');
    assert.deepEqual(turnError(out), { code: 'Blocked', message: 'Switchyard did not send this request: daily budget $5.00 reached; this fast-lane request needs your confirmation.' });
  });

  it('a request cancelled while the question is open is cancelled, whatever the answer', async () => {
    const controller = new AbortController();
    const r = runs(atCap, served);
    const out = await serveTurn(request(controller.signal), sink, { run: r.run, confirm: async () => { controller.abort(); return true; } });
    assert.deepEqual(r.calls, [false]);
    assert.equal(out.ok, false);
    assert.equal(!out.ok && out.kind, 'cancelled');
    assert.equal(turnError(out), undefined);
  });

  it('other blocks (a budget stop, untrusted, context too large) are never asked about', async () => {
    for (const code of ['budget_stop', 'context_too_large', 'not_configured', 'cooldown'] as const) {
      const stopped: AgentTurnResult = { ok: false, kind: 'blocked', message: `Switchyard did not send this request: ${code}.`, blocked: block(code, code), records: [] };
      const r = runs(stopped);
      const out = await serveTurn(request(), sink, { run: r.run, confirm: async () => assert.fail('asked') });
      assert.deepEqual(turnError(out), { code: 'Blocked', message: `Switchyard did not send this request: ${code}.` });
    }
  });

  it('a rejected or failed request is an error with the pipeline\'s sentence; success is none', async () => {
    assert.deepEqual(turnError({ ok: false, kind: 'provider', message: 'The deep lane failed: HTTP 500.', records: [] }), { code: 'Unknown', message: 'The deep lane failed: HTTP 500.' });
    assert.deepEqual(turnError({ ok: false, kind: 'rejected', message: 'Both lanes made malformed tool calls.', records: [] }), { code: 'Unknown', message: 'Both lanes made malformed tool calls.' });
    assert.equal(turnError(served), undefined);
  });
});
