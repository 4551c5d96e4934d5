// Every scripted fault maps to the right normalised error, for every protocol.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ProviderError } from '../../../src/core/provider-types.ts';
import { createProviderClient } from '../../../src/providers/create-client.ts';
import { startEmulator, type Emulator, type ScriptedReply } from '../../emulator/server.ts';
import { collect, laneFor, PROTOCOLS, terminal, textOf, TEST_KEY } from './helpers.ts';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ instant: true });
});
after(() => emu.close());

const TEXT = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
const SCHEMA = { name: 'o', schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false } };

interface Case {
  readonly name: string;
  readonly reply: ScriptedReply;
  readonly kind: ProviderError['kind'];
  readonly json?: boolean;
  readonly check?: (e: ProviderError) => void;
}

const CASES: readonly Case[] = [
  { name: '429 with Retry-After', reply: { fault: { kind: 'rate_limited', retryAfterSeconds: 7 } }, kind: 'rate_limited', check: (e) => assert.equal(e.retryAfterMs, 7000) },
  { name: '500', reply: { fault: { kind: 'http', status: 500 } }, kind: 'server', check: (e) => assert.equal(e.status, 500) },
  { name: '503', reply: { fault: { kind: 'http', status: 503 } }, kind: 'server', check: (e) => assert.equal(e.status, 503) },
  { name: '400', reply: { fault: { kind: 'http', status: 400, message: 'maximum context length exceeded' } }, kind: 'bad_request', check: (e) => assert.match(e.message, /context length/) },
  { name: '401', reply: { fault: { kind: 'unauthorized' } }, kind: 'auth', check: (e) => assert.equal(e.status, 401) },
  { name: 'truncated stream', reply: { text: TEXT, fault: { kind: 'truncate', afterPieces: 5 } }, kind: 'network' },
  { name: 'truncated before any delta', reply: { text: TEXT, fault: { kind: 'truncate', afterPieces: 0 } }, kind: 'network' },
  { name: 'connection reset mid-stream', reply: { text: TEXT, fault: { kind: 'reset', afterPieces: 5 } }, kind: 'network' },
  { name: 'connection reset before headers', reply: { fault: { kind: 'reset', afterPieces: 0 } }, kind: 'network' },
  { name: 'mid-stream error event', reply: { text: TEXT, fault: { kind: 'stream_error', afterPieces: 5 } }, kind: 'server' },
  { name: 'malformed JSON in structured output', reply: { json: { a: 'b' }, fault: { kind: 'malformed_json' } }, kind: 'invalid_output', json: true },
  { name: 'slow first byte beyond the first-token timeout', reply: { firstByteDelayMs: 400 }, kind: 'timeout' },
];

for (const protocol of PROTOCOLS) {
  for (const c of CASES) {
    test(`${protocol}: ${c.name} -> ${c.kind}`, async () => {
      emu.reset();
      emu.script(c.reply);
      const lane = laneFor(emu, protocol, c.kind === 'timeout' ? { firstTokenTimeoutMs: 150 } : {});
      const started = performance.now();
      const events = await collect(
        createProviderClient(lane).stream({ prompt: 'go', maxOutputTokens: 500, ...(c.json ? { jsonSchema: SCHEMA } : {}) }),
      );
      const t = terminal(events);
      assert.equal(t.type, 'error', `expected an error, got ${JSON.stringify(t)}`);
      if (t.type !== 'error') return;
      assert.equal(t.error.kind, c.kind, JSON.stringify(t.error));
      c.check?.(t.error);
      assert.doesNotMatch(JSON.stringify(events), new RegExp(TEST_KEY));
      if (c.kind === 'timeout') assert.ok(performance.now() - started < 380, 'timeout fired late');
      if (c.name === 'truncated stream') assert.ok(textOf(events).length > 0 && textOf(events).length < TEXT.length);
      assert.equal(emu.requests.length, 1, 'a client makes one HTTP request per call: retries are the pipeline policy');
    });
  }

  test(`${protocol}: total timeout ends a slow stream with timeout`, async () => {
    emu.reset();
    emu.configure({ instant: false });
    try {
      emu.script({ text: TEXT, firstTokenMs: 0, tokensPerSecond: 20, reasoningTokens: 0 });
      const events = await collect(createProviderClient(laneFor(emu, protocol, { totalTimeoutMs: 250 })).stream({ prompt: 'go', maxOutputTokens: 500 }));
      const t = terminal(events);
      assert.equal(t.type === 'error' && t.error.kind, 'timeout');
      assert.ok(textOf(events).length > 0);
      await waitFor(() => emu.requests[0].disconnectedEarly);
    } finally {
      emu.configure({ instant: true });
    }
  });
}

test('a client sends one HTTP request per call, even when a retry would have succeeded', async () => {
  // The SDKs retry 429/5xx/connection errors on their own unless told not to; ours are off.
  const transient: readonly ScriptedReply[] = [
    { fault: { kind: 'http', status: 503 } },
    { fault: { kind: 'rate_limited', retryAfterMs: 10 } },
    { fault: { kind: 'reset', afterPieces: 0 } },
  ];
  for (const protocol of PROTOCOLS) {
    for (const reply of transient) {
      emu.reset();
      emu.script(reply, { text: 'would have worked', reasoningTokens: 0 });
      const client = createProviderClient(laneFor(emu, protocol));
      const events = await collect(client.stream({ prompt: 'go', maxOutputTokens: 50 }));
      assert.equal(terminal(events).type, 'error', `${protocol} ${reply.fault?.kind}`);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(emu.requests.length, 1, `${protocol} ${reply.fault?.kind}: one request`);
      // The next call is a new attempt, and the reply scripted for it is still there.
      assert.equal(textOf(await collect(client.stream({ prompt: 'go', maxOutputTokens: 50 }))), 'would have worked');
    }
  }
  // Gemini's stream continuation is off, and that switch is not sent on the wire.
  const body = JSON.stringify(emu.requests.at(-1)?.body);
  assert.doesNotMatch(body, /automaticContinuation/);
});

test('wrong key against a strict emulator is auth, and the message never contains the key', async () => {
  const strict = await startEmulator({ instant: true, requireKey: 'the-right-one' });
  try {
    for (const protocol of PROTOCOLS) {
      const events = await collect(createProviderClient(laneFor(strict, protocol)).stream({ prompt: 'x', maxOutputTokens: 5 }));
      const t = terminal(events);
      assert.equal(t.type === 'error' && t.error.kind, 'auth');
      assert.doesNotMatch(JSON.stringify(t), /SECRETKEY/);
    }
  } finally {
    await strict.close();
  }
});

test('nothing listening -> network', async () => {
  const gone = await startEmulator({ instant: true });
  await gone.close();
  for (const protocol of PROTOCOLS) {
    const events = await collect(createProviderClient(laneFor(gone, protocol)).stream({ prompt: 'x', maxOutputTokens: 5 }));
    assert.equal(terminal(events).type === 'error' && (terminal(events) as { error: ProviderError }).error.kind, 'network');
  }
});

export async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
