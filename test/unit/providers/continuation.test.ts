// genai re-requests a stream that ends with a continuation token unless told not
// to; that would be a second HTTP request (and bill) inside one ledger attempt.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import type { LaneConfig } from '../../../src/core/provider-types.ts';
import { createProviderClient } from '../../../src/providers/create-client.ts';
import { collect, terminal, TEST_KEY, textOf } from './helpers.ts';

// The one reply this test needs that the emulator does not speak: a hop that ends with a continuation token.
const chunk = (body: unknown) => `data: ${JSON.stringify(body)}\r\n\r\n`;
let requests = 0;
const server = createServer((req, res) => {
  requests++;
  req.resume();
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(chunk({
    candidates: [{ content: { role: 'model', parts: [{ text: 'first half' }] }, finishReason: 'CONTINUATION', continuationToken: 'Y29udGludWU=' }],
    usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
  }));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
after(() => server.close());

test('a Gemini reply that asks to be continued is one request, reported as cut short', async () => {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const lane: LaneConfig = { protocol: 'gemini', model: 'gemini-3.5-flash', baseUrl: url, apiKey: TEST_KEY, firstTokenTimeoutMs: 5_000, totalTimeoutMs: 10_000 };
  const events = await collect(createProviderClient(lane).stream({ prompt: 'x', maxOutputTokens: 100 }));
  const end = terminal(events);
  assert.equal(end.type === 'end' && end.finishReason, 'length');
  assert.equal(textOf(events), 'first half');
  assert.equal(requests, 1);
});
