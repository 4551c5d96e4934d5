// switchyard usage --otlp: backfill from a ledger to a local collector, resumable and exactly once.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../../src/cli/run.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';
import { startOtlpReceiver, type OtlpReceiver } from '../../harness/otlp-receiver.ts';
import { record } from '../helpers/ledger-fixtures.ts';

let receiver: OtlpReceiver;
let dir: string;
before(async () => {
  receiver = await startOtlpReceiver();
  dir = await mkdtemp(join(tmpdir(), 'usage-otlp-'));
  const store = new LedgerStore(dir, { utcOffsetMinutes: () => 0 });
  await store.append(record({ id: 'feb-1', time: '2026-02-27T09:00:00.000Z' }));
  await store.append(record({ id: 'mar-1', time: '2026-03-02T09:00:00.000Z' }));
  await store.append({ v: 1, type: 'event', id: 'ev-1', time: '2026-03-02T09:00:01.000Z', event: 'accepted', taskId: 't', kind: 'completion' });
  await store.append(record({ id: 'mar-blocked', time: '2026-03-02T09:01:00.000Z', outcome: 'blocked_budget', timings: { endMs: 0 }, tokens: { input: 0, cached: 0, output: 0, reasoning: 0 }, costNanos: 0 }));
  await store.append(record({ id: 'apr-1', time: '2026-04-03T09:00:00.000Z', provider: 'openai-compatible', lane: 'deep', model: 'openai/gpt-5.5' }));
  await store.close();
});
after(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runCli(['usage', '--ledger-dir', dir, ...args], { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd: process.cwd(), env }, process.cwd());
  return { code, out, err };
}

test('usage --otlp rejects a bad URL, a bad date and flags that do not go with it', async () => {
  assert.equal((await cli(['--otlp', 'ftp://x'])).code, 2);
  assert.equal((await cli(['--otlp', receiver.url, '--since', 'yesterday'])).code, 2);
  assert.equal((await cli(['--since', '2026-03-01'])).code, 2);
  assert.equal((await cli(['--otlp', receiver.url, '--csv'])).code, 2);
  assert.equal(receiver.bodies.length, 0);
});

test('usage --otlp --since backfills the records from that date on, with the environment\'s headers, then resumes where it stopped', async () => {
  const env = { OTEL_EXPORTER_OTLP_HEADERS: 'x-team=payments%20core,authorization=Bearer%20ci-token', SWITCHYARD_DEEP_BASE_URL: 'http://gateway.corp:4000/v1' };
  const r = await cli(['--otlp', receiver.url, '--since', '2026-03-01'], env);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /sent 2 span\(s\)/);
  assert.deepEqual(receiver.spans.map((s) => s.attributes['switchyard.record_id']), ['mar-1', 'apr-1'], 'February is before --since; blocks and events are no spans');
  assert.equal(receiver.spans[1]!.attributes['gen_ai.provider.name'], 'gateway.corp');
  assert.equal(receiver.headers.at(-1)!['x-team'], 'payments core');
  assert.equal(receiver.headers.at(-1)!.authorization, 'Bearer ci-token');

  const again = await cli(['--otlp', receiver.url, '--since', '2026-03-01'], env);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /sent 0 span\(s\)/);
  assert.equal(receiver.spans.length, 2, 'a second run sends nothing twice');
});
