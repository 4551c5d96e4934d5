// runAgentTurn through the real pipeline: the real SDKs over HTTP to the emulator,
// a real JSONL ledger. Lane per turn and why, one record per attempt, the
// conversation as one ledger task, escalation, pinned lanes, budgets, cancellation.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ChatMessage } from '../../../../src/core/provider-types.ts';
import type { AgentTurnRequest, CheckedToolCall } from '../../../../src/pipeline/agent/agent-types.ts';
import { conversationIdOf, runAgentTurn } from '../../../../src/pipeline/agent/run-agent-turn.ts';
import { AT_CAP } from '../../helpers/confirmation-table.ts';
import { rig, type Rig } from '../helpers.ts';
import { calls, request, results, user } from './conversation.ts';

function sink() {
  const seen = { text: '', calls: [] as CheckedToolCall[] };
  return { seen, sink: { text: (d: string) => { seen.text += d; }, toolCall: (c: CheckedToolCall) => { seen.calls.push(c); } } };
}

async function turn(r: Rig, req: AgentTurnRequest) {
  const s = sink();
  const result = await runAgentTurn(r.pipeline, req, s.sink);
  return { result, ...s.seen };
}

describe('runAgentTurn', () => {
  let r: Rig;
  afterEach(async () => { await r?.close(); });

  it('routes each turn of a conversation by its features, as one ledger task', async () => {
    r = await rig();
    r.emu.script(
      { match: { protocol: 'responses' }, text: 'Plan: read the loader, then move it.' },
      { match: { protocol: 'gemini' }, text: 'Moving on to the next file.' },
      { match: { protocol: 'responses' }, text: 'The test fails because the path is relative.' },
    );
    const history: ChatMessage[] = [user('Refactor the config loader into its own module across the codebase')];
    const t1 = await turn(r, request(history, { conversationId: 'conv-1' }));
    assert.ok(t1.result.ok, JSON.stringify(t1.result));
    assert.equal(t1.result.lane, 'deep');
    assert.equal(t1.result.reason, 'the first request asks for a plan or a multi-file change ("refactor"), so the deep lane to think');
    assert.equal(t1.text, 'Plan: read the loader, then move it.', 'the text streamed to the caller');

    history.push(calls(['c1', 'readFile', { path: 'src/config.ts' }]), results(['c1', 'readFile', 'export const load = () => ({});\n']));
    const t2 = await turn(r, request(history, { conversationId: 'conv-1' }));
    assert.ok(t2.result.ok);
    assert.equal(t2.result.lane, 'fast');
    assert.equal(t2.result.model, 'gemini-3.5-flash');
    assert.equal(t2.result.reason, 'a tool result came back without a failure, so the fast lane to act');

    history.push(calls(['c2', 'runTests', {}]), results(['c2', 'runTests', '> node --test\nℹ tests 4\nℹ pass 3\nℹ fail 1\n']));
    const t3 = await turn(r, request(history, { conversationId: 'conv-1' }));
    assert.ok(t3.result.ok);
    assert.equal(t3.result.lane, 'deep');
    assert.equal(t3.result.reason, 'a tool result reports a failure (runTests: 1 test failed), so the deep lane to think');

    const records = [t1, t2, t3].flatMap((t) => t.result.records);
    assert.deepEqual(records.map((x) => [x.kind, x.taskId, x.attempt, x.lane, x.outcome]), [
      ['agent', 'conv-1', 0, 'deep', 'ok'], ['agent', 'conv-1', 1, 'fast', 'ok'], ['agent', 'conv-1', 2, 'deep', 'ok'],
    ], 'one record per attempt, one task, numbered on');
    assert.deepEqual(records.map((x) => [x.agent?.turn, x.agent?.step, x.agent?.failedToolResults]), [[1, 'think', 0], [2, 'act', 0], [3, 'think', 1]]);
    assert.deepEqual(records.map((x) => x.toolCalls), [{ made: 0, malformed: 0 }, { made: 0, malformed: 0 }, { made: 0, malformed: 0 }]);
    assert.ok(records[0]!.agent!.contextTokens > 0 && records[2]!.agent!.contextTokens > records[0]!.agent!.contextTokens, 'the context grows with the conversation');
    const stored = await r.store.readMonth(r.store.currentMonth());
    assert.deepEqual(stored.records.map((x) => x.id), records.map((x) => x.id), 'the ledger holds exactly these');
    assert.deepEqual(stored.records.map((x) => x.agent?.step), ['think', 'act', 'think']);
  });

  it('without a conversation id, the task is a stable hash of the first user message', async () => {
    r = await rig();
    const a = conversationIdOf({ messages: [user('Fix the failing test'), calls(['1', 'runTests', {}])] });
    assert.equal(a, conversationIdOf({ messages: [user('Fix the failing test')] }));
    assert.notEqual(a, conversationIdOf({ messages: [user('Fix the other test')] }));
    assert.match(a, /^agent-[0-9a-f]{32}$/);
    r.emu.script({ match: { protocol: 'gemini' }, text: 'ok', repeat: 2 });
    const t1 = await turn(r, request([user('Fix the failing test')]));
    const t2 = await turn(r, request([user('Fix the failing test'), { role: 'assistant', content: 'Which one?' }, user('the parser one')]));
    assert.deepEqual([...t1.result.records, ...t2.result.records].map((x) => [x.taskId, x.attempt]), [[a, 0], [a, 1]]);
  });

  it('an empty fast answer goes to the deep lane for the same request', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, text: '' }, { match: { protocol: 'responses' }, text: 'Here is the fix.' });
    const t = await turn(r, request([user('add a null check to parseUser')]));
    assert.ok(t.result.ok);
    assert.equal(t.result.lane, 'deep');
    assert.match(t.result.reason, /fast lane output rejected \(the answer was empty\), so escalated to the deep lane$/);
    assert.deepEqual(t.result.records.map((x) => [x.lane, x.outcome]), [['fast', 'escalated'], ['deep', 'ok']]);
    assert.equal(t.text, 'Here is the fix.');
  });

  it('a fast answer cut off at the output limit escalates; the caller keeps what streamed, then the deep answer', async () => {
    r = await rig({ maxOutputTokens: { completion: 128, quickEdit: 4000, refactor: 32000, astTransform: 4000, agent: 60 } });
    const long = Array.from({ length: 80 }, (_, i) => `step${i} `).join('');
    r.emu.script({ match: { protocol: 'gemini' }, text: long }, { match: { protocol: 'responses' }, text: 'Short answer.', reasoningTokens: 0 });
    const t = await turn(r, request([user('explain parseUser')]));
    assert.ok(t.result.ok, JSON.stringify(t.result));
    assert.deepEqual(t.result.records.map((x) => [x.lane, x.outcome, x.note]), [['fast', 'escalated', 'the answer was cut off at the output limit'], ['deep', 'ok', undefined]]);
    const [streamedFast, deep] = t.text.split('\n\n');
    assert.ok(streamedFast!.length > 0 && long.startsWith(streamedFast!), 'the fast text that streamed');
    assert.equal(deep, 'Short answer.');
  });

  it('toolMode required without a call: escalates, and a deep answer without one is rejected too', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'I would read the file.' }, { match: { protocol: 'responses' }, text: 'Let me think.', repeat: 2 });
    const t = await turn(r, request([user('open a.ts')], { toolMode: 'required' }));
    assert.equal(t.result.ok, false);
    assert.equal(!t.result.ok && t.result.kind, 'rejected');
    assert.match(!t.result.ok ? t.result.message : '', /a tool call was required and the answer made none/);
    assert.deepEqual(t.result.records.map((x) => [x.lane, x.outcome]), [['fast', 'escalated'], ['deep', 'rejected'], ['deep', 'rejected']]);
    assert.deepEqual(t.calls, [], 'no call reached the caller');
  });

  it('pinned Fast never leaves the fast lane: one repair attempt, then a clear failure', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'gemini' }, text: 'no call', repeat: 2 });
    const t = await turn(r, request([user('Refactor everything across all files')], { model: 'fast', toolMode: 'required' }));
    assert.equal(t.result.ok, false);
    assert.deepEqual(t.result.records.map((x) => [x.lane, x.outcome]), [['fast', 'rejected'], ['fast', 'rejected']]);
    assert.equal(t.result.records[0]!.reason, 'you chose the fast lane; fast lane output rejected (a tool call was required and none was made), so retried once');
    assert.equal(t.result.records[0]!.agent?.step, 'think', 'the record keeps what Auto would have done');
    const repair = r.emu.requests[1]!.body as { systemInstruction?: { parts: { text: string }[] } };
    assert.match(JSON.stringify(repair), /Your previous answer was rejected: a tool call was required/);
    assert.ok(r.emu.requests.every((q) => q.protocol === 'gemini'));
  });

  it('pinned Deep goes to the deep lane whatever the features say', async () => {
    r = await rig();
    r.emu.script({ match: { protocol: 'responses' }, text: 'ok' });
    const t = await turn(r, request([user('hi')], { model: 'deep' }));
    assert.ok(t.result.ok);
    assert.deepEqual([t.result.lane, t.result.reason], ['deep', 'you chose the deep lane']);
  });

  it('a request over the budget is blocked with the pipeline message, sends nothing, and is recorded', async () => {
    r = await rig(AT_CAP);
    const t = await turn(r, request([user('fix the bug')]));
    assert.equal(t.result.ok, false);
    assert.ok(!t.result.ok);
    assert.equal(t.result.kind, 'blocked');
    assert.match(t.result.message, /^Switchyard did not send this request: daily budget \$0\.000001 reached .*needs your confirmation/);
    assert.equal(t.result.blocked?.code, 'needs_confirmation');
    assert.deepEqual(t.result.records.map((x) => [x.outcome, x.kind, x.agent?.turn]), [['blocked_confirmation', 'agent', 1]]);
    assert.equal(r.emu.requests.length, 0);
    r.emu.script({ match: { protocol: 'gemini' }, text: 'sent' });
    const confirmed = await turn(r, request([user('fix the bug')], { confirmedOverBudget: true }));
    assert.ok(confirmed.result.ok, 'a confirmed request is sent');
  });

  it('cancelling stops the HTTP request and records it', async () => {
    r = await rig();
    r.emu.configure({ instant: false, rateMultiplier: 0.2 });
    r.emu.script({ match: { protocol: 'gemini' }, text: 'word '.repeat(200) });
    const controller = new AbortController();
    const disconnected = r.emu.waitForDisconnect(10_000);
    const result = await runAgentTurn(r.pipeline, request([user('summarise a.ts')], { signal: controller.signal }), { text: () => controller.abort(), toolCall: () => assert.fail('no call') });
    const seen = await disconnected;
    assert.equal(seen.disconnectedEarly, true);
    assert.equal(!result.ok && result.kind, 'cancelled');
    assert.deepEqual(result.records.map((x) => [x.outcome, x.kind]), [['cancelled', 'agent']]);
  });
});
