// The ledger's two kinds of line: one request record per provider attempt (or per
// block, which sends nothing), and event records that say what became of a request
// or a task afterwards (shown, accepted, applied...). Their JSONL form and validation.
import type { AgentFeatures, AgentStep, ToolCallCounts } from './agent-features.ts';
import type { Protocol } from './provider-types.ts';
import { ROUTING_BASES, type RoutingNote } from './routing-types.ts';
import { LANES, TASK_KINDS, type LaneId, type TaskKind, type TokenUsage } from './task.ts';
import { validateEvent, type LedgerEvent } from './ledger-event.ts';
import { PRICE_BASES, type PriceBasis } from './pricing.ts';
import { ISO_TIME, isCount, isDuration, isObject, isWorkspaceRelative } from './ledger-checks.ts';

export { isWorkspaceRelative } from './ledger-checks.ts';

export { EVENT_KINDS, OUTCOME_EVENT_KINDS, type LedgerEvent, type LedgerEventKind, type OutcomeEventKind } from './ledger-event.ts';

export const LEDGER_VERSION = 1;

export const ERROR_KINDS = [
  'auth', 'rate_limited', 'server', 'timeout', 'network', 'bad_request', 'invalid_output', 'cancelled',
] as const;
export type LedgerErrorKind = (typeof ERROR_KINDS)[number];

/** Why nothing was sent: each cause its own outcome. None of them is a request to a provider. */
export const BLOCK_OUTCOMES = [
  'blocked_budget', 'blocked_confirmation', 'blocked_cooldown', 'blocked_context', 'blocked_untrusted',
] as const;
export type BlockOutcome = (typeof BLOCK_OUTCOMES)[number];

export type LedgerOutcome =
  | 'ok' | 'cancelled' | 'escalated' | 'fell_back' | 'rejected' | BlockOutcome | `error:${LedgerErrorKind}`;

const PLAIN_OUTCOMES: readonly string[] = ['ok', 'cancelled', 'escalated', 'fell_back', 'rejected', ...BLOCK_OUTCOMES];

export function isBlockOutcome(o: string): o is BlockOutcome {
  return (BLOCK_OUTCOMES as readonly string[]).includes(o);
}

/** Milliseconds relative to the attempt's start. */
export interface LedgerTimings {
  queuedMs?: number;
  sentMs?: number;
  firstTokenMs?: number;
  endMs: number;
}

export interface LedgerRecord {
  v: typeof LEDGER_VERSION;
  id: string;
  /** Links the attempts of one task (retries, escalation, fallback). */
  taskId: string;
  /** 0 for the first attempt of a task. */
  attempt: number;
  /** ISO 8601 start time. */
  time: string;
  kind: TaskKind;
  lane: LaneId;
  provider: string;
  model: string;
  reason: string;
  outcome: LedgerOutcome;
  timings: LedgerTimings;
  /** `input` includes `cached`; `output` includes `reasoning`. */
  tokens: TokenUsage;
  costNanos: number;
  estimateNanos: number;
  /**
   * The other lane's model priced on this attempt's reported usage (same tokens, other price).
   * Records written before that rule hold the other lane's typical-output estimate instead.
   */
  counterfactualNanos: number;
  language?: string;
  /** Workspace-relative, forward slashes. */
  file?: string;
  /** The workspace folder's name that `file` is relative to; written only when the workspace has more than one. */
  folder?: string;
  /** Legacy (read only): a completion served from the prefix cache; now a `shown` event with `fromCache`. */
  cacheHit?: boolean;
  /** Legacy (read only): an acceptance written as its own record; now an `accepted` event. */
  accepted?: boolean;
  /** Produced against the emulator or a dry run, not a real provider. */
  simulated?: boolean;
  /** Why the attempt was rejected or failed, in words safe to show (never code or keys). */
  note?: string;
  /** AST transforms: files the one model call's spec was run on and changed. */
  filesTouched?: number;
  /** Credentials the egress gate redacted from this attempt's prompt (a count, never the values). */
  redactions?: number;
  /** Only when the debug setting is on: the user's code and the model's answer. */
  debug?: { prompt: string; output: string };
  /** Agent requests: the tool calls this attempt made, and how many were malformed (never shown to the caller). */
  toolCalls?: ToolCallCounts;
  /** Agent requests: the conversation's features the request was routed on, and the step the router saw. */
  agent?: AgentFeatures & { step: AgentStep };
  /** How the task's first lane was chosen (routing-types.ts); the statistics learn per `routing.shape`. */
  routing?: RoutingNote;
  /** Set when the attempt went by another wire protocol than its lane's: `openai-fim` for a fill-in-the-middle completion. */
  protocol?: Protocol;
  /** Set when no price table priced the model (pricing.ts PriceBasis); absent (older records too): priced. */
  priceBasis?: PriceBasis;
  /** What the gateway said the attempt cost (LiteLLM's `x-litellm-response-cost`), beside our own `costNanos`. */
  gatewayCostNanos?: number;
}

