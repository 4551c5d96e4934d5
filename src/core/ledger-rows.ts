// Ledger records in the compact form the usage panel's host sends and its
// webview decodes: a flat number array, ROW_STRIDE numbers per record, with every
// string replaced by its index in a string table that grows over the session
// (each chunk carries only the strings the webview has not seen). 100,000 records
// clone in a few tens of milliseconds this way; objects do not.
import type { AgentFeatures, AgentStep, ToolCallCounts } from './agent-features.ts';
import { EVENT_KINDS, fileLabel, type LedgerEvent, type LedgerRecord } from './ledger-record.ts';
import { formatUsd, formatUsdExact } from './money.ts';
import { costsDiffer, PRICE_BASES, PRICE_UNKNOWN_TEXT, type PriceBasis } from './pricing.ts';
import type { RequestState, StateEvent } from './ledger-state.ts';
import { ROUTING_BASES, type RoutingNote } from './routing-types.ts';
import { TASK_KINDS } from './task.ts';

// The webview may import only the panel modules (lint), so these travel with the rows.
export { isBlockOutcome } from './ledger-record.ts';
export { StateIndex, stateLabel, type RequestState, type StateEvent } from './ledger-state.ts';

export const PANEL_KINDS = TASK_KINDS;
export const PANEL_LANES = ['fast', 'deep'] as const;
export type PanelKind = (typeof PANEL_KINDS)[number];

const KIND_LABELS: Record<PanelKind, string> = { completion: 'Completion', quickEdit: 'Quick edit', refactor: 'Refactor', astTransform: 'AST transform', agent: 'Agent' };
/** A task kind in words, as the panel and the meter show it. */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind as PanelKind] ?? kind;
}
export type PanelLane = (typeof PANEL_LANES)[number];

/** A chunk of records (or events) in compact form. */
export interface RecordChunk {
  /** Strings to append to the webview's table before decoding `rows`. */
  strings: string[];
  rows: number[];
}

// Field offsets within one compact row. -1 marks "absent" for optional numbers and strings.
export const F = {
  time: 0, kind: 1, lane: 2, provider: 3, model: 4, reason: 5, outcome: 6,
  queuedMs: 7, sentMs: 8, firstTokenMs: 9, endMs: 10,
  tokIn: 11, tokCached: 12, tokOut: 13, tokReasoning: 14,
  cost: 15, estimate: 16, counterfactual: 17, flags: 18,
  id: 19, taskId: 20, attempt: 21, note: 22, file: 23, language: 24,
  toolsMade: 25, toolsMalformed: 26, agent: 27, routing: 28, gatewayCost: 29,
} as const;
export const ROW_STRIDE = 30;
export const FLAG_SIMULATED = 1;
export const FLAG_CACHE_HIT = 2;
export const FLAG_ACCEPTED = 4;
// The record's price basis (pricing.ts), one bit each; none set: priced from a table.
const BASIS_FLAGS: Readonly<Record<PriceBasis, number>> = { local: 8, gateway: 16, unknown: 32 };

// Event records travel as their own small rows: what the panel needs to give a request its final state.
export const E = { time: 0, event: 1, requestId: 2, taskId: 3, files: 4 } as const;
export const EVENT_STRIDE = 5;

/** Host side: interns strings across chunks of one session. */
export class RecordEncoder {
  private readonly index = new Map<string, number>();
  private pending: string[] = [];

