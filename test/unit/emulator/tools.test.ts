// The emulator's tool side on its own terms: the responder hook, the control API
// with toolCalls, and the request checks the real APIs make (Gemini 3's thought
// signatures, OpenAI's call/result pairing).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createProviderClient } from '../../../src/providers/create-client.ts';
import { startEmulator, type Emulator, type RespondedRequest } from '../../emulator/server.ts';
import { collect, laneFor, PROTOCOLS, terminal, TEST_KEY } from '../providers/helpers.ts';
import { callsOf, conversation, TOOLS } from '../providers/tool-helpers.ts';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ instant: true });
});
after(() => emu.close());

const read = { id: 'call_r1', name: 'readFile', arguments: '{"path":"a.ts"}' };
const run = { id: 'call_t1', name: 'runTests', arguments: '{}' };

test('the responder hook sees every protocol\'s conversation in one neutral shape, and its reply is sent', async () => {
  emu.reset();
  const seen: RespondedRequest[] = [];
  emu.configure({
    responder: (req) => {
      seen.push(req);
      const last = req.messages.at(-1);
      return last?.toolResults.some((r) => r.isError || r.content.includes('failing')) ? { toolCalls: [{ name: 'readFile', arguments: { path: 'a.test.ts' } }] } : undefined;
    },
  });
  try {
    for (const protocol of PROTOCOLS) {
      const events = await collect(createProviderClient(laneFor(emu, protocol)).stream({ system: 'You fix code.', prompt: conversation(read, run), maxOutputTokens: 300, tools: TOOLS, toolMode: 'auto' }));
      assert.deepEqual(callsOf(events).map((c) => [c.name, c.arguments]), [['readFile', '{"path":"a.test.ts"}']], protocol);
    }
    assert.equal(seen.length, 3);
    for (const [i, req] of seen.entries()) {
      const gemini = req.protocol === 'gemini';
      assert.deepEqual(req, {
        protocol: ['responses', 'chat', 'gemini'][i],
        model: gemini ? 'gemini-3.5-flash' : 'gpt-5.5',
        system: 'You fix code.',
        tools: ['readFile', 'runTests'],
        toolMode: 'auto',
        messages: [
          { role: 'user', text: 'Fix the failing test.', toolCalls: [], toolResults: [] },
          { role: 'assistant', text: 'Reading first.', toolCalls: [gemini ? { ...read, signature: 'skip_thought_signature_validator' } : read, run], toolResults: [] },
          {
            role: 'user', text: '', toolCalls: [], toolResults: [
              { callId: 'call_r1', name: 'readFile', content: 'export const a = 1;', isError: false },
              { callId: 'call_t1', name: 'runTests', content: '1 failing: a.test.ts', isError: gemini },
            ],
          },
        ],
      });
    }
    assert.ok(emu.requests.every((r) => r.responded === true && r.scripted === false));
  } finally {
    emu.configure({ responder: undefined });
  }
});

test('a scripted entry wins over the responder; a responder that returns undefined leaves the default reply', async () => {
  emu.reset();
  let calls = 0;
  emu.configure({ responder: () => (calls++, undefined) });
  try {
    emu.script({ text: 'scripted' });
    const client = createProviderClient(laneFor(emu, 'openai-chat'));
    await collect(client.stream({ prompt: 'x', maxOutputTokens: 50 }));
    const second = await collect(client.stream({ prompt: 'x', maxOutputTokens: 50 }));
    assert.equal(calls, 1, 'consulted only when nothing scripted matched');
    assert.deepEqual(emu.requests.map((r) => [r.scripted, r.responded ?? false]), [[true, false], [false, false]]);
    assert.match(second.map((e) => (e.type === 'text' ? e.delta : '')).join(''), /^Simulated reply from gpt-5\.5/);
  } finally {
    emu.configure({ responder: undefined });
  }
});

test('an option responder works from the start, and a fault it returns applies', async () => {
  const own = await startEmulator({ instant: true, responder: () => ({ fault: { kind: 'http', status: 503 } }) });
  try {
    const events = await collect(createProviderClient(laneFor(own, 'gemini')).stream({ prompt: 'x', maxOutputTokens: 50 }));
    const end = terminal(events);
    assert.equal(end.type === 'error' && end.error.kind, 'server');
    assert.equal(own.requests[0].status, 503);
  } finally {
    await own.close();
  }
});

test('the control API queues replies with toolCalls (as a test inside VS Code would)', async () => {
  emu.reset();
  const res = await fetch(`${emu.url}/__emulator/script`, {
    method: 'POST', body: JSON.stringify([{ match: { protocol: 'responses' }, toolCalls: [{ name: 'runTests', arguments: { filter: 'a' }, id: 'ctl1' }, { name: 'readFile', arguments: '{"path": ' }] }]),
  });
  assert.deepEqual(await res.json(), { queued: 1, pending: 1 });
  const calls = callsOf(await collect(createProviderClient(laneFor(emu, 'openai-responses')).stream({ prompt: 'x', maxOutputTokens: 200, tools: TOOLS })));
  assert.deepEqual(calls.map((c) => [c.id, c.name, c.arguments]), [['ctl1', 'runTests', '{"filter":"a"}'], [`call_emu${emu.requests[0].id}_1`, 'readFile', '{"path": ']]);
  const log = (await (await fetch(`${emu.url}/__emulator/requests`)).json()) as { requests: { tools?: string[]; replyToolCalls?: unknown[] }[] };
  assert.deepEqual(log.requests[0].tools, ['readFile', 'runTests']);
  assert.equal(log.requests[0].replyToolCalls?.length, 2);
});

