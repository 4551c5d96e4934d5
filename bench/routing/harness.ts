// Replays a population in time order through the real router: route() picks each
// attempt's lane (with the learned statistics when the policy learns), the real
// afterValidationFailure decides escalation and repair retries, and the pipeline's own
// attemptRecord builds each ledger record. The statistics are fed what the pipeline and
// the faces would append (attempt records carrying the first decision's routing note,
// then `shown` and `applied` or `rejected` events), each once it exists in time.
import type { AgentFeatures, AgentStep } from '../../src/core/agent-features.ts';
import type { LedgerEvent } from '../../src/core/ledger-event.ts';
import { validateEntry, type LedgerOutcome, type LedgerRecord } from '../../src/core/ledger-record.ts';
import { afterValidationFailure, type AttemptHistory } from '../../src/core/policy-attempts.ts';
import { CLOSED_BREAKER } from '../../src/core/policy-breaker.ts';
import { EMPTY_BUDGET } from '../../src/core/policy-budget.ts';
import type { PolicyConfig, ValidationFailure } from '../../src/core/policy-config.ts';
import { route, type NextAttempt, type RouterState } from '../../src/core/policy.ts';
import type { RoutingBasis, RoutingNote, RoutingView } from '../../src/core/routing-types.ts';
import type { LaneId, PriceFn, TaskFacts } from '../../src/core/task.ts';
import { attemptRecord, type TaskStamp } from '../../src/pipeline/request-record.ts';
import type { RoutedKind, Population, SimTask } from './population.ts';
import { attemptMs, attemptResult, reviewDelayMs, type AttemptResult } from './world.ts';
import type { PolicySpec } from './policies.ts';

/** What the replay feeds and asks: RoutingStats' API (src/core/routing-stats.ts). */
export interface Learner extends RoutingView {
  addRecord(r: LedgerRecord): void;
  addEvent(e: LedgerEvent): void;
}

export interface TaskOutcome {
  id: string;
  /** The population's shape (its hidden truth) and the shape the router saw. */
  shape: string;
  routedShape: string;
  firstLane: LaneId;
  staticLane: LaneId;
  basis: RoutingBasis;
  attempts: number;
  escalated: boolean;
  /** The answer the user was left with was kept. */
  ok: boolean;
  /** A wrong answer passed validation and the user rejected it. */
  silentFailure: boolean;
  costNanos: number;
  /** Sum of the attempts' times. */
  ms: number;
  /** The router refused to send it (never expected here: budgets are off and no lane cools down). */
  blocked: boolean;
}

export interface RunResult {
  spec: PolicySpec;
  tasks: TaskOutcome[];
  /** Initial decisions that came back without a routing note (the harness wrote one from its own shapeOf). */
  notesFilledIn: number;
  /** Initial decisions whose note named another shape than the population's. */
  shapeMismatches: number;
}

/** The validator's verdict on a caught failure, per kind (what its checks reject). */
const FAILURE: Readonly<Record<RoutedKind, ValidationFailure>> = {
  quickEdit: 'parse_errors', refactor: 'schema', astTransform: 'parse_errors', agent: 'tool_call',
};

/** The conversation features that make Auto see the task's step (policy-agent.ts). */
export function agentFeatures(task: SimTask): AgentFeatures {
  const think = task.step === 'think';
  return {
    turn: think ? 1 : 3, asksForPlan: think, toolResults: think ? 0 : 1, failedToolResults: 0, repeatedCall: false,
    lastUserChars: think ? 900 : 120, contextTokens: task.inputTokens, tools: 6, toolMode: 'auto', fastFailedTools: [],
    ...(think ? { planWord: 'plan' } : {}),
  };
}

export function factsOf(task: SimTask, spec: PolicySpec, override?: LaneId): TaskFacts {
  return {
    taskId: task.id, kind: task.kind, inputTokens: task.inputTokens, cachedTokens: task.cachedTokens, language: task.language,
    ...(task.editLines !== undefined ? { editLines: task.editLines } : {}),
    ...(task.fileCount !== undefined ? { fileCount: task.fileCount } : {}),
    // All-fast routes agent requests by the kind's table (fast), not by Auto's think/act rules.
    ...(task.kind === 'agent' && spec.mode !== 'fast' ? { agent: agentFeatures(task) } : {}),
    ...(override ? { override: { lane: override } } : {}),
  };
}

/** Lines waiting for their time: records when their attempt ends, events when the user acts. */
export class Timeline {
  private pending: { atMs: number; seq: number; line: LedgerRecord | LedgerEvent }[] = [];
  private seq = 0;
  private readonly learner: Learner | undefined;
  constructor(learner: Learner | undefined) { this.learner = learner; }
  add(atMs: number, line: LedgerRecord | LedgerEvent): void {
    const problem = validateEntry(line);
    if (problem) throw new Error(`the replay wrote a line the ledger would refuse: ${problem}`);
    this.pending.push({ atMs, seq: this.seq++, line });
  }
  /** Feeds every line that exists by `nowMs`, in time order. */
  flush(nowMs: number): void {
    if (!this.learner) { this.pending = []; return; }
    const due = this.pending.filter((p) => p.atMs <= nowMs).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    this.pending = this.pending.filter((p) => p.atMs > nowMs);
    for (const { line } of due) {
      if ('type' in line && line.type === 'event') this.learner.addEvent(line);
      else this.learner.addRecord(line as LedgerRecord);
    }
  }
}

