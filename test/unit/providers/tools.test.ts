// Tools over the real SDKs and real HTTP against the emulator, on all three
// protocols: definitions and mode on the wire, whole tool_call events, verbatim
// malformed arguments, conversations with calls and results, abort, usage.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ProviderRequest } from '../../../src/core/provider-types.ts';
import { createProviderClient } from '../../../src/providers/create-client.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';
import { countTokens } from '../../emulator/tokens.ts';
import { collect, laneFor, PROTOCOLS, terminal, textOf } from './helpers.ts';
import { callsOf, conversation, READ_FILE, RUN_TESTS, TOOLS } from './tool-helpers.ts';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ instant: true });
});
after(() => emu.close());

const ask = (over: Partial<ProviderRequest> = {}): ProviderRequest => ({ prompt: 'Fix the failing test.', maxOutputTokens: 500, tools: TOOLS, ...over });
const NO_PARAMS = { type: 'object', properties: {} };

test('Responses: function tools with strict:false and tool_choice reach the wire, store stays false', async () => {
  emu.reset();
  await collect(createProviderClient(laneFor(emu, 'openai-responses')).stream(ask({ toolMode: 'required' })));
  const body = emu.requests[0].body as Record<string, unknown>;
  assert.deepEqual(body.tools, [
    { type: 'function', name: 'readFile', description: READ_FILE.description, parameters: READ_FILE.inputSchema, strict: false },
    { type: 'function', name: 'runTests', description: RUN_TESTS.description, parameters: NO_PARAMS, strict: false },
  ]);
  assert.equal(body.tool_choice, 'required');
  assert.equal(body.store, false);
  assert.deepEqual([emu.requests[0].tools, emu.requests[0].toolMode], [['readFile', 'runTests'], 'required']);
});

test('Chat Completions: tools as {type:function, function} and tool_choice reach the wire', async () => {
  emu.reset();
  await collect(createProviderClient(laneFor(emu, 'openai-chat')).stream(ask()));
  const body = emu.requests[0].body as Record<string, unknown>;
  assert.deepEqual(body.tools, [
    { type: 'function', function: { name: 'readFile', description: READ_FILE.description, parameters: READ_FILE.inputSchema } },
    { type: 'function', function: { name: 'runTests', description: RUN_TESTS.description, parameters: NO_PARAMS } },
  ]);
  assert.equal(body.tool_choice, 'auto');
  assert.equal(emu.requests[0].toolMode, 'auto');
});

test('Gemini: functionDeclarations with parametersJsonSchema and the calling mode (ANY for required) reach the wire', async () => {
  emu.reset();
  await collect(createProviderClient(laneFor(emu, 'gemini')).stream(ask({ toolMode: 'required' })));
  await collect(createProviderClient(laneFor(emu, 'gemini')).stream(ask({ toolMode: 'auto' })));
  const [required, auto] = emu.requests.map((r) => r.body as Record<string, Record<string, unknown>>);
  assert.deepEqual(required.tools, [{
    functionDeclarations: [
      { name: 'readFile', description: READ_FILE.description, parametersJsonSchema: READ_FILE.inputSchema },
      { name: 'runTests', description: RUN_TESTS.description },
    ],
  }]);
  assert.deepEqual(required.toolConfig, { functionCallingConfig: { mode: 'ANY' } });
  assert.deepEqual(auto.toolConfig, { functionCallingConfig: { mode: 'AUTO' } });
  assert.deepEqual(emu.requests.map((r) => r.toolMode), ['required', 'auto']);
});

test('a request without tools sends no tool fields', async () => {
  emu.reset();
  for (const protocol of PROTOCOLS) await collect(createProviderClient(laneFor(emu, protocol)).stream({ prompt: 'x', maxOutputTokens: 50 }));
  for (const r of emu.requests) {
    const body = r.body as Record<string, unknown>;
    assert.deepEqual([body.tools, body.tool_choice, body.toolConfig, r.tools], [undefined, undefined, undefined, undefined]);
  }
});

