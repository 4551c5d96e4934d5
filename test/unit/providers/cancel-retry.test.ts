// Cancellation reaches the socket; retries are ours, bounded, and honour Retry-After;
// the key shows up nowhere, not even in what the SDKs might print.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadGenAI } from '../../../src/providers/lazy-sdk.ts';
import { createProviderClient } from '../../../src/providers/create-client.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';
import { collect, errorKind, laneFor, PROTOCOLS, terminal, TEST_KEY, textOf } from './helpers.ts';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ instant: true });
});
after(() => emu.close());

const TEXT = Array.from({ length: 60 }, (_, i) => `t${i}`).join(' ');
const FAST_POLICY = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 2_000 };

for (const protocol of PROTOCOLS) {
  test(`${protocol}: abort mid-stream closes the HTTP request and yields cancelled`, async () => {
    emu.reset();
    emu.configure({ instant: false });
    try {
      emu.script({ text: TEXT, firstTokenMs: 0, tokensPerSecond: 100, reasoningTokens: 0 });
      const disconnected = emu.waitForDisconnect(3_000);
      const ac = new AbortController();
      const events = [];
      for await (const ev of createProviderClient(laneFor(emu, protocol)).stream({ prompt: 'x', maxOutputTokens: 500 }, ac.signal)) {
        events.push(ev);
        if (events.filter((e) => e.type === 'text').length === 3) ac.abort();
      }
      assert.equal(errorKind(events), 'cancelled');
      const rec = await disconnected;
      assert.equal(rec.id, emu.requests[0].id);
      assert.equal(rec.completed, false);
      assert.equal(emu.requests.length, 1, 'a cancel is never retried');
    } finally {
      emu.configure({ instant: true });
    }
  });

  test(`${protocol}: a consumer that stops iterating still closes the connection`, async () => {
    emu.reset();
    emu.configure({ instant: false });
    try {
      emu.script({ text: TEXT, firstTokenMs: 0, tokensPerSecond: 100, reasoningTokens: 0 });
      const disconnected = emu.waitForDisconnect(3_000);
      for await (const ev of createProviderClient(laneFor(emu, protocol)).stream({ prompt: 'x', maxOutputTokens: 500 })) {
        if (ev.type === 'text') break;
      }
      assert.equal((await disconnected).disconnectedEarly, true);
    } finally {
      emu.configure({ instant: true });
    }
  });

  test(`${protocol}: retry honours Retry-After, then succeeds`, async () => {
    emu.reset();
    emu.script({ fault: { kind: 'rate_limited', retryAfterMs: 300 } }, { text: 'ok now', reasoningTokens: 0 });
    const events = await collect(createProviderClient(laneFor(emu, protocol), { retry: FAST_POLICY }).stream({ prompt: 'x', maxOutputTokens: 50 }));
    assert.equal(terminal(events).type, 'end');
    assert.equal(textOf(events), 'ok now');
    const retries = events.filter((e) => e.type === 'retry');
    assert.equal(retries.length, 1);
    assert.equal(retries[0].type === 'retry' && retries[0].delayMs, 300);
    const [first, second] = emu.requests;
    assert.ok(second.startedAt - first.startedAt >= 290, `waited only ${second.startedAt - first.startedAt} ms`);
  });

  test(`${protocol}: retries stop at the bound`, async () => {
    emu.reset();
    emu.script({ fault: { kind: 'http', status: 503 }, repeat: 10 });
    const events = await collect(createProviderClient(laneFor(emu, protocol), { retry: FAST_POLICY }).stream({ prompt: 'x', maxOutputTokens: 50 }));
    assert.equal(errorKind(events), 'server');
    assert.equal(emu.requests.length, 3);
    assert.equal(events.filter((e) => e.type === 'retry').length, 2);
  });

  test(`${protocol}: no retry once output has reached the caller, nor for auth`, async () => {
    emu.reset();
    emu.script({ text: TEXT, fault: { kind: 'stream_error', afterPieces: 4 } }, { fault: { kind: 'unauthorized' } });
    const client = createProviderClient(laneFor(emu, protocol), { retry: FAST_POLICY });
    assert.equal(errorKind(await collect(client.stream({ prompt: 'x', maxOutputTokens: 500 }))), 'server');
    assert.equal(errorKind(await collect(client.stream({ prompt: 'x', maxOutputTokens: 500 }))), 'auth');
    assert.equal(emu.requests.length, 2);
  });
}

test('abort during a retry backoff is cancelled, promptly', async () => {
  // The SDK loads before the attempt's clock starts; load it first so the abort lands in the backoff.
  await loadGenAI();
  emu.reset();
  emu.script({ fault: { kind: 'rate_limited', retryAfterSeconds: 1 } });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 50);
  const t0 = performance.now();
  const events = await collect(createProviderClient(laneFor(emu, 'gemini')).stream({ prompt: 'x', maxOutputTokens: 5 }, ac.signal));
  assert.equal(errorKind(events), 'cancelled');
  assert.ok(performance.now() - t0 < 500);
  assert.equal(emu.requests.length, 1);
});

test('an already-aborted signal sends nothing', async () => {
  emu.reset();
  const events = await collect(createProviderClient(laneFor(emu, 'openai-responses')).stream({ prompt: 'x', maxOutputTokens: 5 }, AbortSignal.abort()));
  assert.equal(errorKind(events), 'cancelled');
  assert.equal(emu.requests.length, 0);
});

test('no API key string appears in any error, event, or console/stdout/stderr output', async () => {
  const captured: string[] = [];
  const restore: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const orig = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (orig as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = orig));
  }
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const orig = console[m];
    console[m] = (...args: unknown[]) => captured.push(args.map(String).join(' '));
    restore.push(() => (console[m] = orig));
  }
  const all: unknown[] = [];
  try {
    emu.reset();
    const faults = [{ kind: 'unauthorized' }, { kind: 'http', status: 500 }, { kind: 'http', status: 400 }, { kind: 'stream_error', afterPieces: 1 }, { kind: 'reset', afterPieces: 1 }] as const;
    for (const protocol of PROTOCOLS) {
      for (const fault of faults) {
        emu.script({ text: 'a b c', fault });
        all.push(...(await collect(createProviderClient(laneFor(emu, protocol), { retry: false }).stream({ prompt: 'x', maxOutputTokens: 50 }))));
      }
      emu.script({ json: { a: 1 }, fault: { kind: 'malformed_json' } });
      all.push(...(await collect(createProviderClient(laneFor(emu, protocol)).stream({ prompt: 'x', maxOutputTokens: 50, jsonSchema: { name: 'a', schema: { type: 'object' } } }))));
    }
  } finally {
    for (const r of restore) r();
  }
  assert.equal(all.filter((e) => (e as { type: string }).type === 'error').length, PROTOCOLS.length * 6);
  const text = JSON.stringify(all) + captured.join('\n');
  assert.ok(!text.includes(TEST_KEY));
  assert.ok(!text.includes('SECRETKEY'));
});
