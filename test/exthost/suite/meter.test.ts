// The status-bar meter after scripted requests through the real pipeline against
// the emulator: its text and tooltip must match sums computed here from the ledger.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatUsd, formatMs } from '../../../src/core/usage-format.ts';
import { isBlockOutcome, type LedgerRecord } from '../../../src/core/ledger-record.ts';
import { configure, reset, script } from './emulator-client.ts';

interface Api {
  meterText(): string | undefined;
  meterTooltip(): string | undefined;
  services(): {
    pipeline: { run(task: unknown): Promise<{ ok: boolean; lane?: string; records: LedgerRecord[] }> };
    ledger: { records(): readonly LedgerRecord[]; onRecords(l: (r: readonly LedgerRecord[]) => void): { dispose(): void } };
  } | undefined;
}

async function api(): Promise<Api> {
  return await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate() as Api;
}

const pad = (n: number) => String(n).padStart(2, '0');
const localDay = (ms: number) => { const d = new Date(ms); return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };

/** Spend today per lane and in all, from the ledger records themselves. */
function todayFromLedger(records: readonly LedgerRecord[]) {
  const today = localDay(Date.now());
  const mine = records.filter((r) => localDay(Date.parse(r.time)) === today);
  const sum = (rs: LedgerRecord[]) => rs.reduce((s, r) => s + r.costNanos, 0);
  const fast = mine.filter((r) => r.lane === 'fast');
  const deep = mine.filter((r) => r.lane === 'deep');
  // Requests are provider attempts: blocks (nothing sent), cache hits and zero-token acceptance records made no round trip.
  const requests = (rs: LedgerRecord[]) => rs.filter((r) => !(isBlockOutcome(r.outcome) || r.cacheHit || (r.accepted && r.tokens.input === 0 && r.tokens.output === 0))).length;
  return { all: sum(mine), fast: sum(fast), deep: sum(deep), fastCount: requests(fast), deepCount: requests(deep) };
}

const task = (kind: string, inputTokens: number, extra: Record<string, unknown> = {}) => ({
  kind, inputTokens, ...extra,
  prompt: () => ({ prompt: 'Say something.' }),
  validate: (out: string) => (out.trim() ? { ok: true, value: out } : { ok: false, failure: 'empty', message: 'empty reply' }),
});

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(check(), `timed out waiting for ${what}`);
}

