// Ledger records as GenAI spans, decoded from what the official exporter sent to a local receiver.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LedgerStore } from '../../../src/ledger/store.ts';
import { OtlpExporter, tracesUrl } from '../../../src/ledger/otlp-export.ts';
import { hostOf, operationName, recordToSpan, spanIdOf, traceIdOf } from '../../../src/ledger/otlp-span.ts';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../../harness/otlp-receiver.ts';
import { record } from '../helpers/ledger-fixtures.ts';

let receiver: OtlpReceiver;
let dir: string;
before(async () => {
  receiver = await startOtlpReceiver();
  dir = await mkdtemp(join(tmpdir(), 'otlp-span-'));
});
after(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

// One task per protocol: a Gemini completion, an OpenAI Responses refactor that failed then
// succeeded, and a chat quick edit through a LiteLLM-style gateway.
const gemini = record({ id: 'g1', taskId: 'tg', provider: 'gemini', model: 'gemini-3.5-flash', timings: { sentMs: 5, firstTokenMs: 125, endMs: 300 } });
const responsesFail = record({
  id: 'o1', taskId: 'to', attempt: 0, kind: 'refactor', lane: 'deep', provider: 'openai', model: 'gpt-5.5', outcome: 'error:rate_limited',
  time: '2026-03-15T10:01:00.000Z', timings: { sentMs: 0, endMs: 40 }, tokens: { input: 0, cached: 0, output: 0, reasoning: 0 }, costNanos: 0,
  note: 'rate limited', routing: { shape: 'refactor|typescript|2-4', staticLane: 'deep', basis: 'static' },
});
const responsesOk = record({
  id: 'o2', taskId: 'to', attempt: 1, kind: 'refactor', lane: 'deep', provider: 'openai', model: 'gpt-5.5',
  time: '2026-03-15T10:01:01.000Z', timings: { sentMs: 0, firstTokenMs: 900, endMs: 4_000 },
  tokens: { input: 12_000, cached: 8_000, output: 2_000, reasoning: 1_200 }, costNanos: 84_000_000, estimateNanos: 90_000_000, counterfactualNanos: 25_000_000,
  routing: { shape: 'refactor|typescript|2-4', staticLane: 'deep', basis: 'learned' }, filesTouched: 3,
});
const gatewayChat = record({ id: 'c1', taskId: 'tc', kind: 'quickEdit', lane: 'deep', provider: 'openai-compatible', model: 'openai/gpt-5.5', time: '2026-03-15T10:02:00.000Z' });
const blocked = record({ id: 'b1', taskId: 'tb', outcome: 'blocked_budget', timings: { endMs: 0 }, tokens: { input: 0, cached: 0, output: 0, reasoning: 0 }, costNanos: 0 });

async function exportAll(): Promise<Map<string, ReceivedSpan>> {
  const store = new LedgerStore(dir, { utcOffsetMinutes: () => 0 });
  for (const r of [gemini, responsesFail, responsesOk, gatewayChat, blocked]) await store.append(r);
  await store.close();
  const exporter = new OtlpExporter({
    dir, url: tracesUrl(receiver.url), startMonth: '2026-03',
    span: { gatewayName: (lane) => (lane === 'deep' ? hostOf('http://litellm.team.internal:4000/v1') : undefined) },
  });
  assert.equal(await exporter.drain(), 4);
  await exporter.stop();
  return new Map(receiver.spans.map((s) => [s.attributes['switchyard.record_id'] as string, s]));
}

test('each protocol maps to its GenAI operation and provider; usage, times, ids and Switchyard figures arrive as sent', async () => {
  const byId = await exportAll();
  assert.equal(byId.size, 4, 'the blocked record (nothing sent) is no span');

  const g = byId.get('g1')!;
  assert.equal(g.name, 'generate_content gemini-3.5-flash');
  assert.equal(g.kind, 3, 'SpanKind.CLIENT in OTLP numbering');
  assert.equal(g.attributes['gen_ai.operation.name'], 'generate_content');
  assert.equal(g.attributes['gen_ai.provider.name'], 'gcp.gemini');
  assert.equal(g.attributes['gen_ai.request.model'], 'gemini-3.5-flash');
  assert.equal(g.attributes['gen_ai.response.model'], 'gemini-3.5-flash');
  assert.equal(g.attributes['gen_ai.usage.input_tokens'], 1000);
  assert.equal(g.attributes['gen_ai.usage.output_tokens'], 30);
  assert.equal(g.attributes['gen_ai.response.time_to_first_chunk'], 0.12);
  assert.equal(g.attributes['gen_ai.usage.cost'], 0.00177);
  assert.equal(g.attributes['switchyard.other_lane_cost_usd'], 0.0059);
  assert.equal(g.attributes['switchyard.estimate_usd'], 0.0018);
  assert.equal(g.startMs, Date.parse(gemini.time) + 5, 'starts when the request was sent');
  assert.equal(g.endMs, Date.parse(gemini.time) + 300);
  assert.equal(g.resource['service.name'], 'switchyard');

  const fail = byId.get('o1')!;
  const ok = byId.get('o2')!;
  assert.equal(ok.attributes['gen_ai.operation.name'], 'chat');
  assert.equal(ok.attributes['gen_ai.provider.name'], 'openai');
  assert.equal(ok.attributes['gen_ai.usage.input_tokens'], 12_000, 'input includes cached');
  assert.equal(ok.attributes['gen_ai.usage.cache_read.input_tokens'], 8_000);
  assert.equal(ok.attributes['gen_ai.usage.reasoning.output_tokens'], 1_200);
  assert.equal(ok.attributes['gen_ai.usage.cost'], 0.084);
  assert.equal(ok.attributes['switchyard.routing.basis'], 'learned');
  assert.equal(ok.attributes['switchyard.routing.shape'], 'refactor|typescript|2-4');
  assert.equal(ok.attributes['switchyard.attempt'], 1);
  assert.equal(ok.attributes['switchyard.task_kind'], 'refactor');
  assert.equal(ok.attributes['switchyard.files_touched'], 3);
  assert.equal(ok.statusCode, 0);
  assert.equal(fail.attributes['error.type'], 'rate_limited');
  assert.equal(fail.attributes['switchyard.outcome'], 'error:rate_limited');
  assert.equal(fail.statusCode, 2, 'StatusCode.ERROR');
  assert.equal(fail.attributes['gen_ai.response.model'], undefined, 'a failed call has no response');
  assert.equal(fail.traceId, ok.traceId, 'attempts of one task share a trace');
  assert.notEqual(fail.traceId, g.traceId);
  assert.equal(ok.traceId, traceIdOf('to'));
  assert.equal(ok.spanId, spanIdOf('o2'));
  assert.match(ok.traceId, /^[0-9a-f]{32}$/);
  assert.match(ok.spanId, /^[0-9a-f]{16}$/);

  const c = byId.get('c1')!;
  assert.equal(c.attributes['gen_ai.operation.name'], 'chat');
  assert.equal(c.attributes['gen_ai.provider.name'], 'litellm.team.internal', 'a gateway is named by its host');
  assert.equal(c.attributes['gen_ai.request.model'], 'openai/gpt-5.5');
  assert.equal(c.attributes['switchyard.lane'], 'deep');
  assert.equal(c.attributes['code.file.path'], undefined, 'no file path unless asked for');
});

test('operation names: FIM is text_completion; the file path only when included', () => {
  assert.equal(operationName({ provider: 'openai-fim' }), 'text_completion');
  assert.equal(operationName({ provider: 'openai-compatible', protocol: 'openai-fim' }), 'text_completion');
  assert.equal(operationName({ provider: 'openai-compatible' }), 'chat');
  const r = record({ reason: 'quick edit of src/a.ts, so the fast lane' });
  assert.equal(recordToSpan(r, { includeFile: true })!.attributes['code.file.path'], 'src/a.ts');
  assert.equal(recordToSpan(r)!.attributes['switchyard.reason'], 'quick edit of (file), so the fast lane');
  assert.equal(recordToSpan(record({ provider: 'openai-compatible' }))!.attributes['gen_ai.provider.name'], 'openai-compatible', 'an unnamed gateway keeps the recorded provider');
});

test('tracesUrl appends the OTLP traces path, and refuses other schemes', () => {
  assert.equal(tracesUrl('http://127.0.0.1:4318'), 'http://127.0.0.1:4318/v1/traces');
  assert.equal(tracesUrl('https://otel.example/otlp/'), 'https://otel.example/otlp/v1/traces');
  assert.equal(tracesUrl('http://127.0.0.1:4318/v1/traces'), 'http://127.0.0.1:4318/v1/traces');
  assert.throws(() => tracesUrl('file:///etc/passwd'), /http\(s\)/);
});
