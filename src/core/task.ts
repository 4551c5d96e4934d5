// Tasks and the router's decisions: the vocabulary shared by policy, pipeline and ledger.
import type { AgentFeatures } from './agent-features.ts';
import type { RoutingNote } from './routing-types.ts';

/** Every kind of task, once: lists, per-kind settings and records are built from this. */
export const TASK_KINDS = ['completion', 'quickEdit', 'refactor', 'astTransform', 'agent'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** A record with one entry per task kind. */
export function perKind<T>(value: (kind: TaskKind) => T): Record<TaskKind, T> {
  return Object.fromEntries(TASK_KINDS.map((k) => [k, value(k)])) as Record<TaskKind, T>;
}

export type LaneId = 'fast' | 'deep';
export const LANES: readonly LaneId[] = ['fast', 'deep'];

export function otherLane(lane: LaneId): LaneId {
  return lane === 'fast' ? 'deep' : 'fast';
}

/** Token usage as a provider reports it. `input` includes `cached`; `output` includes `reasoning`. */
export interface TokenUsage {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

/**
 * Prices are passed in, so core/policy does not depend on a price table. Returns integer nano-dollars.
 * `basis` says why a model costs 0 without a price (pricing.ts PriceBasis); undefined when it has one.
 */
export type PriceFn = ((model: string, usage: TokenUsage) => number) & { basis?(model: string): 'local' | 'unknown' | undefined };

/** The user's explicit choice of lane (and optionally model) for one task. */
export interface TaskOverride {
  lane: LaneId;
  model?: string;
}

/**
 * What the router needs to know about a task. The pipeline's full task (document, range, instruction)
 * lives above core; it reduces to these facts after the context has been built and counted.
 */
export interface TaskFacts {
  taskId: string;
  kind: TaskKind;
  /** Prompt tokens, counted with a real tokenizer by the context builder. */
  inputTokens: number;
  /** Prompt tokens expected to be served from the provider's cache (0 if unknown). */
  cachedTokens?: number;
  /** Files the task touches (refactor / transform). */
  fileCount?: number;
  /** Lines in the selection being edited (quick edit). */
  editLines?: number;
  /** Output the pipeline expects (e.g. a recent average from the ledger); defaults to the kind's typical output. */
  expectedOutputTokens?: number;
  /** Output sized from the task itself (files it would rewrite, the instruction), used while there is no history. */
  outputTokensHint?: number;
  override?: TaskOverride;
  /** The user has seen the estimate and confirmed a request at or over a budget cap. */
  confirmedOverBudget?: boolean;
  /** An agent request's conversation features: Auto routes on them (policy-agent.ts). */
  agent?: AgentFeatures;
  /** The document's language id: part of the task's shape (routing-shape.ts). */
  language?: string;
}

/** Where an estimate's expected output came from: recent outputs of this kind, the task's size, or the kind's default. */
export type EstimateBasis = 'history' | 'task' | 'kind';

export interface Estimate {
  inputTokens: number;
  outputCap: number;
  /** Expected output (see basis); the expected cost assumes it. */
  typicalOutputTokens: number;
  basis: EstimateBasis;
  /** Input plus expected output: the figure shown as "about", and the ledger's estimate. */
  costNanosLow: number;
  /** Input plus the whole output cap: the most this attempt can cost, and what budgets reserve. Never shown as the range. */
  costNanosHigh: number;
  /** What the user plans with: output and cost at each end of a range at most 5x wide around the expected output. */
  range: { outputLow: number; outputHigh: number; costNanosLow: number; costNanosHigh: number };
  /** First-token latency plus typical output at the lane's token rate. */
  expectedMs: number;
}

export interface Counterfactual {
  lane: LaneId;
  model: string;
  /** Expected cost on the other lane (input plus expected output). */
  costNanos: number;
}

/**
 * Why this attempt exists: the first try, a retry on the same lane, an escalation after bad output,
 * or a fallback after a provider failure.
 */
export type AttemptCause = 'initial' | 'retry' | 'escalation' | 'fallback';

export interface Decision {
  type: 'decision';
  lane: LaneId;
  provider: string;
  model: string;
  /** Human-readable, e.g. "refactor spans 4 files, so the deep lane". */
  reason: string;
  estimate: Estimate;
  counterfactual: Counterfactual;
  cause: AttemptCause;
  /** Set when spend has passed the warn threshold; the meter shows it. */
  budgetWarning?: string;
  /** The first attempt's routing: shape, static choice, basis and figures (later attempts repeat it). */
  routing?: RoutingNote;
}

export type BlockedCode =
  | 'needs_confirmation' // at a cap; the user may confirm and retry with confirmedOverBudget
  | 'budget_stop' // at a cap and the setting says completions stop
  | 'cooldown' // every allowed lane is cooling down
  | 'context_too_large' // over every allowed lane's context budget
  | 'not_configured'; // the lane has no endpoint and key of its own

export interface Blocked {
  type: 'blocked';
  code: BlockedCode;
  reason: string;
  /** The lane and estimate that were blocked, so a confirmation prompt can show them. */
  lane: LaneId;
  model: string;
  estimate: Estimate;
  /** For cooldowns: when a lane may be tried again (ms since epoch). */
  retryAtMs?: number;
}
