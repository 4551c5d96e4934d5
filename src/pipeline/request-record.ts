// The one place a request record is built: a provider attempt (what was sent,
// what came back, what it cost and what the other lane would have cost for the
// same tokens) or a block (nothing sent, and why). Event records are the faces'
// business and go through Pipeline.recordEvent.
import { randomUUID } from 'node:crypto';
import type { AgentFeatures, AgentStep } from '../core/agent-features.ts';
import type { BlockOutcome, LedgerOutcome, LedgerRecord } from '../core/ledger-record.ts';
import type { RoutingNote } from '../core/routing-types.ts';
import type { BlockedCode, Decision, LaneId, PriceFn, TaskKind, TokenUsage } from '../core/task.ts';
import type { AttemptOutcome } from './attempt.ts';

/** What every record of one task shares. */
export interface TaskStamp {
  taskId: string;
  kind: TaskKind;
  language?: string;
  /** Workspace-relative: a path, never the file's content. */
  file?: string;
  folder?: string;
  simulated?: boolean;
  /** An agent request's features and the step Auto's rules call for: on every record of the request. */
  agent?: AgentFeatures & { step: AgentStep };
  /** The first decision's routing note: on every record of the task, so statistics learn per shape. */
  routing?: RoutingNote;
}

export interface AttemptFacts {
  id: string;
  attempt: number;
  startedAt: Date;
  decision: Decision;
  provider: string;
  outcome: AttemptOutcome;
  /** Time from the task's start to this attempt's send (the first attempt only). */
  queuedMs: number;
  price: PriceFn;
  /** The debug setting's prompt and output text; omitted unless it is on. */
  debug?: { prompt: string; output: string };
}

/** The usage a provider reported, clamped to the record's invariants (cached ≤ input, reasoning ≤ output). */
export function reportedTokens(outcome: Pick<AttemptOutcome, 'usage'>): TokenUsage {
  const u = outcome.usage;
  return { input: u.input, cached: Math.min(u.cachedInput, u.input), output: u.output, reasoning: Math.min(u.reasoning, u.output) };
}

/**
 * One provider attempt, outcome 'ok' (the caller sets the real one). The cost is this model's
 * price on the reported usage; the counterfactual is the other lane's model priced on the same
 * usage, so the two compare like for like. The estimate is what the router expected before sending.
 */
export function attemptRecord(stamp: TaskStamp, a: AttemptFacts): LedgerRecord {
  const t = a.outcome.timing;
  const rel = (mark: number | undefined) => (mark === undefined ? undefined : Math.max(0, Math.round((mark - t.start) * 10) / 10));
  const endMs = rel(t.end) ?? 0;
  const firstTokenMs = rel(t.firstToken);
  // Priced on the provider's own figures (reasoning is never more than output there, cached never more than input).
  const usage = { input: a.outcome.usage.input, cached: a.outcome.usage.cachedInput, output: a.outcome.usage.output, reasoning: a.outcome.usage.reasoning };
  const gateway = a.outcome.usage.gatewayCostNanos;
  const unpriced = a.price.basis?.(a.decision.model);
  // No price of ours: the gateway's own figure is the best there is; else $0, marked local or unknown.
  const priceBasis = unpriced && gateway !== undefined ? 'gateway' : unpriced;
  return {
    v: 1, id: a.id, taskId: stamp.taskId, attempt: a.attempt, time: a.startedAt.toISOString(), kind: stamp.kind,
    lane: a.decision.lane, provider: a.provider, model: a.decision.model, reason: a.decision.reason,
    outcome: 'ok',
    timings: { queuedMs: Math.round(a.queuedMs * 10) / 10, sentMs: rel(t.headers), firstTokenMs: firstTokenMs === undefined ? undefined : Math.min(firstTokenMs, endMs), endMs },
    tokens: reportedTokens(a.outcome),
    costNanos: priceBasis === 'gateway' ? gateway! : a.price(a.decision.model, usage),
    estimateNanos: a.decision.estimate.costNanosLow,
    counterfactualNanos: a.price(a.decision.counterfactual.model, usage),
    ...common(stamp),
    // Validation sets `malformed` (run-task); a call that reached here unchecked counts as made only.
    ...(stamp.agent ? { toolCalls: { made: a.outcome.toolCalls.length, malformed: 0 } } : {}),
    ...(a.debug ? { debug: a.debug } : {}),
    ...(priceBasis ? { priceBasis } : {}),
    ...(gateway !== undefined ? { gatewayCostNanos: gateway } : {}),
  };
}

/** Why nothing was sent, as the ledger says it. A lane with no key of its own is a missing-key error. */
export function blockOutcome(code: BlockedCode | 'untrusted'): BlockOutcome | 'error:auth' {
  switch (code) {
    case 'budget_stop': return 'blocked_budget';
    case 'needs_confirmation': return 'blocked_confirmation';
    case 'cooldown': return 'blocked_cooldown';
    case 'context_too_large': return 'blocked_context';
    case 'untrusted': return 'blocked_untrusted';
    case 'not_configured': return 'error:auth';
  }
}

export interface BlockFacts {
  attempt: number;
  time: Date;
  lane: LaneId;
  provider: string;
  model: string;
  reason: string;
  outcome: LedgerOutcome;
  /** The pre-send estimate of what was not sent. */
  estimateNanos: number;
}

/** A request that was not sent: no tokens, no cost, and no counterfactual (there is no usage to price). */
export function blockRecord(stamp: TaskStamp, b: BlockFacts): LedgerRecord {
  return {
    v: 1, id: randomUUID(), taskId: stamp.taskId, attempt: b.attempt, time: b.time.toISOString(), kind: stamp.kind,
    lane: b.lane, provider: b.provider, model: b.model, reason: b.reason, outcome: b.outcome, timings: { endMs: 0 },
    tokens: { input: 0, cached: 0, output: 0, reasoning: 0 }, costNanos: 0, estimateNanos: b.estimateNanos, counterfactualNanos: 0,
    ...common(stamp),
  };
}

function common(stamp: TaskStamp): Pick<LedgerRecord, 'language' | 'file' | 'folder' | 'simulated' | 'agent' | 'routing'> {
  return {
    ...(stamp.routing ? { routing: stamp.routing } : {}),
    ...(stamp.agent ? { agent: stamp.agent } : {}),
    ...(stamp.language ? { language: stamp.language } : {}),
    ...(stamp.file ? { file: stamp.file } : {}),
    ...(stamp.file && stamp.folder ? { folder: stamp.folder } : {}),
    ...(stamp.simulated ? { simulated: true } : {}),
  };
}
