// How an unpriced model and a gateway's own cost show: the panel's table and details (through
// the compact rows the webview decodes), the meter, and `switchyard usage`.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LedgerAggregate } from '../../../src/core/ledger-aggregate.ts';
import { costWords, decodeChunk, gatewayDifference, RecordEncoder, type PanelRow } from '../../../src/core/ledger-rows.ts';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { EMPTY_BUDGET } from '../../../src/core/policy-budget.ts';
import { DEFAULT_POLICY } from '../../../src/core/policy-config.ts';
import { priceLines } from '../../../src/cli/commands/usage-cmd.ts';
import { meterAccessibleLabel, meterText, meterTooltip } from '../../../src/vscode/usage/meter-view.ts';
import { buildSummary } from '../../../src/vscode/usage/panel-summary.ts';
import { COLUMNS } from '../../../src/webview/columns.ts';
import { record } from '../helpers/ledger-fixtures.ts';

const rowsOf = (records: LedgerRecord[]): PanelRow[] => decodeChunk(new RecordEncoder().encode(records), []);
const cost = COLUMNS.find((c) => c.id === 'cost')!;
const NOW = Date.parse('2026-03-15T12:00:00.000Z');

const unknown = record({ model: 'openai/gpt-5.5-mini', lane: 'deep', costNanos: 0, counterfactualNanos: 0, priceBasis: 'unknown' });
const local = record({ model: 'qwen2.5-coder:7b', costNanos: 0, priceBasis: 'local' });
const close = record({ model: 'openai/gpt-5.5', costNanos: 1_000_000, gatewayCostNanos: 1_009_000 });
const far = record({ model: 'openai/gpt-5.5', costNanos: 1_000_000, gatewayCostNanos: 1_050_000 });
const gatewayOnly = record({ model: 'anthropic/claude-sonnet-5', costNanos: 2_000_000, gatewayCostNanos: 2_000_000, priceBasis: 'gateway' });
const priced = record();

describe('price faces', () => {
  it('the compact rows carry the basis and the gateway figure; older rows read as priced', () => {
    const rows = rowsOf([unknown, local, close, far, gatewayOnly, priced]);
    assert.deepEqual(rows.map((r) => r.priceBasis), ['unknown', 'local', undefined, undefined, 'gateway', undefined]);
    assert.deepEqual(rows.map((r) => r.gatewayCostNanos), [undefined, undefined, 1_009_000, 1_050_000, 2_000_000, undefined]);
  });

  it('the table never shows a made-up price: unknown says so, local and gateway say whose figure', () => {
    const rows = rowsOf([unknown, local, gatewayOnly, priced]);
    assert.deepEqual(rows.map((r) => cost.text(r, NOW)), ['price unknown — set switchyard.prices', '$0.00 · local', '$0.002 · gateway\'s', '$0.00177']);
    assert.equal(costWords({ costNanos: 5, priceBasis: 'unknown' }), 'price unknown — set switchyard.prices');
  });

  it('a gateway figure more than 1% from ours is flagged with both figures; within 1% or the gateway\'s own, not', () => {
    const [c, f, g] = rowsOf([close, far, gatewayOnly]);
    assert.equal(gatewayDifference(c!), undefined);
    assert.equal(gatewayDifference(f!), 'The gateway reported $0.00105 (+5.0%); Switchyard\'s price gives $0.001.');
    assert.equal(gatewayDifference(g!), undefined);
    assert.match(gatewayDifference({ costNanos: 1_000_000, gatewayCostNanos: 900_000 })!, /\(-10\.0%\)/);
  });

  it('the meter counts unknown prices as unknown: a floor in the text, a warning in the tooltip', () => {
    const agg = new LedgerAggregate({ now: () => NOW, utcOffsetMinutes: () => 0 });
    agg.addAll([{ ...unknown, time: '2026-03-15T09:00:00.000Z' }, { ...priced, time: '2026-03-15T09:00:00.000Z' }]);
    const summary = buildSummary(agg, DEFAULT_POLICY, EMPTY_BUDGET, false);
    assert.deepEqual([summary.unpricedToday, summary.unpricedMonth], [1, 1]);
    const input = { summary, busy: 0, last: { kind: 'refactor', lane: 'deep', model: unknown.model, outcome: 'ok', endMs: 10, costNanos: 0, priceBasis: 'unknown' as const } };
    assert.match(meterText(input), /\$0\.00177\+\?/);
    assert.match(meterAccessibleLabel(input), /1 requests with no known price/);
    const tip = meterTooltip(input);
    assert.match(tip, /1 today, 1 this month: price unknown — set switchyard\.prices\. They count \$0 toward the caps\./);
    assert.match(tip, /Last request: Refactor on the deep lane \(openai\/gpt-5\.5-mini\), 10 ms, price unknown — set switchyard\.prices, ok/);
    const plain = buildSummary((() => { const a = new LedgerAggregate({ now: () => NOW, utcOffsetMinutes: () => 0 }); a.addAll([{ ...priced, time: '2026-03-15T09:00:00.000Z' }]); return a; })(), DEFAULT_POLICY, EMPTY_BUDGET, false);
    assert.equal(plain.unpricedMonth, undefined);
    assert.doesNotMatch(meterTooltip({ summary: plain, busy: 0 }), /price unknown/);
  });

  it('switchyard usage lists unpriced models, local requests and the gateway\'s figure against ours', () => {
    assert.deepEqual(priceLines([unknown, local, close, far, gatewayOnly, priced]), [
      '  1 request(s) counted as $0, price unknown — set switchyard.prices: openai/gpt-5.5-mini',
      '  1 request(s) to a keyless server on this machine, local: $0',
      '  gateway-reported cost: $0.002059 against $0.002 by our prices over 2 request(s); 1 differ by more than 1%',
    ]);
    assert.deepEqual(priceLines([priced]), []);
  });
});
