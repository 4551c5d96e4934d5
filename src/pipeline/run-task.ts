// The one way every model call goes: decide a lane, send, check the output,
// and write one ledger record per attempt; escalate, retry or fall back as the
// policy says. Features never call a provider themselves.
import { randomUUID } from 'node:crypto';
import { agentStepOf } from '../core/policy-agent.ts';
import { afterProviderError, afterValidationFailure, type AttemptHistory, type NextStep } from '../core/policy-attempts.ts';
import type { PolicyConfig } from '../core/policy-config.ts';
import { estimateFor, route, type NextAttempt } from '../core/policy.ts';
import type { LedgerEntry, LedgerOutcome, LedgerRecord } from '../core/ledger-record.ts';
import { silentLogger, type Logger } from '../core/log.ts';
import { formatUsd } from '../core/money.ts';
import type { ProviderClient, ProviderError } from '../core/provider-types.ts';
import type { LaneId, PriceFn, TaskFacts } from '../core/task.ts';
import { collectAttempt, type AttemptOutcome } from './attempt.ts';
import { attemptRecord, blockOutcome, blockRecord, type BlockFacts, type TaskStamp } from './request-record.ts';
import type { RouterRuntime } from './router-runtime.ts';
import type { EgressGate } from './egress-gate.ts';
import type { AttemptInfo, PipelineTask, TaskResult, Validation } from './task-types.ts';
import { userMessageFor } from './user-messages.ts';

export interface LedgerSink {
  /** Request records, and event records that reference them. */
  append(entry: LedgerEntry): Promise<void>;
}

export interface PipelineDeps {
  policy(): PolicyConfig;
  /** A client without retries of its own: the pipeline retries, so every attempt is recorded. */
  clientFor(lane: LaneId, model: string): ProviderClient;
  price: PriceFn;
  ledger: LedgerSink;
  router: RouterRuntime;
  /** The lanes point at the local emulator, not a real provider. */
  simulated?: boolean;
  /** Debug setting: keep prompt and output text in the ledger. */
  recordPrompts?: boolean;
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  /** Recent average output of this kind of task (from the ledger), for estimates. */
  expectedOutputTokens?(kind: TaskFacts['kind']): number | undefined;
  /** Debug: one line per attempt (never prompt text, code or keys); warnings and errors. */
  log?: Logger;
  /** The egress gate: trust, denied files and redaction. Every prompt passes through it. */
  egress?: EgressGate;
  /** The client a completion on this lane is sent to as fill-in-the-middle; undefined: the lane's own protocol. */
  fimClient?(lane: LaneId): ProviderClient | undefined;
}

const abortableSleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  if (signal?.aborted || ms <= 0) return resolve();
  const timer = setTimeout(done, ms);
  signal?.addEventListener('abort', done, { once: true });
  function done() { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); }
});