  private str(s: string | undefined): number {
    if (s === undefined) return -1;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(s, i);
      this.pending.push(s);
    }
    return i;
  }

  encode(records: readonly LedgerRecord[]): RecordChunk {
    const rows = new Array<number>(records.length * ROW_STRIDE);
    let o = 0;
    for (const r of records) {
      const t = r.timings;
      rows[o + F.time] = Date.parse(r.time);
      rows[o + F.kind] = PANEL_KINDS.indexOf(r.kind);
      rows[o + F.lane] = PANEL_LANES.indexOf(r.lane);
      rows[o + F.provider] = this.str(r.provider);
      rows[o + F.model] = this.str(r.model);
      rows[o + F.reason] = this.str(r.reason);
      rows[o + F.outcome] = this.str(r.outcome);
      rows[o + F.queuedMs] = t.queuedMs ?? -1;
      rows[o + F.sentMs] = t.sentMs ?? -1;
      rows[o + F.firstTokenMs] = t.firstTokenMs ?? -1;
      rows[o + F.endMs] = t.endMs;
      rows[o + F.tokIn] = r.tokens.input;
      rows[o + F.tokCached] = r.tokens.cached;
      rows[o + F.tokOut] = r.tokens.output;
      rows[o + F.tokReasoning] = r.tokens.reasoning;
      rows[o + F.cost] = r.costNanos;
      rows[o + F.estimate] = r.estimateNanos;
      rows[o + F.counterfactual] = r.counterfactualNanos;
      rows[o + F.flags] = (r.simulated ? FLAG_SIMULATED : 0) | (r.cacheHit ? FLAG_CACHE_HIT : 0) | (r.accepted ? FLAG_ACCEPTED : 0)
        | (r.priceBasis ? BASIS_FLAGS[r.priceBasis] : 0);
      rows[o + F.gatewayCost] = r.gatewayCostNanos ?? -1;
      rows[o + F.id] = this.str(r.id);
      rows[o + F.taskId] = this.str(r.taskId);
      rows[o + F.attempt] = r.attempt;
      rows[o + F.note] = this.str(r.note);
      rows[o + F.file] = this.str(fileLabel(r));
      rows[o + F.language] = this.str(r.language);
      rows[o + F.toolsMade] = r.toolCalls?.made ?? -1;
      rows[o + F.toolsMalformed] = r.toolCalls?.malformed ?? -1;
      // Agent features travel whole (JSON), so fields the router adds later reach the details too.
      rows[o + F.agent] = this.str(r.agent ? JSON.stringify(r.agent) : undefined);
      // The routing note too (the details show its figures); most tasks of a shape share few distinct notes.
      rows[o + F.routing] = this.str(r.routing ? JSON.stringify(r.routing) : undefined);
      o += ROW_STRIDE;
    }
    return this.flush(rows);
  }

  encodeEvents(events: readonly LedgerEvent[]): RecordChunk {
    const rows = new Array<number>(events.length * EVENT_STRIDE);
    let o = 0;
    for (const e of events) {
      rows[o + E.time] = Date.parse(e.time);
      rows[o + E.event] = EVENT_KINDS.indexOf(e.event);
      rows[o + E.requestId] = this.str(e.requestId);
      rows[o + E.taskId] = this.str(e.taskId);
      rows[o + E.files] = e.files ? e.files.length : -1;
      o += EVENT_STRIDE;
    }
    return this.flush(rows);
  }

  private flush(rows: number[]): RecordChunk {
    const strings = this.pending;
    this.pending = [];
    return { strings, rows };
  }
}

/** Webview side: appends a chunk's strings to `table` and decodes its events. */
export function decodeEvents(chunk: RecordChunk, table: string[]): StateEvent[] {
  for (const s of chunk.strings) table.push(s);
  const out: StateEvent[] = [];
  const rows = chunk.rows;
  for (let o = 0; o + EVENT_STRIDE <= rows.length; o += EVENT_STRIDE) {
    const event = EVENT_KINDS[rows[o + E.event]!];
    if (!event) continue;
    const requestId = rows[o + E.requestId]!;
    const files = rows[o + E.files]!;
    out.push({
      event, time: rows[o + E.time]!, taskId: table[rows[o + E.taskId]!] ?? '',
      ...(requestId >= 0 ? { requestId: table[requestId] } : {}),
      ...(files >= 0 ? { files } : {}),
    });
  }
  return out;
}

/** An agent request's features as the record holds them, and the step the router chose. */
export type PanelAgent = AgentFeatures & { step: AgentStep };

/** The features from their JSON, or undefined when they are not the shape the details read. */
export function parseAgent(json: string | undefined): PanelAgent | undefined {
  if (json === undefined) return undefined;
  try {
    const a = JSON.parse(json) as Partial<PanelAgent> | null;
    return a && typeof a === 'object' && typeof a.turn === 'number' && (a.step === 'think' || a.step === 'act') ? a as PanelAgent : undefined;
  } catch {
    return undefined;
  }
}

/** A routing note from its JSON, or undefined when it is not one the details can read. */
export function parseRouting(json: string | undefined): RoutingNote | undefined {
  if (json === undefined) return undefined;
  try {
    const n = JSON.parse(json) as Partial<RoutingNote> | null;
    return n && typeof n === 'object' && typeof n.shape === 'string' && (n.staticLane === 'fast' || n.staticLane === 'deep')
      && (ROUTING_BASES as readonly unknown[]).includes(n.basis) ? n as RoutingNote : undefined;
  } catch {
    return undefined;
  }
}

/** One record as the webview sees it (decoded once; the table renders from these). */
export interface PanelRow {
  time: number;
  kind: PanelKind;
  lane: PanelLane;
  provider: string;
  model: string;
  reason: string;
  outcome: string;
  queuedMs?: number;
  sentMs?: number;
  firstTokenMs?: number;
  endMs: number;
  tokens: { input: number; cached: number; output: number; reasoning: number };
  costNanos: number;
  estimateNanos: number;
  counterfactualNanos: number;
  simulated: boolean;
  cacheHit: boolean;
  accepted: boolean;
  id: string;
  taskId: string;
  attempt: number;
  note?: string;
  /** The file as the panel shows it: `api › src/x.ts` in a multi-root workspace. */
  file?: string;
  language?: string;
  /** Agent requests: the tool calls the attempt made, and how many were malformed. */
  toolCalls?: ToolCallCounts;
  /** Agent requests: the conversation's features the request was routed on. */
  agent?: PanelAgent;
  /** How the task's first lane was chosen: shape, basis and the figures compared (routed tasks only). */
  routing?: RoutingNote;
  /** What became of the answer, from the events (set by the webview as they arrive). */
  state?: RequestState;
  /** Set when no price table priced the model: local ($0), the gateway's figure, or unknown. */
  priceBasis?: PriceBasis;
  /** What the gateway said the attempt cost, beside ours. */
  gatewayCostNanos?: number;
}

