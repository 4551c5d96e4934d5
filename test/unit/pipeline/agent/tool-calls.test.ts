// Tool calls through runAgentTurn with the real SDKs against the emulator's scripted
// function calls: a malformed fast-lane call is never surfaced (the deep lane answers),
// a loop is broken by a deep turn, the fast lane's botched tools are remembered, and a
// pinned Fast lane gets one repair attempt. Every record counts the calls it made.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { AgentTurnRequest, CheckedToolCall } from '../../../../src/pipeline/agent/agent-types.ts';
import { runAgentTurn } from '../../../../src/pipeline/agent/run-agent-turn.ts';
import { rig, type Rig } from '../helpers.ts';
import { calls, request, results, user } from './conversation.ts';

async function turn(r: Rig, req: AgentTurnRequest) {
  const seen = { text: '', calls: [] as CheckedToolCall[] };
  const result = await runAgentTurn(r.pipeline, req, { text: (d) => { seen.text += d; }, toolCall: (c) => { seen.calls.push(c); } });
  return { result, ...seen };
}

describe('runAgentTurn with tool calls', () => {
  let r: Rig;
  afterEach(async () => { await r?.close(); });

  it('hands a well-formed fast-lane call to the caller with its parsed input', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, toolCalls: [{ name: 'readFile', arguments: { path: 'src/a.ts' } }] });
    const t = await turn(r, request([user('show me src/a.ts')]));
    assert.ok(t.result.ok, JSON.stringify(t.result));
    assert.equal(t.result.lane, 'fast');
    assert.equal(t.calls.length, 1);
    assert.deepEqual([t.calls[0]!.name, t.calls[0]!.input], ['readFile', { path: 'src/a.ts' }]);
    assert.deepEqual(t.result.records.map((x) => x.toolCalls), [{ made: 1, malformed: 0 }]);
  });

  for (const [what, bad, note] of [
    // Gemini cannot carry such a call: the API reports MALFORMED_FUNCTION_CALL, which the client turns into a nameless call.
    ['arguments that do not parse', { name: 'readFile', arguments: '{"path": "src/a.ts"' }, /^the model wrote a tool call the provider could not parse$/],
    ['arguments that do not match the schema', { name: 'readFile', arguments: { file: 'src/a.ts' } }, /must have required property 'path'/],
    ['a tool that was not offered', { name: 'deleteRepo', arguments: {} }, /"deleteRepo" is not one of the offered tools/],
  ] as const) {
    it(`a fast-lane call with ${what} is never surfaced: the deep lane answers the same request`, async () => {
      r = await rig();
      r.emu.script(
        { match: { protocol: 'gemini' }, toolCalls: [bad] },
        { match: { protocol: 'responses' }, toolCalls: [{ name: 'readFile', arguments: { path: 'src/a.ts' } }] },
      );
      const t = await turn(r, request([user('show me src/a.ts')]));
      assert.ok(t.result.ok, JSON.stringify(t.result));
      assert.equal(t.result.lane, 'deep');
      assert.match(t.result.reason, /fast lane output rejected \(a tool call was malformed\), so escalated to the deep lane$/);
      assert.deepEqual(t.calls.map((c) => [c.name, c.input]), [['readFile', { path: 'src/a.ts' }]], 'only the deep call reached the caller');
      assert.deepEqual(t.result.records.map((x) => [x.lane, x.outcome, x.toolCalls]), [['fast', 'escalated', { made: 1, malformed: 1 }], ['deep', 'ok', { made: 1, malformed: 0 }]]);
      assert.match(t.result.records[0]!.note ?? '', note);
    });
  }

  it('remembers the tool the fast lane botched: a later required call to it goes deep', async () => {
    r = await rig();
    r.emu.script(
      { match: { protocol: 'gemini' }, toolCalls: [{ name: 'editFile', arguments: { path: 'a.ts', find: 'a' } }] },
      { match: { protocol: 'responses' }, toolCalls: [{ name: 'editFile', arguments: { path: 'a.ts', find: 'a', replace: 'b' } }] },
      { match: { protocol: 'responses' }, toolCalls: [{ name: 'runTests', arguments: {} }] },
    );
    const history = [user('rename a to b in a.ts')];
    const t1 = await turn(r, request(history, { conversationId: 'c-mem' }));
    assert.ok(t1.result.ok);
    const id = t1.calls[0]!.id;
    history.push(calls([id, 'editFile', { path: 'a.ts', find: 'a', replace: 'b' }]), results([id, 'editFile', 'ok']));
    const t2 = await turn(r, request(history, { conversationId: 'c-mem', toolMode: 'required' }));
    assert.ok(t2.result.ok, JSON.stringify(t2.result));
    assert.equal(t2.result.lane, 'deep');
    assert.equal(t2.result.reason, 'a tool call is required and the fast lane called editFile malformed earlier in this conversation, so the deep lane to think');
    assert.deepEqual(t2.result.records[0]!.agent?.fastFailedTools, ['editFile']);
  });

  it('a loop (the same call, the same result) is broken by a deep turn', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, toolCalls: [{ name: 'editFile', arguments: { path: 'a.ts', find: 'x', replace: 'y' } }] });
    const msgs = [user('fix a.ts'), calls(['1', 'readFile', { path: 'a.ts' }]), results(['1', 'readFile', 'let x = 1;']),
      calls(['2', 'readFile', { path: 'a.ts' }]), results(['2', 'readFile', 'let x = 1;'])];
    const t = await turn(r, request(msgs));
    assert.ok(t.result.ok);
    assert.equal(t.result.lane, 'deep');
    assert.equal(t.result.reason, 'the last tool call (readFile) repeats an earlier one with the same arguments and result (a loop), so the deep lane to think');
    assert.deepEqual(t.calls.map((c) => c.name), ['editFile']);
  });

  it('pinned Fast: a malformed call gets one repair attempt on the fast lane, never the deep one', async () => {
    r = await rig();
    r.emu.script(
      { match: { protocol: 'gemini' }, toolCalls: [{ name: 'readFile', arguments: '{path: a.ts}' }] },
      { match: { protocol: 'gemini' }, toolCalls: [{ name: 'readFile', arguments: { path: 'a.ts' } }] },
    );
    const t = await turn(r, request([user('open a.ts')], { model: 'fast' }));
    assert.ok(t.result.ok);
    assert.deepEqual(t.result.records.map((x) => [x.lane, x.outcome, x.toolCalls?.malformed]), [['fast', 'rejected', 1], ['fast', 'ok', 0]]);
    assert.deepEqual(t.calls.map((c) => c.input), [{ path: 'a.ts' }]);
  });

  it('pinned Fast malformed twice: a clear failure, and no call reaches the caller', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, toolCalls: [{ name: 'readFile', arguments: '{' }], repeat: 2 });
    const t = await turn(r, request([user('open a.ts')], { model: 'fast' }));
    assert.equal(t.result.ok, false);
    assert.ok(!t.result.ok);
    assert.equal(t.result.kind, 'rejected');
    assert.equal(t.result.message, "Switchyard rejected the model's answer and changed nothing: the model wrote a tool call the provider could not parse.");
    assert.deepEqual(t.calls, []);
    assert.ok(r.emu.requests.every((q) => q.protocol === 'gemini'));
  });
});
