// Fill-in-the-middle through the real `openai` SDK (`client.completions.create`)
// over real HTTP against the emulator playing Ollama's /v1/completions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Completion } from 'openai/resources/completions';
import { createProviderClient } from '../../../src/providers/create-client.ts';
import { ProviderFailure } from '../../../src/providers/errors.ts';
import { fimChunkEvents } from '../../../src/providers/openai-fim.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';
import { collect, laneFor, terminal, textOf } from './helpers.ts';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ instant: true, allowNoKey: true });
});
after(() => emu.close());

const MODEL = 'qwen2.5-coder:7b';
const lane = (over = {}) => laneFor(emu, 'openai-fim', { model: MODEL, apiKey: '', ...over });
const REQUEST = { prompt: '// Path: src/a.ts\nconst total = ', suffix: ';\n', stop: ['\n', '<|endoftext|>'], maxOutputTokens: 64, temperature: 0.2 };

test('the request on the wire: POST /v1/completions with prompt, suffix, stream, include_usage, stop and max_tokens; no key header', async () => {
  emu.reset();
  emu.script({ match: { protocol: 'completions' }, text: 'items.length' });
  const events = await collect(createProviderClient(lane()).stream(REQUEST));
  assert.equal(terminal(events).type, 'end');
  const req = emu.requests[0]!;
  assert.equal(req.path, '/v1/completions');
  assert.equal(req.hadApiKey, false);
  assert.deepEqual(req.body, {
    model: MODEL, prompt: REQUEST.prompt, suffix: ';\n', stream: true, stream_options: { include_usage: true },
    max_tokens: 64, temperature: 0.2, stop: ['\n', '<|endoftext|>'],
  });
});

test('text streams as deltas, ends with the finish reason, and usage is exactly what the server reported', async () => {
  emu.reset();
  emu.configure({ instant: false });
  try {
    const text = Array.from({ length: 12 }, (_, i) => `a${i}`).join(' + ');
    emu.script({ match: { protocol: 'completions' }, text, firstTokenMs: 5, tokensPerSecond: 60 });
    const events = await collect(createProviderClient(lane()).stream({ ...REQUEST, stop: [] }));
    const end = terminal(events);
    assert.equal(end.type, 'end');
    assert.equal(end.type === 'end' && end.finishReason, 'stop');
    assert.equal(textOf(events), text);
    assert.ok(events.filter((e) => e.type === 'text').length >= 3, 'several deltas');
    const served = emu.requests[0]!.usage!;
    const usage = events.find((e) => e.type === 'usage');
    assert.deepEqual(usage?.type === 'usage' && usage.usage, { input: served.input, cachedInput: 0, output: served.output, reasoning: 0 });
    assert.ok(served.input > 5 && served.output > 10, JSON.stringify(served));
  } finally {
    emu.configure({ instant: true });
  }
});

test('the server stops at a stop sequence; the output cap ends with finish_reason length', async () => {
  emu.reset();
  emu.script({ match: { protocol: 'completions' }, text: 'first line\nsecond line' }, { match: { protocol: 'completions' }, text: 'one two three four five six seven eight' });
  const stopped = await collect(createProviderClient(lane()).stream(REQUEST));
  assert.equal(textOf(stopped), 'first line');
  const capped = await collect(createProviderClient(lane()).stream({ ...REQUEST, stop: [], maxOutputTokens: 3 }));
  const end = terminal(capped);
  assert.equal(end.type === 'end' && end.finishReason, 'length');
  assert.equal(textOf(capped), 'one two three');
});

test('a server that never reports usage: the text arrives and no usage event is made up', async () => {
  emu.reset();
  emu.script({ match: { protocol: 'completions' }, text: 'items.length', omitUsage: true });
  const events = await collect(createProviderClient(lane()).stream(REQUEST));
  assert.equal(terminal(events).type, 'end');
  assert.equal(textOf(events), 'items.length');
  assert.equal(events.some((e) => e.type === 'usage'), false);
  assert.equal(emu.requests[0]!.includeUsage, true, 'it was asked for');
});

test('a server without /v1/completions (404) says so and what to set', async () => {
  const chatOnly = await startEmulator({ instant: true, allowNoKey: true, noCompletions: true });
  try {
    const events = await collect(createProviderClient(laneFor(chatOnly, 'openai-fim', { model: MODEL, apiKey: '' })).stream(REQUEST));
    const end = terminal(events);
    assert.equal(end.type, 'error');
    if (end.type !== 'error') return;
    assert.equal(end.error.kind, 'bad_request');
    assert.equal(end.error.status, 404);
    assert.match(end.error.message, /^127\.0\.0\.1:\d+ has no fill-in-the-middle endpoint \(HTTP 404 from \/completions\).*switchyard\.completions\.protocol to chat/);
    assert.equal(textOf(events), '');
  } finally {
    await chatOnly.close();
  }
});

test('a garbled stream and a cut-off stream are errors, never a completion', async () => {
  emu.reset();
  emu.script(
    { match: { protocol: 'completions' }, text: 'alpha beta gamma delta', fault: { kind: 'garbled', afterPieces: 2 } },
    { match: { protocol: 'completions' }, text: 'alpha beta gamma delta', fault: { kind: 'truncate', afterPieces: 2 } },
  );
  const garbled = terminal(await collect(createProviderClient(lane()).stream(REQUEST)));
  assert.equal(garbled.type === 'error' && garbled.error.kind, 'server');
  assert.match(garbled.type === 'error' ? garbled.error.message : '', /malformed stream/);
  const cut = terminal(await collect(createProviderClient(lane()).stream(REQUEST)));
  assert.equal(cut.type === 'error' && cut.error.kind, 'network');
  assert.match(cut.type === 'error' ? cut.error.message : '', /closed the stream before the response completed/);
});

test('a chunk that is not a text completion (chat-shaped, no choices, text not a string) is invalid output', () => {
  const base = { id: 'cmpl-1', object: 'text_completion', created: 1, model: MODEL };
  const bad: unknown[] = [
    { ...base, choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }] },
    { ...base },
    { ...base, choices: [{ index: 0, text: 42, finish_reason: null }] },
  ];
  for (const chunk of bad) {
    assert.throws(() => fimChunkEvents(chunk as Completion, 'host:1'), (e: unknown) => e instanceof ProviderFailure && e.error.kind === 'invalid_output' && /not a fill-in-the-middle completion/.test(e.message));
  }
  assert.deepEqual(fimChunkEvents({ ...base, choices: [{ index: 0, text: 'ok', finish_reason: 'stop', logprobs: null }] } as Completion, 'h'), [
    { type: 'text', delta: 'ok' }, { type: 'done', finishReason: 'stop' },
  ]);
});

test('a request without a suffix is refused before anything is sent', async () => {
  emu.reset();
  const events = await collect(createProviderClient(lane()).stream({ prompt: 'x', maxOutputTokens: 8 }));
  assert.equal(terminal(events).type === 'error' && (terminal(events) as { error: { kind: string } }).error.kind, 'bad_request');
  assert.equal(emu.requests.length, 0);
});