for (const protocol of PROTOCOLS) {
  const client = () => createProviderClient(laneFor(emu, protocol));

  test(`${protocol}: a scripted call arrives as exactly one tool_call event, with the exact arguments text and id`, async () => {
    emu.reset();
    emu.script({ toolCalls: [{ name: 'readFile', arguments: '{"path":"src/a.ts"}', id: 'call_x1' }] });
    const events = await collect(client().stream(ask()));
    assert.equal(terminal(events).type, 'end');
    assert.equal(events.filter((e) => e.type === 'tool_call').length, 1);
    const [call] = callsOf(events);
    assert.deepEqual({ id: call.id, name: call.name, arguments: call.arguments }, { id: 'call_x1', name: 'readFile', arguments: '{"path":"src/a.ts"}' });
    assert.equal(textOf(events), '');
    const end = terminal(events);
    assert.equal(end.type === 'end' && end.finishReason, 'stop');
    assert.ok(end.type === 'end' && end.timing.firstToken !== undefined, 'a call is output: it sets the first-token mark');
  });

  test(`${protocol}: two calls in one reply arrive in order, each whole, with distinct ids`, async () => {
    emu.reset();
    emu.script({ toolCalls: [{ name: 'readFile', arguments: { path: 'a.ts' } }, { name: 'runTests', arguments: {} }] });
    const calls = callsOf(await collect(client().stream(ask())));
    assert.deepEqual(calls.map((c) => [c.name, c.arguments]), [['readFile', '{"path":"a.ts"}'], ['runTests', '{}']]);
    assert.notEqual(calls[0].id, calls[1].id);
    const rec = emu.requests[0];
    // Ids the emulator made (OpenAI), or the client made for Gemini's id-less calls: `<responseId>_<n>`.
    assert.deepEqual(calls.map((c) => c.id), protocol === 'gemini' ? [`emu${rec.id}_0`, `emu${rec.id}_1`] : [`call_emu${rec.id}_0`, `call_emu${rec.id}_1`]);
    if (protocol === 'gemini') {
      assert.ok(calls[0].signature, 'the first call of a step carries the thought signature');
      assert.equal(calls[1].signature, undefined, 'parallel calls after the first carry none');
    } else {
      assert.ok(calls.every((c) => c.signature === undefined));
    }
  });

  test(`${protocol}: text before a call streams first, as it arrives`, async () => {
    emu.reset();
    emu.configure({ instant: false });
    try {
      const text = Array.from({ length: 30 }, (_, i) => `step${i}`).join(' ');
      emu.script({ text, toolCalls: [{ name: 'readFile', arguments: { path: 'src/a.ts' } }], firstTokenMs: 5, tokensPerSecond: 60, reasoningTokens: 0 });
      const order: string[] = [];
      let serverDoneAtFirstText: boolean | undefined;
      let got = '';
      for await (const ev of client().stream(ask())) {
        if (ev.type === 'text') {
          serverDoneAtFirstText ??= emu.requests[0].completed;
          got += ev.delta;
        }
        if (order.at(-1) !== ev.type) order.push(ev.type);
      }
      assert.equal(got, text);
      assert.equal(serverDoneAtFirstText, false);
      assert.deepEqual(order, ['text', 'tool_call', 'usage', 'end']);
    } finally {
      emu.configure({ instant: true });
    }
  });

  test(`${protocol}: a conversation with calls and results round-trips (the emulator saw the ids, names and outputs)`, async () => {
    emu.reset();
    const read = { id: 'call_r1', name: 'readFile', arguments: '{"path":"a.ts"}' };
    const run = { id: 'call_t1', name: 'runTests', arguments: '{}' };
    emu.script({ text: 'The test expects 2.' });
    const events = await collect(client().stream(ask({ prompt: conversation(read, run) })));
    assert.equal(terminal(events).type, 'end', JSON.stringify(events.at(-1)));
    const rec = emu.requests[0];
    assert.equal(rec.status, 200);
    // Gemini: the first call of the step had no signature (another lane made it), so Google's skip value went in its place.
    const skip = protocol === 'gemini' ? { signature: 'skip_thought_signature_validator' } : {};
    assert.deepEqual(rec.toolCalls, [{ ...read, ...skip }, run]);
    assert.deepEqual(rec.toolResults, [
      { callId: 'call_r1', name: 'readFile', content: 'export const a = 1;', isError: false },
      // Only Gemini's wire can say a result is an error ({error: …}); OpenAI's output is just the text.
      { callId: 'call_t1', name: 'runTests', content: '1 failing: a.test.ts', isError: protocol === 'gemini' },
    ]);
  });

  test(`${protocol}: usage is exact, with the tool definitions and the conversation's calls counted as input and the reply's calls as output`, async () => {
    emu.reset();
    emu.script({ text: 'ok', reasoningTokens: 0 }, { text: 'ok', toolCalls: [{ name: 'readFile', arguments: '{"path":"src/ä.ts"}', id: 'c1' }], reasoningTokens: 0 });
    const bare = await collect(client().stream({ prompt: 'Fix the failing test.', maxOutputTokens: 500 }));
    const withTools = await collect(client().stream(ask()));
    const [r0, r1] = emu.requests;
    // OpenAI's wire gives a tool without a schema an empty object schema; Gemini's sends none.
    const schemaOf = (s: object | undefined) => (s ? JSON.stringify(s) : protocol === 'gemini' ? '' : JSON.stringify(NO_PARAMS));
    const defs = TOOLS.reduce((n, t) => n + countTokens(`${t.name}\n${t.description}\n${schemaOf(t.inputSchema)}`), 0);
    assert.equal(r1.usage!.input - r0.usage!.input, defs);
    assert.equal(r1.usage!.output, countTokens('ok') + countTokens('readFile') + countTokens('{"path":"src/ä.ts"}'));
    for (const [events, rec] of [[bare, r0], [withTools, r1]] as const) {
      const u = events.find((e) => e.type === 'usage');
      assert.deepEqual(u?.type === 'usage' && u.usage, { input: rec.usage!.input, cachedInput: 0, output: rec.usage!.output, reasoning: 0 });
    }
  });

  test(`${protocol}: abort mid-stream of a reply with a call closes the HTTP request, and no call is yielded`, async () => {
    emu.reset();
    emu.configure({ instant: false });
    try {
      const text = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
      emu.script({ text, toolCalls: [{ name: 'readFile', arguments: { path: 'x'.repeat(200) } }], firstTokenMs: 0, tokensPerSecond: 100, reasoningTokens: 0 });
      const disconnected = emu.waitForDisconnect(3_000);
      const ac = new AbortController();
      const events = [];
      for await (const ev of client().stream(ask(), ac.signal)) {
        events.push(ev);
        if (ev.type === 'text') ac.abort();
      }
      const end = terminal(events);
      assert.equal(end.type === 'error' && end.error.kind, 'cancelled');
      assert.equal(callsOf(events).length, 0);
      assert.equal((await disconnected).disconnectedEarly, true);
    } finally {
      emu.configure({ instant: true });
    }
  });
}