/** One line of the ledger: a request record, or an event record (`type: 'event'`). */
export type LedgerEntry = LedgerRecord | LedgerEvent;

export function isEvent(e: LedgerEntry): e is LedgerEvent {
  return (e as { type?: unknown }).type === 'event';
}

export type ParseResult = { ok: true; record: LedgerEntry } | { ok: false; error: string };

/** Records serialise with `v` first, so a line always starts with this (used to recover glued lines). */
export const RECORD_PREFIX = `{"v":${LEDGER_VERSION},`;

export function serializeRecord(r: LedgerEntry): string {
  const problem = validateEntry(r);
  if (problem) throw new Error(`invalid ledger record: ${problem}`);
  // Fixed key order: `v` first.
  const { v, ...rest } = r;
  return JSON.stringify({ v, ...rest }) + '\n';
}

export function parseRecordLine(line: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const problem = validateEntry(value);
  return problem ? { ok: false, error: problem } : { ok: true, record: upgradeLegacy(value as LedgerEntry) };
}

/** Either kind of line; the first problem found, or undefined when valid. */
export function validateEntry(value: unknown): string | undefined {
  return isObject(value) && value.type === 'event' ? validateEvent(value) : validateRecord(value);
}

/**
 * Lines written before events existed: a cache hit or an acceptance was a zero-cost record of its
 * own. They read as the events they were (with no request to point at), so nothing counts twice.
 */
export function upgradeLegacy(e: LedgerEntry): LedgerEntry {
  if (isEvent(e) || !(e.cacheHit || e.accepted) || e.tokens.input !== 0 || e.tokens.output !== 0) return e;
  const event: LedgerEvent = {
    v: LEDGER_VERSION, type: 'event', id: e.id, time: e.time, event: e.accepted ? 'accepted' : 'shown',
    taskId: e.taskId, kind: e.kind,
    ...(e.cacheHit ? { fromCache: true } : {}),
    ...(e.cacheHit && !e.accepted ? { ms: e.timings.endMs } : {}),
    ...(e.simulated ? { simulated: true } : {}),
    ...(e.file ? { file: e.file } : {}),
  };
  return event;
}

