// An agent in the real VS Code: selects Switchyard through vscode.lm and works a
// scripted multi-turn task with real tools over a temp folder, against the emulator.
// What each turn asserts comes from the ledger and the emulator's request log.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatMs, formatUsd } from '../../../src/core/usage-format.ts';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { AgentProject, BROKEN_CALC, TOOLS } from './agent-tools.ts';
import { requests, reset, script } from './emulator-client.ts';
import { until } from './until.ts';

interface ModelStatus { listed: { name: string; family: string; maxInputTokens: number; maxOutputTokens: number }[]; missing: { family: string; reason: string }[] }
interface Api {
  meterText(): string | undefined;
  services(): { ledger: { records(): readonly LedgerRecord[] } } | undefined;
}
const api = async () => await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate() as Api;
const records = async () => (await api()).services()!.ledger.records();
async function model(family: 'auto' | 'fast' | 'deep'): Promise<vscode.LanguageModelChat> {
  return until(`Switchyard ${family}`, async () => (await vscode.lm.selectChatModels({ vendor: 'switchyard', family }))[0]);
}

/** What the emulator's log says of a request's conversation (its tool calls as sent back, Gemini's signatures included). */
interface SeenRequest { protocol: string; toolCalls?: { id: string; name: string; arguments: string; signature?: string }[]; toolResults?: { callId: string; name: string; content: string }[] }
interface Turn { text: string; calls: vscode.LanguageModelToolCallPart[]; records: LedgerRecord[]; protocols: string[]; requests: SeenRequest[] }

/** One request as an agent makes it: everything the stream yields, the ledger records and the HTTP requests it caused. */
async function send(chat: vscode.LanguageModelChat, messages: vscode.LanguageModelChatMessage[], token?: vscode.CancellationToken): Promise<Turn> {
  const before = (await records()).length;
  const sent = (await requests()).requests.length;
  const response = await chat.sendRequest(messages, { tools: TOOLS }, token);
  let text = '';
  const calls: vscode.LanguageModelToolCallPart[] = [];
  for await (const part of response.stream) {
    if (part instanceof vscode.LanguageModelTextPart) text += part.value;
    else if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
  }
  const seen = (await requests()).requests.slice(sent) as unknown as SeenRequest[];
  return { text, calls, records: (await records()).slice(before), protocols: seen.map((r) => r.protocol), requests: seen };
}

const responses = (reply: Record<string, unknown>) => ({ match: { protocol: 'responses' }, ...reply });
const gemini = (reply: Record<string, unknown>) => ({ match: { protocol: 'gemini' }, ...reply });
const summary = (t: Turn) => t.records.map((r) => `${r.lane}/${r.outcome}/${r.agent?.step ?? '-'}: ${r.reason}`).join(' | ');

