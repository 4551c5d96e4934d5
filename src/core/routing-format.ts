// The learned routing table, one row per shape, as both faces print it: the CLI
// (`switchyard route --explain`) and the panel's routing view render these rows and cells;
// neither works out figures of its own.
import { costForModel } from './pricing.ts';
import { completionDebounceMs, figuresChoice, type AdaptivePick } from './policy-adaptive.ts';
import type { PolicyConfig } from './policy-config.ts';
import { staticChoice } from './policy.ts';
import { shapeFromKey, type ShapeFacts } from './routing-shape.ts';
import type { StaticComparison } from './routing-versus.ts';
import type { ExpectedFigures, LaneFigures, RoutingBasis, ShapeFigures } from './routing-types.ts';
import { formatOutOf, formatPlan } from './routing-words.ts';
import { formatPercent, formatUsd } from './usage-format.ts';
import type { LaneId, PriceFn, TaskFacts, TaskKind } from './task.ts';

export { formatCount, formatOutOf, formatPlan } from './routing-words.ts';

/** What the table reads: a RoutingStats (routing-stats.ts). */
export interface RoutingSource {
  table(nowMs: number): ShapeFigures[];
  versusStatic(): ReadonlyMap<string, StaticComparison>;
}

export interface RoutingRow {
  shape: string;
  label: string;
  kind: TaskKind;
  /** What the static table chooses for a typical task of the shape. */
  staticLane: LaneId;
  /** What the decision would choose now for that task (exploration aside), how, and why in words. */
  lane: LaneId;
  basis: RoutingBasis;
  reason: string;
  /** The two plans compared, when they were. */
  expected?: { fastFirst: ExpectedFigures; deep: ExpectedFigures };
  /** Decayed figures per lane. */
  fast: LaneFigures;
  deep: LaneFigures;
  /** Tasks that started on another lane than the static table's, and the estimated saving (+) or cost (-). */
  versusStatic: StaticComparison;
  /** Completion shapes: decayed answers shown and accepted, and the debounce's factor (1 = unchanged). */
  completions?: { shown: number; accepted: number; debounceFactor: number };
}

/** The published prices (pricing.ts), for tables drawn without the pipeline's own price function. */
const publishedPrice: PriceFn = (model, u) => costForModel(model, { input: u.input, cachedInput: u.cached, output: u.output, reasoning: u.reasoning })?.totalNanoUsd ?? 0;

/**
 * One row per shape with data, sorted by key. Shapes whose key shapeOf would not make (a
 * hand-edited ledger) are left out. `price` defaults to the published prices.
 */
export function routingTable(stats: RoutingSource, nowMs: number, cfg: PolicyConfig, price: PriceFn = publishedPrice): RoutingRow[] {
  const versus = stats.versusStatic();
  return stats.table(nowMs).flatMap((figures) => {
    const shape = shapeFromKey(figures.shape);
    if (!shape) return [];
    const task = typicalTask(shape.facts, shape.size, cfg);
    const pick = shape.kind === 'agent' ? agentPick(shape.facts) : staticChoice(task, cfg);
    const chosen: AdaptivePick = cfg.routing.learning && cfg.escalation.kinds.includes(shape.kind) && task.inputTokens <= cfg.lanes.fast.contextBudgetTokens
      ? figuresChoice(task, shape, pick, figures, cfg, price)
      : { ...pick, routing: { shape: shape.key, staticLane: pick.lane, basis: 'static' } };
    const c = figures.completions;
    const row: RoutingRow = {
      shape: shape.key, label: shape.label, kind: shape.kind, staticLane: pick.lane,
      lane: chosen.lane, basis: chosen.routing.basis, reason: chosen.reason,
      ...(chosen.routing.expected ? { expected: chosen.routing.expected } : {}),
      fast: figures.lanes.fast, deep: figures.lanes.deep,
      versusStatic: versus.get(shape.key) ?? { tasks: 0, deltaNanos: 0 },
      ...(c ? { completions: { shown: c.shown, accepted: c.accepted, debounceFactor: completionDebounceMs(figures, 1000) / 1000 } } : {}),
    };
    return [row];
  });
}

/**
 * A typical task of the shape: the middle of its size bucket (1.5x the start of an open one),
 * and half the kind's prompt budget (at most the fast lane's) unless the size is in tokens.
 */
function typicalTask(f: ShapeFacts, size: { lo: number; hi?: number } | undefined, cfg: PolicyConfig): TaskFacts {
  const mid = size ? Math.round(size.hi !== undefined ? (size.lo + size.hi) / 2 : size.lo * 1.5) : undefined;
  const input = f.kind === 'agent' ? mid ?? 0 : Math.min(Math.round(cfg.tokenBudgets[f.kind].prompt / 2), cfg.lanes.fast.contextBudgetTokens);
  return {
    taskId: `typical:${f.kind}`, kind: f.kind, inputTokens: input, language: f.language,
    ...(f.kind === 'quickEdit' ? { editLines: mid } : {}),
    ...(f.kind === 'refactor' || f.kind === 'astTransform' ? { fileCount: mid } : {}),
  };
}

/** Auto's static rule for a step: think on the deep lane, act on the fast one (policy-agent.ts). */
function agentPick(f: ShapeFacts): { lane: LaneId; reason: string } {
  const lane: LaneId = f.step === 'think' ? 'deep' : 'fast';
  return { lane, reason: `agent ${f.step ?? 'act'} step, so the ${lane} lane` };
}

// ---- cells: the same words in the panel and the CLI ----

export const ROUTING_COLUMNS = ['shape', 'static', 'now', 'fast ok', 'deep ok', 'fast mean', 'deep mean', 'vs static', 'completions'] as const;
export type RoutingColumn = (typeof ROUTING_COLUMNS)[number];

const BASIS_WORDS: Readonly<Record<RoutingBasis, string>> = {
  static: 'static table', prior: 'table, figures agree', learned: 'learned', explore: 'exploring',
};

/** "+$0.12 saved", "$0.05 more", "–" when no task differed (always an estimate). */
export function formatVersusStatic(v: StaticComparison): string {
  if (v.tasks === 0) return '–';
  const tasks = `${v.tasks} task${v.tasks === 1 ? '' : 's'}`;
  return v.deltaNanos >= 0 ? `${tasks}, ~${formatUsd(v.deltaNanos)} saved` : `${tasks}, ~${formatUsd(-v.deltaNanos)} more`;
}

/** "$0.0031 / 2.4 s", or a dash while the lane has no judged attempts. */
export function formatLaneMeans(f: LaneFigures): string {
  return f.meanCostNanos !== undefined && f.meanMs !== undefined ? formatPlan({ costNanos: f.meanCostNanos, ms: f.meanMs }) : '–';
}

export function routingCells(row: RoutingRow): Record<RoutingColumn, string> {
  const c = row.completions;
  return {
    'shape': row.label,
    'static': `${row.staticLane} lane`,
    'now': `${row.lane} lane (${BASIS_WORDS[row.basis]})`,
    'fast ok': formatOutOf(row.fast.ok, row.fast.n),
    'deep ok': formatOutOf(row.deep.ok, row.deep.n),
    'fast mean': formatLaneMeans(row.fast),
    'deep mean': formatLaneMeans(row.deep),
    'vs static': formatVersusStatic(row.versusStatic),
    'completions': c ? `${formatOutOf(c.accepted, c.shown)} accepted (${formatPercent(c.accepted, c.shown)})${c.debounceFactor > 1 ? `, waits ×${c.debounceFactor.toFixed(1)}` : ''}` : '',
  };
}