export async function runTask<T>(task: PipelineTask<T>, deps: PipelineDeps): Promise<TaskResult<T>> {
  const taskId = task.taskId ?? randomUUID();
  const records: LedgerRecord[] = [];
  const policy = deps.policy();
  const facts: TaskFacts = {
    taskId, kind: task.kind, inputTokens: task.inputTokens, fileCount: task.fileCount, editLines: task.editLines,
    override: task.override, confirmedOverBudget: task.confirmedOverBudget,
    expectedOutputTokens: deps.expectedOutputTokens?.(task.kind), outputTokensHint: task.outputTokensHint,
    ...(task.agent ? { agent: task.agent } : {}),
    ...(task.language ? { language: task.language } : {}),
  };
  const stamp = taskStamp(task, taskId, deps, policy);
  const history: AttemptHistory = { kind: task.kind, lane: 'fast', escalations: 0, fallbacks: 0, retriesOnLane: 0, validationRetries: 0, pinned: task.override !== undefined };
  // A conversation's requests share a task id; their records number on from the earlier ones.
  const recordNo = (attempt: number) => (task.firstAttempt ?? 0) + attempt;
  let next: NextAttempt | undefined;
  let previousFailure: AttemptInfo['previousFailure'];
  const queuedAt = performance.now();
  // The gate answers before anything is built to send; the faces asked it already, this is the backstop.
  const refusal = deps.egress && (!deps.egress.trusted() ? 'the workspace is not trusted' : task.file ? refusalOf(deps.egress.checkPath(task.file, task.folder)) : undefined);
  if (refusal) {
    // A denied file is refused by the same gate as an untrusted workspace: one outcome, the reason says which.
    await appendBlock(task, stamp, deps, { ...untrustedBlock(facts, refusal, policy, deps), attempt: recordNo(0) }, records);
    return { ok: false, kind: 'blocked', message: `Switchyard sends nothing here: ${refusal}.`, records };
  }

  for (let attempt = 0; attempt < 8; attempt++) {
    const routed = route(facts, deps.router.state(), policy, deps.price, next);
    if (routed.type === 'blocked') {
      await appendBlock(task, stamp, deps, {
        attempt: recordNo(attempt), time: new Date(deps.router.now()), lane: routed.lane, provider: policy.lanes[routed.lane].provider, model: routed.model,
        reason: routed.reason, outcome: blockOutcome(routed.code), estimateNanos: routed.estimate.costNanosLow,
      }, records);
      return { ok: false, kind: 'blocked', message: `Switchyard did not send this request: ${routed.reason}.`, blocked: routed, records };
    }
    // A completion on a lane whose completions speak fill-in-the-middle goes by that protocol, to its model.
    const fim = task.fim ? deps.fimClient?.(routed.lane) : undefined;
    const decided = fim ? { ...routed, model: fim.model, estimate: estimateFor({ ...facts, override: { lane: routed.lane, model: fim.model } }, routed.lane, policy, deps.price) } : routed;
    history.lane = decided.lane;
    // The first decision's note goes on every record of the task (later attempts repeat it).
    if (attempt === 0 && decided.routing) stamp.routing = decided.routing;
    const info: AttemptInfo = { lane: decided.lane, model: decided.model, attempt, previousFailure };
    task.onAttempt?.(info, decided.reason);
    const built = fim ? task.fim!(info) : task.prompt(info);
    const { prompt, redactions } = deps.egress ? deps.egress.redact(built) : { prompt: built, redactions: 0 };
    if (redactions) deps.log?.info(`${task.kind}: ${redactions} credential(s) redacted from the prompt`);
    const request = { ...prompt, maxOutputTokens: decided.estimate.outputCap };
    const recordId = randomUUID();
    const startedAt = new Date();
    const sentOffset = performance.now() - queuedAt;
    deps.router.reserve(recordId, decided.estimate.costNanosHigh);
    let outcome: AttemptOutcome;
    try {
      outcome = await collectAttempt(fim ?? deps.clientFor(decided.lane, decided.model), request, task.signal, (d) => task.onText?.(d, info));
    } finally {
      deps.router.release(recordId);
    }
    const record = attemptRecord(stamp, {
      id: recordId, attempt: recordNo(attempt), startedAt, decision: decided, provider: policy.lanes[decided.lane].provider, outcome,
      queuedMs: attempt === 0 ? sentOffset : 0, price: deps.price,
      ...(deps.recordPrompts ? { debug: { prompt: JSON.stringify(prompt), output: outcome.output } } : {}),
    });
    deps.router.settle(recordId, record.costNanos);
    const base = {
      ...record, ...(redactions ? { redactions } : {}), ...(fim ? { protocol: fim.protocol } : {}),
      ...(outcome.noUsage ? { note: 'the server reported no token usage: tokens and cost are recorded as 0' } : {}),
    };

    if (outcome.error) {
      deps.router.recordLaneOutcome(decided.lane, outcome.error, policy);
      if (outcome.error.kind === 'cancelled' || task.signal?.aborted) {
        await append(deps, records, { ...base, outcome: 'cancelled' });
        return { ok: false, kind: 'cancelled', message: 'Cancelled; nothing was changed.', records };
      }
      const step = afterProviderError(history, failureOf(outcome.error, outcome.output), deps.router.state().breakers, deps.router.now(), policy);
      await append(deps, records, {
        ...base, outcome: step.action === 'fallback' ? 'fell_back' : `error:${outcome.error.kind}` as LedgerOutcome, reason: withStep(decided.reason, step), note: outcome.error.message,
      });
      deps.log?.info(`${task.kind} on ${decided.lane} lane: ${outcome.error.kind}: ${outcome.error.detail ?? outcome.error.message}`);
      const moved = await follow(step, history, 'provider', deps, task.signal);
      // Cancelled during the backoff: the user's cancel, not the provider's error, is why it stopped.
      if (!moved && task.signal?.aborted) return { ok: false, kind: 'cancelled', message: 'Cancelled; nothing was changed.', records };
      if (!moved) return providerFailure(outcome.error, decided.lane, decided.model, step, records);
      next = moved;
      continue;
    }

    deps.router.recordLaneOutcome(decided.lane, undefined, policy);
    const verdict: Validation<T> = outcome.output.trim() === '' && outcome.toolCalls.length === 0
      ? { ok: false, failure: 'empty', message: 'the model returned nothing' }
      : await task.validate(outcome.output, { ...info, finishReason: outcome.finishReason }, outcome.toolCalls);
    if (verdict.ok) {
      await append(deps, records, { ...base, ...task.recordExtras?.(verdict.value), outcome: 'ok' });
      return { ok: true, value: verdict.value, output: outcome.output, lane: decided.lane, model: decided.model, reason: decided.reason, records };
    }
    const step = afterValidationFailure(history, verdict.failure, policy);
    const malformed = verdict.malformedToolCalls && base.toolCalls ? { toolCalls: { ...base.toolCalls, malformed: verdict.malformedToolCalls } } : {};
    await append(deps, records, { ...base, ...malformed, outcome: step.action === 'escalate' ? 'escalated' : 'rejected', reason: withStep(decided.reason, step), note: verdict.message }, verdict.failure);
    previousFailure = { output: outcome.output, message: verdict.message };
    const moved = await follow(step, history, 'validation', deps, task.signal);
    if (!moved) {
      return { ok: false, kind: 'rejected', message: `Switchyard rejected the model's answer and changed nothing: ${verdict.message}.`, records };
    }
    next = moved;
  }
  return { ok: false, kind: 'rejected', message: 'Switchyard gave up after too many attempts; nothing was changed.', records };
}