describe('status meter after scripted requests', () => {
  before(async () => {
    await reset();
    await vscode.commands.executeCommand('switchyard.setFastLaneKey', 'test-gemini-key');
    await vscode.commands.executeCommand('switchyard.setDeepLaneKey', 'sk-test-openai-key');
  });
  after(async () => {
    await vscode.workspace.getConfiguration('switchyard').update('budget.dailyUsd', undefined, vscode.ConfigurationTarget.Global);
    await configure({ instant: true });
  });

  it('shows today\'s spend and the last latency as soon as each record lands', async () => {
    const a = await api();
    const s = a.services()!;
    const seen: string[] = [];
    // The meter listens to the same event and subscribed first: by the time this listener runs it has re-rendered.
    const sub = s.ledger.onRecords((rs) => {
      const sums = todayFromLedger(s.ledger.records());
      const expected = `$(pulse) ${formatUsd(sums.all)} · ${formatMs(rs.at(-1)!.timings.endMs)} (simulated)`;
      seen.push(`${a.meterText() === expected ? 'ok' : 'stale'}: ${a.meterText()} vs ${expected}`);
    });
    try {
      await script({ match: { protocol: 'gemini' }, text: 'fast reply with some words in it' });
      const fast = await s.pipeline.run(task('quickEdit', 400, { editLines: 3 }));
      assert.equal(fast.ok, true);
      assert.equal(fast.lane, 'fast');
      await script({ match: { protocol: 'responses' }, text: 'deep reply, longer, with a considered answer' });
      const deep = await s.pipeline.run(task('refactor', 3_000, { fileCount: 3 }));
      assert.equal(deep.ok, true);
      assert.equal(deep.lane, 'deep');
    } finally {
      sub.dispose();
    }
    assert.equal(seen.length, 2, seen.join('\n'));
    for (const line of seen) assert.ok(line.startsWith('ok'), line);
  });

  it('tooltip gives per-lane spend and counts for today and links to the panel, budget and pause', async () => {
    const a = await api();
    const records = a.services()!.ledger.records();
    const sums = todayFromLedger(records);
    assert.ok(sums.fast > 0 && sums.deep > 0, 'both lanes cost something');
    const md = a.meterTooltip()!;
    assert.ok(md.includes(`| Fast · gemini-3.5-flash | ${formatUsd(sums.fast)} · ${sums.fastCount} req |`), md);
    assert.ok(md.includes(`| Deep · gpt-5.5 | ${formatUsd(sums.deep)} · ${sums.deepCount} req |`), md);
    assert.ok(md.includes(`**${formatUsd(sums.all)}** · ${sums.fastCount + sums.deepCount} req`), md);
    assert.match(md, /simulated/);
    assert.match(md, /command:switchyard\.showPanel/);
    assert.match(md, /command:workbench\.action\.openSettings\?/);
    assert.match(md, /command:switchyard\.toggleCompletions/);
    const last = records.at(-1)!;
    assert.ok(md.includes(`Last request: Refactor on the deep lane (gpt-5.5), ${formatMs(last.timings.endMs)}`), md);
  });

  it('warns near the daily cap and says so at the cap, one notification per threshold with Open Panel', async () => {
    const a = await api();
    const spent = todayFromLedger(a.services()!.ledger.records()).all / 1e9;
    const config = vscode.workspace.getConfiguration('switchyard');
    // The extension and this suite share the extension's API object: its notifications pass through here.
    const win = vscode.window as unknown as { showWarningMessage: (message: string, ...items: string[]) => Thenable<string | undefined> };
    const original = win.showWarningMessage;
    const shown: string[] = [];
    win.showWarningMessage = (message, ...items) => {
      if (!message.startsWith('Switchyard ')) return original.call(vscode.window, message, ...items);
      shown.push(`${message} [${items.join(', ')}]`);
      return Promise.resolve(undefined);
    };
    const settle = () => new Promise((r) => setTimeout(r, 500));
    try {
      await config.update('budget.dailyUsd', spent / 0.9, vscode.ConfigurationTarget.Global); // 90% used, warn at 80%
      await waitFor(() => /Near a budget cap/.test(a.meterTooltip() ?? ''), 'the warning');
      await waitFor(() => shown.length === 1, 'the warn notification');
      assert.match(shown[0]!, /^Switchyard has used \d+% of its daily budget .*Above 80%, .*\[Open Panel\]$/);
      await config.update('budget.dailyUsd', spent / 0.85, vscode.ConfigurationTarget.Global);
      await settle();
      assert.equal(shown.length, 1, 'the same threshold the same day: no second notification');
      await config.update('budget.dailyUsd', spent / 2, vscode.ConfigurationTarget.Global);
      await waitFor(() => /A budget cap is reached/.test(a.meterTooltip() ?? ''), 'the cap');
      await waitFor(() => shown.length === 2, 'the cap notification');
      assert.match(shown[1]!, /^Switchyard reached its daily budget .*hard ceiling of \$.*\[Open Panel\]$/);
      await config.update('budget.dailyUsd', spent / 3, vscode.ConfigurationTarget.Global);
      await settle();
      assert.equal(shown.length, 2, shown.join('\n'));
    } finally {
      win.showWarningMessage = original;
    }
    await config.update('budget.dailyUsd', undefined, vscode.ConfigurationTarget.Global);
    await waitFor(() => !/budget cap/.test(a.meterTooltip() ?? ''), 'the default budget');
  });

  it('spins while a deep-lane task runs', async () => {
    const a = await api();
    await configure({ instant: false });
    await script(
      { match: { protocol: 'gemini' }, text: 'fast' },
      { match: { protocol: 'responses' }, text: 'slow deep reply', firstTokenMs: 1_500 },
    );
    const run = vscode.commands.executeCommand<{ ok: number; failed: number }>('switchyard.sendSampleRequests');
    await waitFor(() => (a.meterText() ?? '').startsWith('$(sync~spin)'), 'the spinner');
    const result = await run;
    assert.deepEqual(result, { ok: 2, failed: 0 });
    assert.ok(a.meterText()!.startsWith('$(pulse)'), a.meterText());
  });
});
