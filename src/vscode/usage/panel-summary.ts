// The figures the meter and the panel's cards show, from the ledger's aggregates
// and the budget policy. Pure (no vscode import), so unit tests cover it.
import type { LedgerAggregate, Stats } from '../../core/ledger-aggregate.ts';
import { budgetLevel, withSpend, type BudgetState } from '../../core/policy-budget.ts';
import type { PolicyConfig } from '../../core/policy-config.ts';
import { PANEL_KINDS, type PanelLane } from '../../core/ledger-rows.ts';
import type { LaneSummary, PanelSummary } from '../../core/panel-messages.ts';

function laneSummary(model: string, today: Stats, month: Stats): LaneSummary {
  return {
    model,
    todayNanos: today.costNanos,
    monthNanos: month.costNanos,
    todayCount: today.requests,
    monthCount: month.requests,
    p50Ms: month.total.p50,
    p95Ms: month.total.p95,
    ttftP50Ms: month.ttft.p50,
    toolCallsMonth: month.toolCalls,
    toolCallsToday: today.toolCalls,
  };
}

/**
 * `routerBudget` carries in-flight reservations; its settled spend is replaced
 * by the aggregates so the level matches the figures shown next to it.
 */
export function buildSummary(aggregate: LedgerAggregate, policy: PolicyConfig, routerBudget: BudgetState, simulated: boolean): PanelSummary {
  const today = aggregate.today();
  const month = aggregate.month();
  const lane = (l: PanelLane) => laneSummary(policy.lanes[l].model, today.byLane[l], month.byLane[l]);
  const state = withSpend(routerBudget, today.all.costNanos, month.all.costNanos);
  return {
    todayNanos: today.all.costNanos,
    monthNanos: month.all.costNanos,
    todayCount: today.all.requests,
    monthCount: month.all.requests,
    dailyCapNanos: policy.budget.dailyCapNanos,
    monthlyCapNanos: policy.budget.monthlyCapNanos,
    warnFraction: policy.budget.warnFraction,
    level: budgetLevel(state, policy.budget),
    savingsMonthNanos: month.all.savingsNanos,
    savingsTodayNanos: today.all.savingsNanos,
    wasteMonthNanos: month.all.wasteNanos,
    wasteTodayNanos: today.all.wasteNanos,
    fastSuccess: Object.fromEntries(PANEL_KINDS.map((k) => [k, { finished: month.byKind[k].fastFinished, ok: month.byKind[k].fastOk }])) as PanelSummary['fastSuccess'],
    events: month.all.events,
    cacheHits: month.all.cacheHits,
    blocks: month.all.blocks,
    deepModel: policy.lanes.deep.model,
    lanes: { fast: lane('fast'), deep: lane('deep') },
    simulated,
    ...(month.all.unpriced ? { unpricedToday: today.all.unpriced, unpricedMonth: month.all.unpriced } : {}),
  };
}