/** Applies a retry/escalate/fallback step to the history; undefined means stop. */
async function follow(
  step: NextStep, history: AttemptHistory, after: 'provider' | 'validation', deps: PipelineDeps, signal?: AbortSignal,
): Promise<NextAttempt | undefined> {
  switch (step.action) {
    case 'fail':
      return undefined;
    case 'retry':
      if (after === 'validation') history.validationRetries++;
      else history.retriesOnLane++;
      await (deps.sleep ?? abortableSleep)(step.delayMs, signal);
      if (signal?.aborted) return undefined;
      return { cause: 'retry', lane: step.lane, reason: step.reason };
    case 'escalate':
      history.escalations++;
      history.retriesOnLane = 0;
      return { cause: 'escalation', lane: step.lane, reason: step.reason };
    case 'fallback':
      history.fallbacks++;
      history.retriesOnLane = 0;
      return { cause: 'fallback', lane: step.lane, reason: step.reason };
  }
}

function failureOf(error: ProviderError, output: string) {
  const overflow = error.kind === 'bad_request' && /context|too long|maximum.*tokens/i.test(error.detail ?? error.message);
  return { kind: error.kind, retryAfterMs: error.retryAfterMs, contextOverflow: overflow, afterOutput: output !== '' };
}

function providerFailure<T>(error: ProviderError, lane: LaneId, model: string, step: NextStep, records: LedgerRecord[]): TaskResult<T> {
  // Consecutive attempts on this lane that ended with the same kind of error ("answered 503 three times").
  let attempts = 0;
  for (let i = records.length - 1; i >= 0 && records[i]!.lane === lane && records[i]!.outcome === `error:${error.kind}`; i--) attempts++;
  return { ok: false, kind: error.kind === 'cancelled' ? 'cancelled' : 'provider', errorKind: error.kind, message: userMessageFor(error, lane, model, Math.max(1, attempts), step), records };
}

function refusalOf(v: { ok: true } | { ok: false; reason: string }): string | undefined {
  return v.ok ? undefined : v.reason;
}

