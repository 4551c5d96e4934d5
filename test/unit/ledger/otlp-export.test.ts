// Delivery of ledger records to a collector: nothing secret in the bytes, and every record
// exactly once across a collector outage, an exporter restart and two exporters at once.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { OtlpExporter, tracesUrl, type OtlpExportOptions } from '../../../src/ledger/otlp-export.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';
import { startOtlpReceiver, type OtlpReceiver } from '../../harness/otlp-receiver.ts';
import { record } from '../helpers/ledger-fixtures.ts';

let receiver: OtlpReceiver;
let dir: string;
let store: LedgerStore;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
  dir = await mkdtemp(join(tmpdir(), 'otlp-export-'));
  store = new LedgerStore(dir, { utcOffsetMinutes: () => 0, now: () => Date.parse('2026-03-20T00:00:00Z') });
});
afterEach(async () => {
  await store.close();
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

const fast = (over: Partial<OtlpExportOptions> = {}): OtlpExportOptions => ({
  dir, url: tracesUrl(receiver.url), startMonth: '2026-02', pollMs: 20, batchSize: 7,
  backoff: { baseMs: 20, maxMs: 150 }, timeoutMs: 300, leaseStaleMs: 2_000, ...over,
});

/** The first ten in February, the rest in March (in time order, as a ledger is written), so export crosses a month file. */
function recordAt(i: number): LedgerRecord {
  const month = i < 10 ? '02' : '03';
  return record({ id: `rec-${i}`, taskId: `task-${Math.floor(i / 2)}`, attempt: i % 2, time: `2026-${month}-1${i % 10}T10:00:${String(i % 60).padStart(2, '0')}.000Z` });
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function assertExactlyOnce(n: number): void {
  const counts = new Map<string, number>();
  for (const s of receiver.spans) {
    const id = s.attributes['switchyard.record_id'] as string;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const twice = [...counts].filter(([, c]) => c > 1).map(([id]) => id);
  assert.deepEqual(twice, [], 'no record arrives twice');
  for (let i = 0; i < n; i++) assert.equal(counts.get(`rec-${i}`), 1, `rec-${i} arrives once`);
  assert.equal(counts.size, n);
}

test('the exported bytes hold no code, prompt, note, key or file path; the auth header travels as a header', async () => {
  const source = 'function chargeCard(card) { return stripe.charge(card.number); }';
  const key = 'sk-proj-PLANTEDsecret0123456789abcdefABCDEF';
  await store.append(record({
    id: 'secret-1', file: 'src/billing/charge-card.ts', reason: 'quick edit in src/billing/charge-card.ts, so the fast lane',
    note: `the model answered with ${source} and mentioned ${key}`,
    debug: { prompt: `${source}\n// key ${key}`, output: source },
  }));
  await store.append(record({ id: 'secret-2', outcome: 'error:auth', note: `401 for key ${key}` }));
  const exporter = new OtlpExporter(fast({ headers: { authorization: 'Bearer team-collector-token' } }));
  assert.equal(await exporter.drain(), 2);
  await exporter.stop();
  const bytes = Buffer.concat(receiver.bodies).toString('utf8');
  assert.ok(bytes.includes('secret-1') && bytes.includes('secret-2'), 'both records were sent');
  for (const planted of [source, 'chargeCard', key, 'PLANTEDsecret', 'charge-card.ts', 'src/billing', 'the model answered', 'team-collector-token']) {
    assert.ok(!bytes.includes(planted), `exported bytes contain ${planted}`);
  }
  assert.equal(receiver.headers[0]!.authorization, 'Bearer team-collector-token');
});

test('a collector that refuses connections, then answers 503, then comes back gets every record exactly once', async () => {
  const errors: unknown[] = [];
  const exporter = new OtlpExporter(fast({ onError: (err) => errors.push(err) }));
  exporter.start();
  const n = 60;
  for (let i = 0; i < n; i++) {
    if (i === 15) await receiver.setMode('down');
    if (i === 30) await receiver.setMode('unavailable');
    await store.append(recordAt(i));
    exporter.nudge();
    await new Promise((r) => setTimeout(r, 8));
  }
  await until('the exporter to fail against the down collector', () => errors.length >= 2);
  const during = receiver.spans.length;
  assert.ok(during <= 15, `only records before the outage arrived (${during})`);
  await receiver.setMode('up');
  await until('every record', () => receiver.spans.length >= n);
  await exporter.stop();
  assertExactlyOnce(n);
  assert.ok(receiver.bodies.length > receiver.spans.length / 7, 'sent in batches and retried');
});

test('an exporter restarted mid-stream resumes from the cursor: still exactly once', async () => {
  const n = 50;
  let exporter = new OtlpExporter(fast());
  exporter.start();
  for (let i = 0; i < n; i++) {
    if (i === 25) {
      await exporter.stop(); // the window closes mid-stream...
      exporter = new OtlpExporter(fast()); // ...and a new one starts from the same cursor
      exporter.start();
    }
    await store.append(recordAt(i));
    exporter.nudge();
    if (i % 5 === 0) await new Promise((r) => setTimeout(r, 15));
  }
  await until('every record', () => receiver.spans.length >= n);
  await exporter.stop();
  assertExactlyOnce(n);
  const cursor = JSON.parse(await readFile(exporter.cursor.file, 'utf8')) as { month: string; offset: number };
  assert.equal(cursor.month, '2026-03');
});

test('two windows exporting the same ledger to the same collector send each record once (the lease)', async () => {
  const n = 30;
  const a = new OtlpExporter(fast());
  const b = new OtlpExporter(fast());
  a.start();
  b.start();
  for (let i = 0; i < n; i++) {
    await store.append(recordAt(i));
    a.nudge();
    b.nudge();
  }
  await until('every record', () => receiver.spans.length >= n);
  await new Promise((r) => setTimeout(r, 100));
  await a.stop();
  await b.stop();
  assertExactlyOnce(n);
  assert.ok(a.sent === 0 || b.sent === 0, `one exporter sent everything (${a.sent} + ${b.sent})`);
});

test('a batch the collector rejects is not skipped: drain gives up with the error and the cursor stays', async () => {
  await store.append(recordAt(1));
  await receiver.setMode('unavailable');
  const exporter = new OtlpExporter(fast());
  await assert.rejects(exporter.drain(2));
  await exporter.stop();
  assert.equal(await exporter.cursor.load(), undefined, 'no batch accepted, so no cursor');
  await receiver.setMode('up');
  const again = new OtlpExporter(fast());
  assert.equal(await again.drain(), 1);
  await again.stop();
  assert.deepEqual(receiver.spans.map((s) => s.attributes['switchyard.record_id']), ['rec-1']);
});