for (const protocol of ['openai-responses', 'openai-chat'] as const) {
  test(`${protocol}: malformed arguments arrive verbatim, never thrown on`, async () => {
    emu.reset();
    const broken = '{"path": "src/a.ts", "line": 1';
    emu.script({ toolCalls: [{ name: 'readFile', arguments: broken, id: 'bad1' }, { name: 'runTests', arguments: 'not json at all' }] });
    const events = await collect(createProviderClient(laneFor(emu, protocol)).stream(ask()));
    assert.equal(terminal(events).type, 'end');
    assert.deepEqual(callsOf(events).map((c) => [c.name, c.arguments]), [['readFile', broken], ['runTests', 'not json at all']]);
  });

  test(`${protocol}: a call cut off at the output limit is never yielded; the calls before it are`, async () => {
    emu.reset();
    emu.script({ toolCalls: [{ name: 'runTests', arguments: {} }, { name: 'readFile', arguments: { path: Array.from({ length: 60 }, (_, i) => `d${i}`).join('/') } }], reasoningTokens: 0 });
    const events = await collect(createProviderClient(laneFor(emu, protocol)).stream(ask({ maxOutputTokens: 30 })));
    const end = terminal(events);
    assert.equal(end.type === 'end' && end.finishReason, 'length');
    assert.deepEqual(callsOf(events).map((c) => c.name), ['runTests']);
  });
}

test('gemini: a call Gemini could not parse (MALFORMED_FUNCTION_CALL) arrives as a call whose arguments do not parse', async () => {
  emu.reset();
  const broken = '{"path": "src/a.ts"';
  emu.script({ text: 'Reading.', toolCalls: [{ name: 'readFile', arguments: broken }] });
  const events = await collect(createProviderClient(laneFor(emu, 'gemini')).stream(ask()));
  const end = terminal(events);
  assert.equal(end.type === 'end' && end.finishReason, 'malformed_function_call');
  const calls = callsOf(events);
  assert.equal(calls.length, 1);
  // genai drops the candidate's finishMessage (where the API puts the raw call), so name and text are unknown.
  assert.deepEqual([calls[0].name, calls[0].arguments], ['', '']);
  assert.throws(() => JSON.parse(calls[0].arguments));
  assert.equal(emu.requests[0].replyToolCalls, undefined, 'no functionCall part was sent');
  assert.equal(emu.requests[0].malformedCall, `Malformed function call: print(default_api.readFile(${broken}))`);
  assert.equal(textOf(events), 'Reading.');
});

test('gemini: args that parse but break the schema arrive as they are (the pipeline judges them)', async () => {
  emu.reset();
  emu.script({ toolCalls: [{ name: 'readFile', arguments: { file: 42 } }] });
  const calls = callsOf(await collect(createProviderClient(laneFor(emu, 'gemini')).stream(ask())));
  assert.deepEqual(calls.map((c) => c.arguments), ['{"file":42}']);
});

test('gemini: the thought signature goes back on the next turn, on the call it came with', async () => {
  emu.reset();
  const client = createProviderClient(laneFor(emu, 'gemini'));
  emu.script({ toolCalls: [{ name: 'readFile', arguments: { path: 'a.ts' } }, { name: 'runTests', arguments: {} }] }, { text: 'Done.' });
  const [read, run] = callsOf(await collect(client.stream(ask())));
  assert.ok(read.signature && read.signature !== 'skip_thought_signature_validator');
  const events = await collect(client.stream(ask({ prompt: conversation(read, run) })));
  assert.equal(terminal(events).type, 'end', JSON.stringify(events.at(-1)));
  const second = emu.requests[1];
  assert.equal(second.status, 200);
  assert.deepEqual(second.toolCalls?.map((c) => [c.id, c.signature]), [[read.id, read.signature], [run.id, undefined]]);
  const parts = (second.body as { contents: { parts: Record<string, unknown>[] }[] }).contents[1].parts;
  assert.deepEqual(parts.map((p) => Object.keys(p).sort()), [['text'], ['functionCall', 'thoughtSignature'], ['functionCall']]);
});