/** The cost as the panel's table shows it: unknown is never shown as a price. */
export function costWords(r: Pick<PanelRow, 'costNanos' | 'priceBasis'>): string {
  if (r.priceBasis === 'unknown') return PRICE_UNKNOWN_TEXT;
  if (r.priceBasis === 'local') return `${formatUsd(r.costNanos)} · local`;
  if (r.priceBasis === 'gateway') return `${formatUsd(r.costNanos)} · gateway's`;
  return formatUsd(r.costNanos);
}

/** A gateway's figure more than 1% away from ours, in words with both figures; undefined when none or close. */
export function gatewayDifference(r: Pick<PanelRow, 'costNanos' | 'priceBasis' | 'gatewayCostNanos'>): string | undefined {
  const theirs = r.gatewayCostNanos;
  if (theirs === undefined || r.priceBasis !== undefined || !costsDiffer(r.costNanos, theirs)) return undefined;
  const pct = r.costNanos > 0 ? ` (${theirs > r.costNanos ? '+' : ''}${(((theirs - r.costNanos) / r.costNanos) * 100).toFixed(1)}%)` : '';
  return `The gateway reported ${formatUsdExact(theirs)}${pct}; Switchyard's price gives ${formatUsdExact(r.costNanos)}.`;
}

function basisOf(flags: number): { priceBasis?: PriceBasis } {
  for (const basis of PRICE_BASES) if (flags & BASIS_FLAGS[basis]) return { priceBasis: basis };
  return {};
}

/** Webview side: appends a chunk's strings to `table` and decodes its rows. */
export function decodeChunk(chunk: RecordChunk, table: string[]): PanelRow[] {
  for (const s of chunk.strings) table.push(s);
  const opt = (v: number) => (v < 0 ? undefined : v);
  const str = (v: number) => (v < 0 ? undefined : table[v]);
  const out: PanelRow[] = [];
  const rows = chunk.rows;
  for (let o = 0; o + ROW_STRIDE <= rows.length; o += ROW_STRIDE) {
    const flags = rows[o + F.flags]!;
    const made = rows[o + F.toolsMade]!;
    const agent = parseAgent(str(rows[o + F.agent]!));
    const routing = parseRouting(str(rows[o + F.routing]!));
    out.push({
      time: rows[o + F.time]!,
      kind: PANEL_KINDS[rows[o + F.kind]!] ?? 'completion',
      lane: PANEL_LANES[rows[o + F.lane]!] ?? 'fast',
      provider: table[rows[o + F.provider]!] ?? '',
      model: table[rows[o + F.model]!] ?? '',
      reason: table[rows[o + F.reason]!] ?? '',
      outcome: table[rows[o + F.outcome]!] ?? '',
      queuedMs: opt(rows[o + F.queuedMs]!),
      sentMs: opt(rows[o + F.sentMs]!),
      firstTokenMs: opt(rows[o + F.firstTokenMs]!),
      endMs: rows[o + F.endMs]!,
      tokens: { input: rows[o + F.tokIn]!, cached: rows[o + F.tokCached]!, output: rows[o + F.tokOut]!, reasoning: rows[o + F.tokReasoning]! },
      costNanos: rows[o + F.cost]!,
      estimateNanos: rows[o + F.estimate]!,
      counterfactualNanos: rows[o + F.counterfactual]!,
      simulated: (flags & FLAG_SIMULATED) !== 0,
      cacheHit: (flags & FLAG_CACHE_HIT) !== 0,
      accepted: (flags & FLAG_ACCEPTED) !== 0,
      id: table[rows[o + F.id]!] ?? '',
      taskId: table[rows[o + F.taskId]!] ?? '',
      attempt: rows[o + F.attempt]!,
      note: str(rows[o + F.note]!),
      file: str(rows[o + F.file]!),
      language: str(rows[o + F.language]!),
      ...(made >= 0 ? { toolCalls: { made, malformed: rows[o + F.toolsMalformed]! } } : {}),
      ...(agent ? { agent } : {}),
      ...(routing ? { routing } : {}),
      ...basisOf(flags),
      ...(rows[o + F.gatewayCost]! >= 0 ? { gatewayCostNanos: rows[o + F.gatewayCost]! } : {}),
    });
  }
  return out;
}
