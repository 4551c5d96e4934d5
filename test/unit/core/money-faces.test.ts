// One money format in every face: five cents reads "$0.05" in the pipeline's
// answer to a declined question (VS Code's Refactor and AST Transform show it),
// the CLI, the meter, the panel and the budget's reason; exports carry the exact
// decimal. A face with its own format would print "$0.050000".
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { LedgerAggregate } from '../../../src/core/ledger-aggregate.ts';
import type { PanelRow } from '../../../src/core/ledger-rows.ts';
import { formatUsd, formatUsdDecimal, formatUsdExact, formatUsdFixed } from '../../../src/core/money.ts';
import { CLOSED_BREAKER } from '../../../src/core/policy-breaker.ts';
import { EMPTY_BUDGET } from '../../../src/core/policy-budget.ts';
import { DEFAULT_POLICY, mergePolicy } from '../../../src/core/policy-config.ts';
import { route } from '../../../src/core/policy.ts';
import { toCsv } from '../../../src/ledger/export.ts';
import { runWithConfirmation } from '../../../src/pipeline/run-with-confirmation.ts';
import { meterText, meterTooltip } from '../../../src/vscode/usage/meter-view.ts';
import { buildSummary } from '../../../src/vscode/usage/panel-summary.ts';
import { COLUMNS } from '../../../src/webview/columns.ts';
import { startEmulator } from '../../emulator/server.ts';
import { frozenTask } from '../helpers/confirmation-table.ts';
import { price, record } from '../helpers/ledger-fixtures.ts';
import { rig } from '../pipeline/helpers.ts';
import { CLI, TRIPWIRE_NODE_OPTIONS, tempDir, write } from '../syntax/helpers.ts';

const FIVE_CENTS = 50_000_000;
/** "$0.05" and never a longer spelling of it ($0.050, $0.050000) or a bare 0.05. */
const says = (text: string, where: string) => {
  assert.match(text, /\$0\.05(?![\d])/, `${where}: ${text}`);
  assert.doesNotMatch(text, /\$0\.050|(?<!\$)\b0\.05\b/, `${where}: ${text}`);
};

describe('five cents in every face', () => {
  it('the formats: display, exact details, a chart axis, a CSV cell', () => {
    assert.equal(formatUsd(FIVE_CENTS), '$0.05');
    assert.equal(formatUsdExact(FIVE_CENTS), '$0.05');
    assert.equal(formatUsdFixed(FIVE_CENTS, 3), '$0.050');
    assert.equal(formatUsdFixed(2_500_000, 4), '$0.0025');
    assert.equal(formatUsdFixed(-1_234_567_890_123, 2), '-$1,234.57');
    assert.equal(formatUsdDecimal(FIVE_CENTS), '0.050000000');
    assert.equal(formatUsdDecimal(-1_234), '-0.000001234');
  });

  it('the question every editor face and the CLI show, from the one pipeline', async () => {
    const r = await rig();
    try {
      const result = await runWithConfirmation(frozenTask(), { pipeline: r.pipeline, confirmAboveNanos: FIVE_CENTS, confirm: () => Promise.resolve(false) });
      assert.equal(result.ok ? 'ok' : result.kind, 'declined');
      if (!result.ok) says(result.message, 'declined message');
      assert.equal(r.emu.requests.length, 0);
    } finally {
      await r.close();
    }
  });

  it('the CLI: the default $0.05 threshold, in its own words', async () => {
    const emu = await startEmulator({ instant: true });
    const { dir, cleanup } = tempDir('switchyard-money-cli-');
    try {
      // Enough code that the estimate passes five cents (about 30,000 tokens in).
      for (let f = 0; f < 12; f++) write(dir, `src/m${f}.ts`, Array.from({ length: 120 }, (_, i) => `export function fn${f}x${i}(a: number): number { return a * ${i} + ${f}; }\n`).join(''));
      const env = { PATH: process.env.PATH ?? '', HOME: dir, NODE_OPTIONS: TRIPWIRE_NODE_OPTIONS, SWITCHYARD_DEEP_BASE_URL: emu.openaiBaseUrl, SWITCHYARD_DEEP_API_KEY: 'sk-test', SWITCHYARD_LEDGER_DIR: `${dir}/ledger`, SWITCHYARD_SIMULATED: '1' };
      const out = await promisify(execFile)(process.execPath, [CLI, 'refactor', 'Rename fn0x1 to first', '--dir', dir], { cwd: dir, env, timeout: 120_000 })
        .then(({ stderr }) => ({ code: 0, stderr }), (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }));
      assert.notEqual(out.code, 0, out.stderr);
      const line = out.stderr.split('\n').find((l) => l.includes('confirmation threshold'));
      assert.ok(line, out.stderr);
      says(line, 'CLI');
      assert.equal(emu.requests.length, 0);
    } finally {
      await emu.close();
      cleanup();
    }
  });

  it('the meter, the panel, the budget reason and the export', () => {
    const now = Date.parse('2026-03-15T12:00:00.000Z');
    const agg = new LedgerAggregate({ now: () => now, utcOffsetMinutes: () => 0 });
    const rec = record({ time: '2026-03-15T09:00:00.000Z', costNanos: FIVE_CENTS });
    agg.addAll([rec]);
    const summary = buildSummary(agg, DEFAULT_POLICY, EMPTY_BUDGET, false);
    says(meterText({ summary, busy: 0 }), 'meter');
    says(meterTooltip({ summary, busy: 0 }).split('\n').find((l) => l.includes('spent') || l.includes('Total'))!, 'tooltip');
    says(COLUMNS.find((c) => c.id === 'cost')!.text({ costNanos: FIVE_CENTS } as PanelRow, now), 'panel cost column');
    const capped = mergePolicy(DEFAULT_POLICY, { budget: { dailyCapNanos: FIVE_CENTS } });
    const blocked = route({ taskId: 't', kind: 'refactor', inputTokens: 20_000 }, { nowMs: now, budget: EMPTY_BUDGET, breakers: { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER } }, capped, price);
    assert.equal(blocked.type, 'blocked');
    says(blocked.reason.split(' reached')[0]!, 'budget reason');
    assert.match(toCsv([rec]), /,0\.050000000,/);
  });
});
