// The real SDKs over real HTTP against the emulator: incremental text, exact
// usage and cost, structured output as json events, request shape.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { costForModel } from '../../../src/core/pricing.ts';
import type { Usage } from '../../../src/core/provider-types.ts';
import { createProviderClient } from '../../../src/providers/create-client.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';
import { countTokens, splitPieces } from '../../emulator/tokens.ts';
import { collect, laneFor, PROTOCOLS, terminal, textOf } from './helpers.ts';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ instant: true });
});
after(() => emu.close());

const LONG = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');

for (const protocol of PROTOCOLS) {
  test(`${protocol}: text arrives incrementally, first delta before the server has sent the last`, async () => {
    emu.reset();
    emu.configure({ instant: false });
    try {
      // 40 tokens over about a second: the emulator merges pieces that fell due together, so a faster pace
      // turned into one delta whenever a loaded machine paused this process for ~100 ms.
      emu.script({ text: LONG, firstTokenMs: 5, tokensPerSecond: 40, reasoningTokens: 0 });
      const client = createProviderClient(laneFor(emu, protocol));
      let deltas = 0;
      let serverDoneAtFirstDelta: boolean | undefined;
      let text = '';
      for await (const ev of client.stream({ prompt: 'count', maxOutputTokens: 500 })) {
        if (ev.type !== 'text') continue;
        deltas++;
        text += ev.delta;
        serverDoneAtFirstDelta ??= emu.requests[0].completed;
      }
      assert.equal(text, LONG);
      assert.ok(deltas >= 5, `only ${deltas} deltas`);
      assert.equal(serverDoneAtFirstDelta, false);
      assert.equal(emu.requests[0].completed, true);
    } finally {
      emu.configure({ instant: true });
    }
  });

  test(`${protocol}: a streamed reply is paced by its tokens, as a non-streamed one waits`, async () => {
    // Code has more tokens than words: paced by pieces, this streamed in ~60% of its tokens' time.
    const code = Array.from({ length: 6 }, (_, k) => `const v${k + 2} = v${k + 1} * ${k + 2} - a + ${k + 2};`).join('\n');
    assert.ok(splitPieces(code).length < 0.8 * countTokens(code), 'the text has clearly more tokens than pieces');
    emu.reset();
    emu.configure({ instant: false });
    try {
      emu.script({ text: code, firstTokenMs: 0, tokensPerSecond: 400, reasoningTokens: 0 });
      await collect(createProviderClient(laneFor(emu, protocol)).stream({ prompt: 'go', maxOutputTokens: 500 }));
      const served = emu.requests[0]!;
      const expectedMs = (served.usage!.output / 400) * 1000;
      const took = served.endedAt! - served.startedAt;
      assert.ok(took >= 0.9 * expectedMs, `streamed in ${took} ms; ${served.usage!.output} tokens at 400/s take ${Math.round(expectedMs)} ms`);
    } finally {
      emu.configure({ instant: true });
    }
  });

  test(`${protocol}: usage is exact and the cost follows from it`, async () => {
    emu.reset();
    emu.script({ text: 'const x = 1;', cachedTokens: 3, reasoningTokens: 11 });
    const events = await collect(createProviderClient(laneFor(emu, protocol)).stream({ system: 'be brief', prompt: 'write x', maxOutputTokens: 100 }));
    const end = terminal(events);
    assert.equal(end.type, 'end');
    assert.equal(textOf(events), 'const x = 1;');
    const usages = events.filter((e) => e.type === 'usage');
    assert.equal(usages.length, 1);
    const served = emu.requests[0].usage!;
    const expected: Usage = { input: served.input, cachedInput: 3, output: served.output + 11, reasoning: 11 };
    assert.deepEqual(usages[0].type === 'usage' && usages[0].usage, expected);
    assert.ok(served.input > 5 && served.output === 6, JSON.stringify(served));
    const cost = costForModel(laneFor(emu, protocol).model, expected)!;
    const price = protocol === 'gemini' ? { i: 1_500, c: 150, o: 9_000 } : { i: 5_000, c: 500, o: 30_000 };
    assert.equal(cost.totalNanoUsd, (expected.input - 3) * price.i + 3 * price.c + expected.output * price.o);
    if (end.type === 'end') {
      assert.equal(end.finishReason, 'stop');
      const t = end.timing;
      assert.ok(t.start <= t.headers! && t.headers! <= t.firstToken! && t.firstToken! <= t.end);
    }
  });

  test(`${protocol}: structured output arrives as json deltas and the request asked for a schema`, async () => {
    emu.reset();
    const value = { edits: [{ path: 'src/a.ts', text: 'export const a = 1;' }], summary: 'one edit' };
    emu.script({ json: value });
    const schema = { type: 'object', properties: { edits: { type: 'array' }, summary: { type: 'string' } }, required: ['edits', 'summary'], additionalProperties: false };
    const events = await collect(createProviderClient(laneFor(emu, protocol)).stream({ prompt: 'plan', maxOutputTokens: 400, jsonSchema: { name: 'edit_plan', schema } }));
    assert.equal(terminal(events).type, 'end');
    assert.equal(textOf(events), '');
    assert.ok(events.filter((e) => e.type === 'json').length > 3);
    assert.deepEqual(JSON.parse(textOf(events, 'json')), value);
    const rec = emu.requests[0];
    assert.equal(rec.jsonSchema, true);
    assert.equal(rec.maxOutputTokens, 400);
  });

  test(`${protocol}: an unscripted JSON request gets a default reply valid for its schema`, async () => {
    emu.reset();
    const schema = { type: 'object', properties: { ok: { type: 'boolean' }, n: { type: 'integer' } }, required: ['ok', 'n'], additionalProperties: false };
    const events = await collect(createProviderClient(laneFor(emu, protocol)).stream({ prompt: 'x', maxOutputTokens: 1000, jsonSchema: { name: 's', schema } }));
    assert.deepEqual(JSON.parse(textOf(events, 'json')), { ok: true, n: 1 });
  });

  test(`${protocol}: output beyond maxOutputTokens ends with finishReason length`, async () => {
    emu.reset();
    emu.script({ text: LONG, reasoningTokens: 0 });
    const events = await collect(createProviderClient(laneFor(emu, protocol)).stream({ prompt: 'x', maxOutputTokens: 10 }));
    const end = terminal(events);
    assert.equal(end.type === 'end' && end.finishReason, 'length');
    assert.ok(textOf(events).length < LONG.length);
  });
}