/** Returns the first problem found, or undefined when the value is a valid record. */
export function validateRecord(value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object';
  const r = value;
  if (r.v !== LEDGER_VERSION) return `unknown version ${String(r.v)}`;
  for (const k of ['id', 'taskId', 'provider', 'model', 'reason'] as const) {
    if (typeof r[k] !== 'string') return `${k} must be a string`;
  }
  if ((r.id as string).length === 0 || (r.taskId as string).length === 0) return 'id and taskId must be non-empty';
  if (!isCount(r.attempt)) return 'attempt must be a non-negative integer';
  if (typeof r.time !== 'string' || !ISO_TIME.test(r.time) || Number.isNaN(Date.parse(r.time))) return 'time must be ISO 8601';
  if (!TASK_KINDS.includes(r.kind as TaskKind)) return 'unknown kind';
  if (!LANES.includes(r.lane as LaneId)) return 'unknown lane';
  if (!isOutcome(r.outcome)) return 'unknown outcome';
  const t = r.timings;
  if (!isObject(t)) return 'timings missing';
  for (const k of ['queuedMs', 'sentMs', 'firstTokenMs'] as const) {
    if (t[k] !== undefined && !isDuration(t[k])) return `timings.${k} must be a non-negative number`;
  }
  if (!isDuration(t.endMs)) return 'timings.endMs must be a non-negative number';
  if (typeof t.firstTokenMs === 'number' && t.firstTokenMs > (t.endMs as number)) return 'first token after end';
  const tok = r.tokens;
  if (!isObject(tok)) return 'tokens missing';
  for (const k of ['input', 'cached', 'output', 'reasoning'] as const) {
    if (!isCount(tok[k])) return `tokens.${k} must be a non-negative integer`;
  }
  if ((tok.cached as number) > (tok.input as number)) return 'cached tokens exceed input';
  if ((tok.reasoning as number) > (tok.output as number)) return 'reasoning tokens exceed output';
  for (const k of ['costNanos', 'estimateNanos', 'counterfactualNanos'] as const) {
    if (!isCount(r[k])) return `${k} must be a non-negative integer`;
  }
  if (r.language !== undefined && typeof r.language !== 'string') return 'language must be a string';
  if (r.file !== undefined && !isWorkspaceRelative(r.file)) return 'file must be a workspace-relative path';
  if (r.folder !== undefined && !isFolderName(r.folder)) return 'folder must be a workspace folder name';
  for (const k of ['cacheHit', 'accepted', 'simulated'] as const) {
    if (r[k] !== undefined && typeof r[k] !== 'boolean') return `${k} must be a boolean`;
  }
  if (r.note !== undefined && typeof r.note !== 'string') return 'note must be a string';
  if (r.protocol !== undefined && typeof r.protocol !== 'string') return 'protocol must be a string';
  if (r.filesTouched !== undefined && !isCount(r.filesTouched)) return 'filesTouched must be a non-negative integer';
  if (r.redactions !== undefined && !isCount(r.redactions)) return 'redactions must be a non-negative integer';
  if (r.toolCalls !== undefined) {
    if (!isObject(r.toolCalls) || !isCount(r.toolCalls.made) || !isCount(r.toolCalls.malformed)) return 'toolCalls must hold made and malformed counts';
    if (r.toolCalls.malformed > r.toolCalls.made) return 'more malformed tool calls than calls';
  }
  if (r.agent !== undefined && (!isObject(r.agent) || !isCount(r.agent.turn) || (r.agent.step !== 'think' && r.agent.step !== 'act'))) {
    return 'agent must hold a turn and a step';
  }
  if (r.routing !== undefined) {
    const problem = routingProblem(r.routing);
    if (problem) return `routing: ${problem}`;
  }
  if (r.priceBasis !== undefined && !PRICE_BASES.includes(r.priceBasis as PriceBasis)) return 'unknown priceBasis';
  if (r.gatewayCostNanos !== undefined && !isCount(r.gatewayCostNanos)) return 'gatewayCostNanos must be a non-negative integer';
  if (r.debug !== undefined) {
    if (!isObject(r.debug) || typeof r.debug.prompt !== 'string' || typeof r.debug.output !== 'string') {
      return 'debug must hold prompt and output strings';
    }
  }
  return undefined;
}

export function isErrorOutcome(o: LedgerOutcome): o is `error:${LedgerErrorKind}` {
  return o.startsWith('error:');
}

function isOutcome(v: unknown): v is LedgerOutcome {
  if (typeof v !== 'string') return false;
  if (PLAIN_OUTCOMES.includes(v)) return true;
  return v.startsWith('error:') && (ERROR_KINDS as readonly string[]).includes(v.slice(6));
}

function routingProblem(n: unknown): string | undefined {
  if (!isObject(n)) return 'not an object';
  if (typeof n.shape !== 'string' || n.shape.length === 0 || n.shape.length > 200) return 'shape must be a short string';
  if (!LANES.includes(n.staticLane as LaneId)) return 'unknown staticLane';
  if (!(ROUTING_BASES as readonly unknown[]).includes(n.basis)) return 'unknown basis';
  if (n.fast !== undefined && (!isObject(n.fast) || !isDuration(n.fast.ok) || !isDuration(n.fast.n))) return 'fast must hold ok and n';
  if (n.expected !== undefined) {
    const e = n.expected;
    const fig = (f: unknown) => isObject(f) && isDuration(f.costNanos) && isDuration(f.ms);
    if (!isObject(e) || !fig(e.fastFirst) || !fig(e.deep)) return 'expected must hold fastFirst and deep figures';
  }
  return undefined;
}

/** A workspace folder's name as the ledger keeps it: short, one line, no control characters. */
export function isFolderName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 200 && ![...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/** How the panel names a file: `api › src/x.ts` when the record says which folder. */
export function fileLabel(r: { file?: string; folder?: string }): string | undefined {
  return r.file && r.folder ? `${r.folder} › ${r.file}` : r.file;
}