describe('Switchyard as a language model: an agent through vscode.lm', function () {
  this.timeout(120_000);
  before(async () => {
    await vscode.commands.executeCommand('switchyard.setFastLaneKey', 'test-gemini-key');
    await vscode.commands.executeCommand('switchyard.setDeepLaneKey', 'sk-test-openai-key');
    await api();
  });
  beforeEach(async () => { await reset(); });

  it('lists Switchyard Auto, Fast and Deep with their lanes\' limits, selectable by family', async () => {
    const all = await until('three Switchyard models', async () => {
      const found = await vscode.lm.selectChatModels({ vendor: 'switchyard' });
      return found.length === 3 ? found : undefined;
    });
    assert.deepEqual(all.map((m) => [m.name, m.family]).sort(), [['Switchyard Auto', 'auto'], ['Switchyard Deep', 'deep'], ['Switchyard Fast', 'fast']]);
    const status = await vscode.commands.executeCommand<ModelStatus>('switchyard.manageModels', { quiet: true });
    assert.deepEqual(status.missing, []);
    for (const m of all) {
      const listed = status.listed.find((l) => l.family === m.family)!;
      assert.equal(m.maxInputTokens, listed.maxInputTokens, m.name);
    }
    assert.equal((await model('auto')).maxInputTokens, 200_000);
  });

  it('routes each turn of a tool-using task: think on the deep lane, act on the fast, a malformed call and a loop answered by the deep lane', async () => {
    const project = new AgentProject();
    const auto = await model('auto');
    const meterBefore = (await api()).meterText();
    const messages = [vscode.LanguageModelChatMessage.User('The test for add fails. Plan the fix across the project\'s files, then make it.')];
    const turns: Turn[] = [];
    /** Sends the conversation, checks where it went, and runs the calls it got back. */
    const step = async (expect: { lanes: string[]; step: 'think' | 'act'; why: RegExp; calls: string[]; text?: RegExp }): Promise<Turn> => {
      const t = await send(auto, messages);
      turns.push(t);
      const label = `turn ${turns.length} (${summary(t)})`;
      assert.deepEqual(t.records.map((r) => r.lane), expect.lanes, label);
      assert.deepEqual(t.protocols, expect.lanes.map((l) => (l === 'fast' ? 'gemini' : 'responses')), `${label}: one HTTP request per ledger record`);
      assert.equal(t.records.at(-1)!.outcome, 'ok', label);
      assert.equal(t.records[0]!.agent?.step, expect.step, label);
      assert.match(t.records[0]!.reason, expect.why, label);
      for (const r of t.records) assert.ok(r.reason.length > 0 && r.kind === 'agent', label);
      assert.deepEqual(t.calls.map((c) => `${c.name} ${JSON.stringify(c.input)}`), expect.calls, label);
      if (expect.text) assert.match(t.text, expect.text, label);
      if (t.calls.length) {
        messages.push(vscode.LanguageModelChatMessage.Assistant([...(t.text ? [new vscode.LanguageModelTextPart(t.text)] : []), ...t.calls]));
        messages.push(vscode.LanguageModelChatMessage.User(t.calls.map((c) => project.run(c))));
      }
      return t;
    };

    // 1. The first request asks for a plan: think, deep lane.
    await script(responses({ text: 'I will read calc.js first.', toolCalls: [{ name: 'readFile', arguments: { path: 'calc.js' } }] }));
    const first = await step({ lanes: ['deep'], step: 'think', why: /^the first request asks for a plan .*so the deep lane to think( \(agent .*: .*\))?$/, calls: ['readFile {"path":"calc.js"}'], text: /read calc\.js/ });
    assert.equal(first.records[0]!.agent?.asksForPlan, true);
    assert.equal(first.records[0]!.agent?.turn, 1);

    // 2. A successful tool result: act, fast lane.
    await script(gemini({ toolCalls: [{ name: 'runTests', arguments: {} }] }));
    await step({ lanes: ['fast'], step: 'act', why: /^a tool result came back without a failure, so the fast lane to act( \(agent .*: .*\))?$/, calls: ['runTests {}'] });

    // 3. The tests failed: think, deep lane.
    await script(responses({ toolCalls: [{ name: 'editFile', arguments: { path: 'calc.js', search: 'a - b', replace: 'a + b' } }] }));
    const third = await step({ lanes: ['deep'], step: 'think', why: /^a tool result reports a failure \(runTests: .*\), so the deep lane to think( \(agent .*: .*\))?$/, calls: ['editFile {"path":"calc.js","search":"a - b","replace":"a + b"}'] });
    assert.equal(third.records[0]!.agent?.failedToolResults, 1);
    assert.equal(project.file('calc.js'), BROKEN_CALC.replace('a - b', 'a + b'));

    // 4. The edit landed: act, fast lane; its tool call does not parse, so the deep lane answers the same request.
    await script(gemini({ toolCalls: [{ name: 'runTests', arguments: '{"filter": "add"' }] }), responses({ toolCalls: [{ name: 'runTests', arguments: { filter: 'add' } }] }));
    const fourth = await step({ lanes: ['fast', 'deep'], step: 'act', why: /^a tool result came back without a failure, so the fast lane to act( \(agent .*: .*\))?; .*malformed.*escalated to the deep lane$/, calls: ['runTests {"filter":"add"}'] });
    // VS Code's tool-call part has no room for Gemini's thought signature: the fast lane got turn 2's back all the same
    // (the emulator, like Gemini 3, refuses a conversation whose call lost it).
    const signed = fourth.requests[0]!.toolCalls?.find((c) => c.name === 'runTests');
    assert.ok(signed?.signature && signed.signature !== 'skip_thought_signature_validator', `turn 2's call went back with ${JSON.stringify(signed)}`);
    assert.deepEqual(fourth.requests[0]!.toolResults?.map((r) => [r.name, r.content.slice(0, 9)]), [
      ['readFile', 'exports.a'], ['runTests', '1 failing'], ['editFile', 'edited ca'],
    ]);
    assert.equal(fourth.records[0]!.outcome, 'escalated');
    assert.match(fourth.records[1]!.reason, /escalated to the deep lane/);
    assert.deepEqual(fourth.records[0]!.toolCalls, { made: 1, malformed: 1 });
    assert.deepEqual(fourth.records[1]!.toolCalls, { made: 1, malformed: 0 });

    // 5. Passing tests: act, fast lane, which repeats the last call word for word (and gets the same result).
    await script(gemini({ toolCalls: [{ name: 'runTests', arguments: { filter: 'add' } }] }));
    await step({ lanes: ['fast'], step: 'act', why: /^a tool result came back without a failure, so the fast lane to act( \(agent .*: .*\))?$/, calls: ['runTests {"filter":"add"}'] });

    // 6. The loop is broken by a deep turn, which finishes.
    await script(responses({ text: 'Fixed: add now returns a + b, and the test passes.' }));
    const last = await step({ lanes: ['deep'], step: 'think', why: /^the last tool call \(runTests\) repeats an earlier one .*\(a loop\), so the deep lane to think( \(agent .*: .*\))?$/, calls: [], text: /^Fixed: add now returns a \+ b/ });
    assert.equal(last.records[0]!.agent?.repeatedCall, true);

    assert.deepEqual(project.calls, ['readFile {"path":"calc.js"}', 'runTests {}', 'editFile {"path":"calc.js","search":"a - b","replace":"a + b"}', 'runTests {"filter":"add"}', 'runTests {"filter":"add"}']);
    // One ledger record per attempt: every HTTP request the emulator saw has its record, and nothing else was recorded.
    const all = turns.flatMap((t) => t.records);
    assert.equal(all.length, (await requests()).requests.length);
    assert.equal(new Set(all.map((r) => r.id)).size, all.length);
    assert.equal(new Set(all.map((r) => r.taskId)).size, 1, 'one conversation, one task');
    // The meter follows the ledger: today's spend now includes these records, and the last latency is the last turn's.
    const a = await api();
    await until('the meter to show the last turn', () => a.meterText()?.includes(formatMs(all.at(-1)!.timings.endMs)));
    assert.notEqual(a.meterText(), meterBefore);
    assert.ok(a.meterText()!.includes(formatUsd((await records()).filter((r) => new Date(r.time).toDateString() === new Date().toDateString()).reduce((s, r) => s + r.costNanos, 0))), a.meterText());
  });

  it('Switchyard Fast and Switchyard Deep each use their own lane, whatever the request', async () => {
    const ask = [vscode.LanguageModelChatMessage.User('Plan a change across every file of the project.')];
    await script(gemini({ text: 'fast answer' }));
    const fast = await send(await model('fast'), ask);
    assert.equal(fast.text, 'fast answer');
    assert.deepEqual(fast.records.map((r) => [r.lane, r.outcome]), [['fast', 'ok']], summary(fast));
    assert.deepEqual(fast.protocols, ['gemini']);
    await script(responses({ text: 'deep answer' }));
    const deep = await send(await model('deep'), [vscode.LanguageModelChatMessage.User('ok')]);
    assert.equal(deep.text, 'deep answer');
    assert.deepEqual(deep.records.map((r) => [r.lane, r.outcome]), [['deep', 'ok']], summary(deep));
    assert.deepEqual(deep.protocols, ['responses']);
  });

  it('cancelling the caller\'s token closes the HTTP request, and the attempt is recorded as cancelled', async () => {
    await script(gemini({ text: 'an answer that never comes in time', firstByteDelayMs: 15_000 }));
    const source = new vscode.CancellationTokenSource();
    const before = (await records()).length;
    const turn = send(await model('fast'), [vscode.LanguageModelChatMessage.User('Rename x to y in a.ts')], source.token).catch((err: unknown) => err);
    await until('the request to reach the emulator', async () => (await requests()).requests.length === 1);
    source.cancel();
    const outcome = await turn;
    assert.ok(!(outcome instanceof vscode.LanguageModelError), `a cancelled request is not an error for the caller: ${String(outcome)}`);
    const req = await until('the emulator to see the client go', async () => (await requests()).requests.find((r) => r.disconnectedEarly));
    assert.equal(req.completed ?? false, false);
    const rec = await until('the cancelled record', async () => (await records()).slice(before).find((r) => r.outcome === 'cancelled'));
    assert.equal(rec.lane, 'fast');
    source.dispose();
  });

  it('a request the budget stops throws a LanguageModelError whose message says why, and sends nothing', async () => {
    const config = vscode.workspace.getConfiguration('switchyard');
    await config.update('budget.dailyUsd', 0.000001, vscode.ConfigurationTarget.Global);
    try {
      const before = (await records()).length;
      const err = await send(await model('auto'), [vscode.LanguageModelChatMessage.User('Continue.')]).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof vscode.LanguageModelError, `expected a LanguageModelError, got ${String(err)}`);
      assert.equal(err.code, 'Blocked');
      const block = (await records()).slice(before).find((r) => r.outcome === 'blocked_budget');
      assert.ok(block, 'the block is in the ledger');
      assert.ok(err.message.includes(block.reason), `${err.message} vs the ledger's ${block.reason}`);
      assert.equal((await requests()).requests.length, 0, 'nothing reached a lane');
    } finally {
      await config.update('budget.dailyUsd', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a lane without a key leaves its model out, says why, and comes back when the key is set', async () => {
    await vscode.commands.executeCommand('switchyard.clearKeys');
    try {
      const families = async () => (await vscode.lm.selectChatModels({ vendor: 'switchyard' })).map((m) => m.family).sort().join(',');
      // The deep lane points at a local OpenAI-compatible server here (keyless allowed); the fast lane (Gemini) needs its key.
      await until('Switchyard Fast to leave the list', async () => (await families()) === 'auto,deep');
      const status = await vscode.commands.executeCommand<ModelStatus>('switchyard.manageModels', { quiet: true });
      assert.deepEqual(status.missing.map((m) => m.family), ['fast']);
      assert.match(status.missing[0]!.reason, /the fast lane \(gemini-3\.5-flash.*\) has no key: run "Switchyard: Set Fast Lane Key…"/);
      const auto = (await vscode.lm.selectChatModels({ vendor: 'switchyard', family: 'auto' }))[0]!;
      assert.equal(auto.maxInputTokens, 200_000, 'Auto on the deep lane alone');
    } finally {
      await vscode.commands.executeCommand('switchyard.setFastLaneKey', 'test-gemini-key');
      await vscode.commands.executeCommand('switchyard.setDeepLaneKey', 'sk-test-openai-key');
    }
    await until('Switchyard Fast to come back', async () => (await vscode.lm.selectChatModels({ vendor: 'switchyard', family: 'fast' })).length === 1);
  });
});
