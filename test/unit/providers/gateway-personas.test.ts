// The emulator's gateway personas through the real openai SDK (and raw HTTP where the quirk is
// the wire itself): Chat Completions only, usage only when asked, no cached_tokens from local
// servers, prefixed model names, and LiteLLM's cost header read into the usage event.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Usage } from '../../../src/core/provider-types.ts';
import { createProviderClient } from '../../../src/providers/create-client.ts';
import { gatewayCostNanos } from '../../../src/providers/openai-chat.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';
import { collect, laneFor, terminal } from './helpers.ts';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ instant: true, allowNoKey: true });
});
after(() => emu.close());

const post = (path: string, body: unknown) =>
  fetch(`${emu.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body: JSON.stringify(body) });
const control = (body: unknown) => fetch(`${emu.url}/__emulator/config`, { method: 'POST', body: JSON.stringify(body) });

async function usageOf(model: string, over: Parameters<typeof laneFor>[2] = {}): Promise<Usage | undefined> {
  const events = await collect(createProviderClient(laneFor(emu, 'openai-chat', { model, ...over })).stream({ prompt: 'say something', maxOutputTokens: 50 }));
  assert.equal(terminal(events).type, 'end', JSON.stringify(terminal(events)));
  return events.flatMap((e) => (e.type === 'usage' ? [e.usage] : []))[0];
}

test('every persona serves Chat Completions only: the Responses and Gemini routes answer 404', async () => {
  for (const persona of ['litellm', 'ollama', 'vllm', 'lmstudio', 'cloud-gateway']) {
    emu.reset();
    assert.equal((await control({ persona })).status, 200);
    assert.equal((await post('/v1/responses', { model: 'gpt-5.5', input: 'hi', stream: true })).status, 404, persona);
    assert.equal((await post('/v1beta/models/gemini-3.5-flash:streamGenerateContent?alt=sse', { contents: [] })).status, 404, persona);
    const chat = await post('/v1/chat/completions', { model: 'openai/gpt-5.5', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(chat.status, 200, persona);
  }
  // The SDK's Responses call against a persona fails as the real server makes it fail.
  const events = await collect(createProviderClient(laneFor(emu, 'openai-responses')).stream({ prompt: 'hi', maxOutputTokens: 20 }));
  assert.equal(terminal(events).type, 'error');
  assert.equal((await control({ persona: 'nonsense' })).status, 400);
  await control({ persona: null });
  assert.equal((await post('/v1/responses', { model: 'gpt-5.5', input: 'hi' })).status, 200, 'back to playing OpenAI');
});

test('usage only with stream_options.include_usage; local servers leave out cached_tokens', async () => {
  await control({ persona: 'ollama' });
  try {
    const read = async (includeUsage: boolean) => {
      const res = await post('/v1/chat/completions', {
        model: 'qwen2.5-coder:7b', stream: true, messages: [{ role: 'user', content: 'hi' }], ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
      });
      const chunks = (await res.text()).split('\n\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)) as { usage?: Record<string, unknown> | null });
      return chunks.flatMap((c) => (c.usage ? [c.usage] : []));
    };
    assert.deepEqual(await read(false), []);
    const [usage] = await read(true);
    assert.ok(usage && typeof usage.prompt_tokens === 'number');
    assert.equal(usage.prompt_tokens_details, undefined);
    // Through the SDK: no cached figure reads as 0 cached, the rest intact.
    const u = await usageOf('qwen2.5-coder:7b', { apiKey: '' });
    assert.ok(u && u.input > 0 && u.output > 0 && u.cachedInput === 0);
    assert.equal(emu.requests.at(-1)!.model, 'qwen2.5-coder:7b');
    assert.equal(emu.requests.at(-1)!.hadApiKey, false);
  } finally {
    await control({ persona: null });
  }
});

test('LiteLLM\'s x-litellm-response-cost header becomes the usage\'s gateway cost; other personas send none', async () => {
  emu.configure({ persona: 'litellm' });
  try {
    const u = await usageOf('openai/gpt-5.5');
    // The emulator's LiteLLM prices with its own float map; the figure must be gpt-5.5's published price.
    const expected = (u!.input - u!.cachedInput) * 5000 + u!.cachedInput * 500 + u!.output * 30_000;
    assert.ok(Math.abs(u!.gatewayCostNanos! - expected) <= 1, `${u!.gatewayCostNanos} vs ${expected}`);
    assert.equal((await usageOf('ollama-only-model'))?.gatewayCostNanos, undefined, 'LiteLLM sends no header for a model it cannot price');
    emu.configure({ persona: 'cloud-gateway' });
    assert.equal((await usageOf('openai/gpt-5.5'))!.gatewayCostNanos, undefined);
  } finally {
    emu.configure({ persona: undefined });
  }
});

test('the cost header parses to nano-dollars; junk is ignored, never a made-up figure', () => {
  assert.equal(gatewayCostNanos('0.000123'), 123_000);
  assert.equal(gatewayCostNanos('1.5e-7'), 150);
  assert.equal(gatewayCostNanos('0'), 0);
  for (const junk of [null, '', ' ', 'NaN', '-0.1', 'abc', 'Infinity']) assert.equal(gatewayCostNanos(junk), undefined, String(junk));
});
