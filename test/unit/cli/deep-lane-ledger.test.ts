// The CLI reads the ledger through the extension's LedgerService: the same local day, the same
// spend and the same recent-output statistics as the meter. Spend just before local midnight
// belongs to yesterday in both faces (the CLI used to count the UTC day).
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_POLICY } from '../../../src/core/policy-config.ts';
import { EMPTY_BUDGET } from '../../../src/core/policy-budget.ts';
import { openDeepLane } from '../../../src/cli/commands/deep-lane-setup.ts';
import { LedgerService } from '../../../src/ledger/service.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';
import { buildSummary } from '../../../src/vscode/usage/panel-summary.ts';
import { record } from '../helpers/ledger-fixtures.ts';
import { tempDir } from '../syntax/helpers.ts';

// New York is UTC-5 in November: 04:30Z on the 26th is 23:30 on the 25th there.
const ZONE = 'America/New_York';
const NOW = Date.parse('2026-11-26T14:00:00Z'); // 09:00 local on the 26th
const now = () => NOW;
const LATE_YESTERDAY = record({ id: 'late', time: '2026-11-26T04:30:00.000Z', kind: 'refactor', lane: 'deep', costNanos: 300_000_000, tokens: { input: 2_000, cached: 0, output: 900, reasoning: 0 } });
const EARLY_TODAY = record({ id: 'early', time: '2026-11-26T05:30:00.000Z', kind: 'refactor', lane: 'deep', costNanos: 200_000_000, tokens: { input: 2_000, cached: 0, output: 300, reasoning: 0 } });

describe('the CLI and the extension count the same local day', () => {
  let dir: string;
  let cleanup: () => void;
  const zone = process.env.TZ;

  before(async () => {
    process.env.TZ = ZONE;
    ({ dir, cleanup } = tempDir('switchyard-cli-day-'));
    const store = new LedgerStore(join(dir, 'ledger'), { now });
    await store.append(LATE_YESTERDAY);
    await store.append(EARLY_TODAY);
    await store.close();
  });
  after(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
    cleanup();
  });

  it('spend at 23:30 local is yesterday\'s in the meter and in the CLI\'s budget', async () => {
    assert.equal(new Date(NOW).getTimezoneOffset(), 300, 'the zone took effect');
    // The extension's face: the service the meter reads, summarised as the meter shows it.
    const ledger = new LedgerService(join(dir, 'ledger'), { now });
    await ledger.start();
    const meter = buildSummary(ledger.aggregate, DEFAULT_POLICY, EMPTY_BUDGET, false);
    await ledger.dispose();
    assert.equal(meter.todayNanos, 200_000_000);
    assert.equal(meter.monthNanos, 500_000_000);
    // The CLI's face: the router's spend, as budgets count it.
    const lane = await openDeepLane({ 'ledger-dir': 'ledger' }, { out: () => {}, err: () => {}, cwd: dir, env: {} }, dir, { now });
    try {
      const budget = lane.pipeline.router.state().budget;
      assert.equal(budget.spentTodayNanos, meter.todayNanos, 'not the UTC day (that would be $0.50)');
      assert.equal(budget.spentMonthNanos, meter.monthNanos);
    } finally {
      await lane.close();
    }
  });

  it('a record the extension appends reaches the CLI\'s budget while it runs', async () => {
    const lane = await openDeepLane({ 'ledger-dir': 'ledger' }, { out: () => {}, err: () => {}, cwd: dir, env: {} }, dir, { now });
    try {
      const other = new LedgerStore(join(dir, 'ledger'), { now });
      await other.append(record({ id: 'window', time: '2026-11-26T13:00:00.000Z', costNanos: 50_000_000 }));
      await other.close();
      for (let i = 0; i < 100 && lane.pipeline.router.state().budget.spentTodayNanos !== 250_000_000; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(lane.pipeline.router.state().budget.spentTodayNanos, 250_000_000);
    } finally {
      await lane.close();
    }
  });
});