test('unscripted, a request that requires a call gets one: the first tool, with a minimal valid input', async () => {
  emu.reset();
  for (const protocol of PROTOCOLS) {
    const calls = callsOf(await collect(createProviderClient(laneFor(emu, protocol)).stream({ prompt: 'x', maxOutputTokens: 200, tools: TOOLS, toolMode: 'required' })));
    assert.deepEqual(calls.map((c) => [c.name, c.arguments]), [['readFile', '{"path":"example"}']], protocol);
  }
});

/** A raw Gemini request, for conversations our client would never send. */
async function gemini(model: string, contents: unknown[]): Promise<{ status: number; message: string }> {
  const res = await fetch(`${emu.url}/v1beta/models/${model}:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': TEST_KEY },
    body: JSON.stringify({ contents, tools: [{ functionDeclarations: [{ name: 'readFile', description: 'r' }] }] }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  return { status: res.status, message: body.error?.message ?? '' };
}

const ask = { role: 'user', parts: [{ text: 'read a.ts' }] };
const callPart = (extra: object = {}) => ({ role: 'model', parts: [{ functionCall: { name: 'readFile', args: { path: 'a.ts' } }, ...extra }] });
const result = { role: 'user', parts: [{ functionResponse: { name: 'readFile', response: { output: 'x' } } }] };

test('Gemini 3: a call in the current turn without its thought signature is a 400, as the real API says', async () => {
  emu.reset();
  const missing = await gemini('gemini-3.5-flash', [ask, callPart(), result]);
  assert.equal(missing.status, 400);
  assert.match(missing.message, /Function call is missing a thought_signature in functionCall parts.*default_api:readFile.*position 1/s);
  assert.deepEqual(await gemini('gemini-3.5-flash', [ask, callPart({ thoughtSignature: 'bm90IG91cnM=' }), result]), { status: 400, message: 'Corrupted thought signature.' });
  // Google's documented skip value, a signature the emulator issued, an older model, or a call in an earlier turn: accepted.
  assert.equal((await gemini('gemini-3.5-flash', [ask, callPart({ thoughtSignature: 'skip_thought_signature_validator' }), result])).status, 200);
  const issued = Buffer.from('emu-thought:gemini-3.5-flash:emu1').toString('base64');
  assert.equal((await gemini('gemini-3.5-flash', [ask, callPart({ thoughtSignature: issued }), result])).status, 200);
  assert.equal((await gemini('gemini-2.5-flash', [ask, callPart(), result])).status, 200);
  assert.equal((await gemini('gemini-3.5-flash', [ask, callPart(), result, { role: 'model', parts: [{ text: 'done' }] }, { role: 'user', parts: [{ text: 'thanks' }] }])).status, 200);
});

test('Gemini: the content after a step with calls must answer each call', async () => {
  emu.reset();
  const two = { role: 'model', parts: [callPart({ thoughtSignature: 'skip_thought_signature_validator' }).parts[0], callPart().parts[0]] };
  const short = await gemini('gemini-3.5-flash', [ask, two, result]);
  assert.equal(short.status, 400);
  assert.match(short.message, /number of function response parts is equal to the number of function call parts/);
  assert.equal((await gemini('gemini-3.5-flash', [ask, two, { role: 'user', parts: [...result.parts, ...result.parts] }])).status, 200);
});

for (const protocol of ['openai-responses', 'openai-chat'] as const) {
  test(`${protocol}: a result for a call never made, or a call left without its result, is a 400`, async () => {
    emu.reset();
    const client = createProviderClient(laneFor(emu, protocol));
    const orphan = await collect(client.stream({ prompt: [{ role: 'user', content: [{ type: 'tool_result', callId: 'nope', name: 'readFile', content: 'x' }] }], maxOutputTokens: 50, tools: TOOLS }));
    const unanswered = await collect(client.stream({ prompt: conversation(read, run).slice(0, 2).concat({ role: 'user', content: 'go on' }), maxOutputTokens: 50, tools: TOOLS }));
    for (const events of [orphan, unanswered]) {
      const end = terminal(events);
      assert.equal(end.type === 'error' && end.error.kind, 'bad_request');
    }
    assert.deepEqual(emu.requests.map((r) => r.status), [400, 400]);
  });
}

test('a non-streamed Chat Completions reply carries its calls as tool_calls', async () => {
  emu.reset();
  emu.script({ toolCalls: [{ name: 'readFile', arguments: { path: 'a.ts' }, id: 'ns1' }] });
  const res = await fetch(`${emu.openaiBaseUrl}/chat/completions`, {
    method: 'POST', headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'readFile', parameters: {} } }] }),
  });
  const body = (await res.json()) as { choices: { message: { tool_calls: unknown[] }; finish_reason: string }[] };
  assert.deepEqual(body.choices[0].message.tool_calls, [{ id: 'ns1', type: 'function', function: { name: 'readFile', arguments: '{"path":"a.ts"}' } }]);
  assert.equal(body.choices[0].finish_reason, 'tool_calls');
});