test('request shape: Responses sends store:false and reasoning effort; chat asks for usage; Gemini thinks minimally by default', async () => {
  emu.reset();
  await collect(createProviderClient(laneFor(emu, 'openai-responses', { reasoningEffort: 'high' })).stream({ prompt: 'x', maxOutputTokens: 50 }));
  await collect(createProviderClient(laneFor(emu, 'openai-chat', { headers: { 'x-gateway': 'lane-deep' } })).stream({ prompt: 'x', maxOutputTokens: 50 }));
  await collect(createProviderClient(laneFor(emu, 'gemini')).stream({ prompt: 'x', maxOutputTokens: 50 }));
  await collect(createProviderClient(laneFor(emu, 'gemini')).stream({ prompt: 'x', maxOutputTokens: 50, thinking: 'low' }));
  const [resp, chat, gem, gemLow] = emu.requests;
  assert.deepEqual([resp.path, resp.store, resp.reasoning, resp.stream], ['/v1/responses', false, 'high', true]);
  assert.deepEqual([chat.path, chat.includeUsage, chat.headers['x-gateway']], ['/v1/chat/completions', true, 'lane-deep']);
  assert.equal(gem.path, '/v1beta/models/gemini-3.5-flash:streamGenerateContent');
  assert.deepEqual([gem.reasoning, gemLow.reasoning], ['MINIMAL', 'LOW']);
  for (const r of emu.requests) {
    assert.equal(r.hadApiKey, true);
    assert.doesNotMatch(JSON.stringify(r.headers), /SECRETKEY/);
  }
});

test('a lane without a key sends nothing and says so', async () => {
  emu.reset();
  const events = await collect(createProviderClient(laneFor(emu, 'gemini', { apiKey: '' })).stream({ prompt: 'x', maxOutputTokens: 5 }));
  const t = terminal(events);
  assert.equal(t.type === 'error' && t.error.kind, 'auth');
  assert.equal(emu.requests.length, 0);
});
