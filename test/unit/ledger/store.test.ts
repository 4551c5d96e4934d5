import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serializeRecord, type LedgerRecord } from '../../../src/core/ledger-record.ts';
import { LedgerStore, type LedgerAppendEvent } from '../../../src/ledger/store.ts';
import { record } from '../helpers/ledger-fixtures.ts';

const WRITER = fileURLToPath(new URL('./helpers/writer.ts', import.meta.url));
const UTC = { utcOffsetMinutes: () => 0, now: () => Date.parse('2026-03-15T12:00:00Z') };
let root = '';
let n = 0;
const children = new Set<ChildProcess>();

before(async () => { root = await mkdtemp(join(tmpdir(), 'switchyard-ledger-')); });
after(async () => {
  for (const c of children) c.kill('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

const freshDir = (): string => join(root, `d${++n}`);

function startWriter(dir: string, prefix: string, count: number, payload: number): ChildProcess {
  const child = spawn(process.execPath, [WRITER, dir, prefix, String(count), String(payload)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('appends go to one file per local month and read back', async () => {
  const dir = freshDir();
  const store = new LedgerStore(dir, UTC);
  const a = record({ time: '2026-03-15T10:00:00Z' });
  const b = record({ time: '2026-02-28T23:59:59Z' });
  const c = record({ time: '2026-03-31T23:59:59Z' });
  await Promise.all([store.append(a), store.append(b), store.append(c)]);
  await store.close();
  assert.deepEqual(await store.listMonths(), ['2026-02', '2026-03']);
  assert.equal(store.fileFor('2026-03'), join(dir, 'ledger-2026-03.jsonl'));
  const march = await store.readMonth('2026-03');
  assert.deepEqual(march.records, [a, c]);
  assert.deepEqual([march.skipped, march.partialTail], [0, false]);
  assert.equal(march.endOffset, (await stat(store.fileFor('2026-03'))).size);
  assert.deepEqual((await store.readMonth('2026-02')).records, [b]);
  assert.deepEqual(await store.readMonth('2025-01'), { records: [], events: [], skipped: 0, endOffset: 0, partialTail: false });
  const east = new LedgerStore(dir, { utcOffsetMinutes: () => 60 });
  assert.equal(east.monthOf(Date.parse(b.time)), '2026-03', 'local month, not UTC');
});

test('an invalid record is refused before it reaches the file', async () => {
  const store = new LedgerStore(freshDir(), UTC);
  await assert.rejects(store.append(record({ file: '/abs/path.ts' })), /workspace-relative/);
  await store.append(record());
  await store.close();
  assert.equal((await store.readMonth('2026-03')).records.length, 1);
});

test('a corrupt line is skipped and counted; the lines around it survive', async () => {
  const dir = freshDir();
  const store = new LedgerStore(dir, UTC);
  await store.append(record({ id: 'before' }));
  await appendFile(store.fileFor('2026-03'), 'garbage that is not json\n{"v":1,"id":"half-a-record"}\n\n');
  await store.append(record({ id: 'after' }));
  await store.close();
  const read = await store.readMonth('2026-03');
  assert.deepEqual(read.records.map((r) => r.id), ['before', 'after']);
  assert.equal(read.skipped, 2);
});

test('a crash fragment: the next writer starts a fresh line, and a glued record is recovered', async () => {
  const dir = freshDir();
  const file = join(dir, 'ledger-2026-03.jsonl');
  const first = new LedgerStore(dir, UTC);
  await first.append(record({ id: 'one' }));
  const line = serializeRecord(record({ id: 'lost' }));
  // Simulate a process dying mid-write while another window already has the file open.
  await appendFile(file, line.slice(0, 40));
  await first.append(record({ id: 'glued' }));
  await first.close();
  const mid = await first.readMonth('2026-03');
  assert.deepEqual(mid.records.map((r) => r.id), ['one', 'glued']);
  assert.equal(mid.skipped, 1);
  // A new process opening the file after another crash ends the fragment before its first line.
  await appendFile(file, line.slice(0, 25));
  const second = new LedgerStore(dir, UTC);
  await second.append(record({ id: 'two' }));
  await second.close();
  const read = await second.readMonth('2026-03');
  assert.deepEqual(read.records.map((r) => r.id), ['one', 'glued', 'two']);
  assert.equal(read.skipped, 2);
  const lines = (await readFile(file, 'utf8')).split('\n');
  assert.equal(lines.at(-3), line.slice(0, 25), 'the fragment ends its own line');
  assert.equal((JSON.parse(lines.at(-2)!) as LedgerRecord).id, 'two', 'the new record starts a fresh one');
});

test('kill -9 mid-write: every complete line is valid, at most one partial line', async () => {
  const dir = freshDir();
  const child = startWriter(dir, 'k', -1, 16_384);
  await once(child.stdout!, 'data');
  await new Promise((r) => setTimeout(r, 150));
  child.kill('SIGKILL');
  await exited(child);
  const store = new LedgerStore(dir, UTC);
  const read = await store.readMonth('2026-03');
  assert.ok(read.records.length > 0);
  assert.ok(read.skipped <= 1, `skipped ${read.skipped}`);
  assert.deepEqual(read.records.map((r) => r.id), read.records.map((_, i) => `k-${i}`), 'no hole before the end');
  // The ledger stays usable: the next append is readable.
  await store.append(record({ id: 'after-crash' }));
  await store.close();
  const again = await store.readMonth('2026-03');
  assert.equal(again.records.at(-1)!.id, 'after-crash');
  assert.equal(again.records.length, read.records.length + 1);
  assert.equal(again.partialTail, false);
});

test('two writer processes at once: only whole lines, and every record', async () => {
  const dir = freshDir();
  // 8 KiB lines: larger than PIPE_BUF, so only O_APPEND single writes keep them whole.
  const writers = [startWriter(dir, 'a', 300, 8_192), startWriter(dir, 'b', 300, 8_192)];
  assert.deepEqual(await Promise.all(writers.map(exited)), [0, 0]);
  const read = await new LedgerStore(dir, UTC).readMonth('2026-03');
  assert.equal(read.skipped, 0);
  assert.equal(read.records.length, 600);
  for (const p of ['a', 'b']) {
    const ids = read.records.filter((r) => r.taskId === p).map((r) => r.id);
    assert.deepEqual(ids, Array.from({ length: 300 }, (_, i) => `${p}-${i}`), `writer ${p} in order`);
  }
  const text = await readFile(join(dir, 'ledger-2026-03.jsonl'), 'utf8');
  // A writer opening the file while another's write is landing may add one harmless empty line (crash repair).
  assert.equal(text.split('\n').filter((l) => l !== '').length, 600);
  assert.ok(text.endsWith('\n'));
});

test("follow: one process sees the other's appends, not its own", async () => {
  const dir = freshDir();
  const store = new LedgerStore(dir, { ...UTC, pollMs: 30 });
  await store.append(record({ id: 'old' }));
  const events: LedgerAppendEvent[] = [];
  const sub = store.follow((e) => events.push(e));
  const all: LedgerRecord[] = [];
  const subAll = store.follow((e) => all.push(...e.records), { includeOwn: true, fromOffset: 0 });
  try {
    await store.append(record({ id: 'mine' }));
    const child = startWriter(dir, 'w', 5, 10);
    assert.equal(await exited(child), 0);
    await until(() => events.flatMap((e) => e.records).length >= 5);
    await until(() => all.length >= 7);
    const seen = events.flatMap((e) => e.records.map((r) => r.id));
    assert.deepEqual(seen, ['w-0', 'w-1', 'w-2', 'w-3', 'w-4'], 'neither the old line nor our own');
    assert.ok(events.every((e) => e.month === '2026-03' && e.skipped === 0));
    assert.deepEqual(all.map((r) => r.id).slice(0, 2), ['old', 'mine']);
  } finally {
    sub.dispose();
    subAll.dispose();
    await store.close();
  }
});

test('follow waits for a line to be complete, counts corrupt ones, and moves to the next month', async () => {
  const dir = freshDir();
  await mkdir(dir);
  let now = Date.parse('2026-03-31T23:59:00Z');
  const reader = new LedgerStore(dir, { utcOffsetMinutes: () => 0, now: () => now, pollMs: 20 });
  const other = new LedgerStore(dir, { utcOffsetMinutes: () => 0 });
  const events: LedgerAppendEvent[] = [];
  const sub = reader.follow((e) => events.push(e), { fromOffset: 0 });
  try {
    const line = serializeRecord(record({ id: 'slow', time: '2026-03-31T23:59:00Z' }));
    const march = reader.fileFor('2026-03');
    await appendFile(march, line.slice(0, 30));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(events.length, 0, 'half a line is not emitted');
    await appendFile(march, line.slice(30) + 'junk\n');
    await until(() => events.some((e) => e.records.length > 0) && events.some((e) => e.skipped > 0));
    assert.deepEqual(events.flatMap((e) => e.records.map((r) => r.id)), ['slow']);
    assert.equal(events.reduce((s, e) => s + e.skipped, 0), 1);
    now = Date.parse('2026-04-01T00:00:30Z');
    await other.append(record({ id: 'april', time: '2026-04-01T00:00:10Z' }));
    await until(() => events.some((e) => e.month === '2026-04'));
    assert.deepEqual(events.at(-1)!.records.map((r) => r.id), ['april']);
  } finally {
    sub.dispose();
    await other.close();
    await reader.close();
  }
});