function withStep(reason: string, step: NextStep): string {
  return step.action === 'fail' ? reason : `${reason}; ${step.reason}`;
}

async function append(deps: PipelineDeps, records: LedgerRecord[], record: LedgerRecord, failure?: string): Promise<void> {
  records.push(record);
  const log = deps.log ?? silentLogger;
  log.debug(attemptLine(record, failure));
  try {
    await deps.ledger.append(record);
  } catch (err) {
    log.error('ledger append failed', err);
  }
}

/** One line per attempt, for the debug log: ids, lane, model, time, tokens, cost, outcome. The validation
 * failure is its kind only: its message can quote the model's code. */
function attemptLine(r: LedgerRecord, failure: string | undefined): string {
  const t = r.tokens;
  return `${r.kind} task=${r.taskId} attempt=${r.attempt} lane=${r.lane} model=${r.model} outcome=${r.outcome}${failure ? ` failure=${failure}` : ''}`
    + ` ms=${r.timings.endMs} tokens in=${t.input} cached=${t.cached} out=${t.output}${t.reasoning ? ` reasoning=${t.reasoning}` : ''} cost=${formatUsd(r.costNanos)}`;
}

/**
 * Writes a block's record. A completion is asked for on every keystroke, so one blocked for the
 * same cause is recorded once a minute (the router's clock); the answer to the user is the same.
 */
async function appendBlock(task: Pick<PipelineTask<unknown>, 'kind'>, stamp: TaskStamp, deps: PipelineDeps, block: BlockFacts, records: LedgerRecord[] = []): Promise<void> {
  if (task.kind === 'completion' && !deps.router.admitBlockRecord(`${task.kind}:${block.outcome}`)) return;
  await append(deps, records, blockRecord(stamp, block));
}

/** What recording a face's refusal needs of its task: what it was, and where. */
export type RefusedTask = Pick<PipelineTask<unknown>, 'kind' | 'taskId' | 'inputTokens' | 'language' | 'file' | 'folder'>;

/**
 * Records the egress gate's refusal of a task a face stopped before building a prompt (a secret,
 * ignored or binary document; an untrusted workspace): the same record run() writes for one it stops.
 */
export async function refuseTask(task: RefusedTask, reason: string, deps: PipelineDeps): Promise<LedgerRecord[]> {
  const taskId = task.taskId ?? randomUUID();
  const facts: TaskFacts = { taskId, kind: task.kind, inputTokens: task.inputTokens, ...(task.language ? { language: task.language } : {}) };
  const policy = deps.policy();
  const records: LedgerRecord[] = [];
  await appendBlock(task, taskStamp(task, taskId, deps, policy), deps, untrustedBlock(facts, reason, policy, deps), records);
  return records;
}

/** What every record of a task carries: what it was, where, and (agent requests) the step Auto's rules call for. */
function taskStamp(task: Pick<PipelineTask<unknown>, 'kind' | 'language' | 'file' | 'folder' | 'agent'>, taskId: string, deps: PipelineDeps, policy: PolicyConfig): TaskStamp {
  return {
    taskId, kind: task.kind,
    ...(task.language ? { language: task.language } : {}),
    ...(task.file ? { file: task.file } : {}),
    ...(task.folder ? { folder: task.folder } : {}),
    ...(deps.simulated ? { simulated: true } : {}),
    ...(task.agent ? { agent: { ...task.agent, step: agentStepOf(task.agent, policy).step } } : {}),
  };
}

/** The egress gate's refusal, on the lane the task would have gone to first. */
function untrustedBlock(facts: TaskFacts, reason: string, policy: PolicyConfig, deps: PipelineDeps): BlockFacts {
  const lane = facts.override?.lane ?? policy.defaultLane[facts.kind];
  const model = facts.override?.lane === lane && facts.override.model ? facts.override.model : policy.lanes[lane].model;
  return {
    attempt: 0, time: new Date(deps.router.now()), lane, provider: policy.lanes[lane].provider, model,
    reason: `nothing was sent: ${reason}`, outcome: blockOutcome('untrusted'),
    estimateNanos: estimateFor(facts, lane, policy, deps.price).costNanosLow,
  };
}
