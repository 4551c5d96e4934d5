import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { runCli } from '../../../src/cli/run.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';

function rec(i: number, over: Partial<LedgerRecord>): LedgerRecord {
  return {
    v: 1, id: `r${i}`, taskId: `t${i}`, attempt: 0, time: new Date().toISOString(), kind: 'completion', lane: 'fast',
    provider: 'gemini', model: 'gemini-3.5-flash', reason: 'inline completion, so the fast lane', outcome: 'ok',
    timings: { firstTokenMs: 100, endMs: 200 }, tokens: { input: 1000, cached: 0, output: 20, reasoning: 0 },
    costNanos: 1_680_000, estimateNanos: 1_700_000, counterfactualNanos: 5_600_000, ...over,
  };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd: process.cwd(), env: {} }, process.cwd());
  return { code, out, err };
}

describe('switchyard usage', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-usage-'));
    const store = new LedgerStore(dir);
    await store.append(rec(1, {}));
    await store.append(rec(2, { kind: 'refactor', lane: 'deep', provider: 'openai', model: 'gpt-5.5', costNanos: 300_000_000, counterfactualNanos: 90_000_000, note: 'has "quotes", and commas' }));
    await store.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the month totals from the ledger', async () => {
    const r = await cli(['usage', '--ledger-dir', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /all\s+2 req\s+\$0\.3017 /);
    assert.match(r.out, /deep lane\s+1 req\s+\$0\.30 /);
  });

  it('exports the records as JSON and CSV', async () => {
    const json = await cli(['usage', '--ledger-dir', dir, '--json']);
    const parsed = JSON.parse(json.out) as { records?: LedgerRecord[] } | LedgerRecord[];
    const list = Array.isArray(parsed) ? parsed : parsed.records!;
    assert.deepEqual(list.map((x) => x.id), ['r1', 'r2']);
    const csv = await cli(['usage', '--ledger-dir', dir, '--csv']);
    assert.equal(csv.out.trim().split('\r\n').length, 3);
  });

  it('refuses bad arguments with the usage line', async () => {
    const r = await cli(['usage', '--month', 'March']);
    assert.equal(r.code, 2);
    assert.match(r.err, /YYYY-MM/);
  });
});
