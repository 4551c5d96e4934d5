// Loading an SDK is local work: it must not count against the provider's first-token timeout.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ProviderEvent } from '../../../src/core/provider-types.ts';
import { simpleError } from '../../../src/providers/errors.ts';
import { streamWithDeadlines, type AttemptSpec, type SourceEvent } from '../../../src/providers/stream-runner.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spec(prepare: () => Promise<unknown>, opened: { count: number }): AttemptSpec {
  return {
    errors: { provider: 'Test', secrets: [] },
    firstTokenTimeoutMs: 50,
    totalTimeoutMs: 5_000,
    json: false,
    prepare,
    async *open(ctx): AsyncGenerator<SourceEvent> {
      opened.count++;
      ctx.markHeaders();
      yield { type: 'text', delta: 'hi' };
      yield { type: 'usage', usage: { input: 1, cachedInput: 0, output: 1, reasoning: 0 } };
      yield { type: 'done', finishReason: 'stop' };
    },
    mapError: (e) => simpleError('network', e instanceof Error ? e.message : String(e)),
  };
}

async function collect(it: AsyncIterable<ProviderEvent>): Promise<ProviderEvent[]> {
  const out: ProviderEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

test('a slow SDK load (4x the first-token timeout) is not a timeout', async () => {
  const opened = { count: 0 };
  const events = await collect(streamWithDeadlines(spec(() => sleep(200), opened)));
  assert.equal(events.find((e) => e.type === 'error'), undefined, JSON.stringify(events));
  assert.ok(events.some((e) => e.type === 'text'));
  assert.equal(opened.count, 1);
});

test('a failed SDK load is an error event and nothing is opened', async () => {
  const opened = { count: 0 };
  const events = await collect(streamWithDeadlines(spec(() => Promise.reject(new Error('module missing')), opened)));
  const error = events.find((e) => e.type === 'error');
  assert.ok(error && error.type === 'error' && /module missing/.test(error.error.message));
  assert.equal(opened.count, 0);
});

test('a cancel during the SDK load sends nothing', async () => {
  const opened = { count: 0 };
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 20);
  const events = await collect(streamWithDeadlines(spec(() => sleep(150), opened), ac.signal));
  const error = events.find((e) => e.type === 'error');
  assert.ok(error && error.type === 'error' && error.error.kind === 'cancelled');
  assert.equal(opened.count, 0);
});