export interface ReplayDeps {
  cfg: PolicyConfig;
  price: PriceFn;
  /** Fed every line; the router reads it only when the policy learns. */
  learner?: Learner;
  /** The oracle's knowledge: the lane to pin for a task. */
  pin?: (task: SimTask) => LaneId;
}

export function replay(pop: Population, spec: PolicySpec, deps: ReplayDeps): RunResult {
  const timeline = new Timeline(deps.learner);
  const result: RunResult = { spec, tasks: [], notesFilledIn: 0, shapeMismatches: 0 };
  for (const task of pop.tasks) {
    timeline.flush(task.timeMs);
    result.tasks.push(runOne(pop, task, spec, deps, timeline, result));
  }
  timeline.flush(Number.POSITIVE_INFINITY);
  return result;
}

function runOne(pop: Population, task: SimTask, spec: PolicySpec, deps: ReplayDeps, timeline: Timeline, run: RunResult): TaskOutcome {
  const { cfg, price } = deps;
  const pinned = spec.mode === 'deep' ? 'deep' : deps.pin?.(task);
  const facts = factsOf(task, spec, pinned);
  const state: RouterState = {
    nowMs: task.timeMs, budget: EMPTY_BUDGET, breakers: { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER },
    ...(spec.mode === 'adaptive' && deps.learner ? { learned: deps.learner } : {}),
  };
  const step: AgentStep | undefined = facts.agent ? (task.step ?? 'act') : undefined;
  const stamp: TaskStamp = {
    taskId: `${spec.id}-${task.id}`, kind: task.kind, language: task.language, simulated: true,
    ...(facts.agent && step ? { agent: { ...facts.agent, step } } : {}),
  };
  const history: AttemptHistory = { kind: task.kind, lane: 'fast', escalations: 0, fallbacks: 0, retriesOnLane: 0, validationRetries: 0, pinned: pinned !== undefined };
  const onLane: Record<LaneId, number> = { fast: 0, deep: 0 };
  const out: TaskOutcome = {
    id: task.id, shape: task.shape, routedShape: task.shape, firstLane: 'fast', staticLane: 'fast', basis: 'static',
    attempts: 0, escalated: false, ok: false, silentFailure: false, costNanos: 0, ms: 0, blocked: false,
  };
  let note: RoutingNote | undefined;
  let next: NextAttempt | undefined;
  let clock = task.timeMs;
  for (let attempt = 0; attempt < 8; attempt++) {
    const decided = route(facts, { ...state, nowMs: clock }, cfg, price, next);
    if (decided.type === 'blocked') { out.blocked = true; return out; }
    if (!note) {
      note = decided.routing ?? { shape: task.shape, staticLane: decided.lane, basis: 'static' };
      if (!decided.routing) run.notesFilledIn++;
      else if (decided.routing.shape !== task.shape) run.shapeMismatches++;
      Object.assign(out, { firstLane: decided.lane, staticLane: note.staticLane, basis: note.basis, routedShape: note.shape });
    }
    history.lane = decided.lane;
    const n = onLane[decided.lane]++;
    const result: AttemptResult = attemptResult(pop, task, decided.lane, n);
    const time = attemptMs(pop, task, decided.lane, n, cfg);
    const u = task.usage[decided.lane];
    const record = attemptRecord(stamp, {
      id: `${spec.id}-${task.id}-${attempt}`, attempt, startedAt: new Date(clock), decision: decided, provider: cfg.lanes[decided.lane].provider, queuedMs: 0, price,
      outcome: { output: '', toolCalls: [], usage: { input: u.input, cachedInput: u.cached, output: u.output, reasoning: u.reasoning }, timing: { start: 0, firstToken: time.firstTokenMs, end: time.endMs } },
    });
    out.attempts++;
    out.costNanos += record.costNanos;
    out.ms += time.endMs;
    clock += time.endMs;
    if (result !== 'caught') {
      timeline.add(clock, { ...record, routing: note, outcome: 'ok' });
      judge(timeline, record, clock, clock + reviewDelayMs(pop, task), result === 'ok');
      out.ok = result === 'ok';
      out.silentFailure = result === 'silent';
      return out;
    }
    const failure = FAILURE[task.kind];
    const nextStep = afterValidationFailure(history, failure, cfg);
    const outcome: LedgerOutcome = nextStep.action === 'escalate' ? 'escalated' : 'rejected';
    timeline.add(clock, { ...record, routing: note, outcome, note: `simulated: ${failure}` });
    if (nextStep.action === 'escalate') {
      history.escalations++;
      out.escalated = true;
      next = { cause: 'escalation', lane: nextStep.lane, reason: nextStep.reason };
    } else if (nextStep.action === 'retry') {
      history.validationRetries++;
      next = { cause: 'retry', lane: nextStep.lane, reason: nextStep.reason };
    } else {
      return out;
    }
  }
  return out;
}

/** The user's verdict on an answer that passed validation, as the faces record it. */
function judge(timeline: Timeline, record: LedgerRecord, shownMs: number, atMs: number, kept: boolean): void {
  const base = { v: 1 as const, type: 'event' as const, taskId: record.taskId, requestId: record.id, kind: record.kind, simulated: true };
  if (record.kind !== 'agent') timeline.add(shownMs, { ...base, id: `${record.id}-shown`, time: new Date(shownMs).toISOString(), event: 'shown' });
  // An agent's kept answer simply runs its tool call; only a wrong one leaves a trace (the user rejects it).
  if (record.kind === 'agent' && kept) return;
  timeline.add(atMs, { ...base, id: `${record.id}-${kept ? 'applied' : 'rejected'}`, time: new Date(atMs).toISOString(), event: kept ? 'applied' : 'rejected' });
}
