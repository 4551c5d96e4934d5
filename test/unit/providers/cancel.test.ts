// Cancellation reaches the socket, and the key shows up nowhere, not even in what
// the SDKs might print. (Retries are the pipeline's: test/unit/pipeline/retry.test.ts.)
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createProviderClient } from '../../../src/providers/create-client.ts';
import { loadGenAI, loadOpenAI } from '../../../src/providers/lazy-sdk.ts';
import { startEmulator } from '../../emulator/server.ts';
import { collect, errorKind, laneFor, PROTOCOLS, TEST_KEY } from './helpers.ts';

const emu = await startEmulator({ instant: true });
after(() => emu.close());
// Loaded up front, so a loaded machine's cold SDK import does not eat the disconnect window below.
await Promise.all([loadOpenAI(), loadGenAI()]);

const TEXT = Array.from({ length: 60 }, (_, i) => `t${i}`).join(' ');

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
}

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
        all.push(...(await collect(createProviderClient(laneFor(emu, protocol)).stream({ prompt: 'x', maxOutputTokens: 50 }))));
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
