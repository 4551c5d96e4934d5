// A ledger request record as an OpenTelemetry GenAI client span: names and values per the
// GenAI semantic conventions, Switchyard's own under `switchyard.*`. Pure: the OTel SDK
// objects are built in otlp-sdk.ts, loaded only when export is on.
//
// What never leaves: the record's note (it may quote the model's answer), debug text
// (prompts, code), keys (never in a record), and the file path unless asked for.
import { createHash } from 'node:crypto';
import { isBlockOutcome, isErrorOutcome, type LedgerRecord } from '../core/ledger-record.ts';
import type { LaneId } from '../core/task.ts';

export type SpanValue = string | number | boolean | string[];

export interface SpanSpec {
  name: string;
  /** 32 hex digits, from the task id: every attempt of a task is one trace. */
  traceId: string;
  /** 16 hex digits, from the record id: a re-sent record is recognisably the same span. */
  spanId: string;
  startMs: number;
  endMs: number;
  error: boolean;
  attributes: Record<string, SpanValue>;
}

export interface SpanOptions {
  includeFile?: boolean;
  /**
   * The provider name for a lane that talks to an OpenAI-compatible gateway or local server
   * (the record says `openai-compatible`): the host of that lane's base URL, as configured now.
   */
  gatewayName?: (lane: LaneId) => string | undefined;
}

/** The GenAI operation each wire protocol performs. */
export function operationName(r: Pick<LedgerRecord, 'provider'> & { protocol?: string }): string {
  const p = r.protocol ?? r.provider;
  if (p === 'gemini') return 'generate_content';
  if (p.includes('fim')) return 'text_completion';
  return 'chat';
}

/** `openai` and `gcp.gemini` are the conventions' names; a gateway is named by its host. */
export function providerName(r: Pick<LedgerRecord, 'provider' | 'lane'>, opts: SpanOptions = {}): string {
  if (r.provider === 'gemini') return 'gcp.gemini';
  if (r.provider === 'openai') return 'openai';
  return opts.gatewayName?.(r.lane) ?? r.provider;
}

/** The host of a base URL (never its credentials or path), for `gatewayName`. */
export function hostOf(baseUrl: string): string | undefined {
  try {
    return baseUrl ? new URL(baseUrl).hostname || undefined : undefined;
  } catch {
    return undefined;
  }
}

const hex = (salt: string, id: string, digits: number) => createHash('sha256').update(`${salt}\0${id}`).digest('hex').slice(0, digits);
export const traceIdOf = (taskId: string) => hex('switchyard.trace', taskId, 32);
export const spanIdOf = (recordId: string) => hex('switchyard.span', recordId, 16);

const usd = (nanos: number) => nanos / 1e9;

/**
 * The span for a record that reached a provider, or undefined for a block: a block sent
 * nothing, so it is no GenAI call (it stays in the ledger and `switchyard usage`).
 */
export function recordToSpan(r: LedgerRecord, opts: SpanOptions = {}): SpanSpec | undefined {
  if (isBlockOutcome(r.outcome)) return undefined;
  const op = operationName(r);
  const t0 = Date.parse(r.time);
  const sent = r.timings.sentMs ?? 0;
  const error = isErrorOutcome(r.outcome);
  const a: Record<string, SpanValue> = {
    'gen_ai.operation.name': op,
    'gen_ai.provider.name': providerName(r, opts),
    'gen_ai.request.model': r.model,
    'gen_ai.usage.input_tokens': r.tokens.input,
    'gen_ai.usage.output_tokens': r.tokens.output,
    'gen_ai.usage.cache_read.input_tokens': r.tokens.cached,
    'gen_ai.usage.reasoning.output_tokens': r.tokens.reasoning,
    'gen_ai.usage.cost': usd(r.costNanos),
    'switchyard.record_id': r.id,
    'switchyard.task_id': r.taskId,
    'switchyard.attempt': r.attempt,
    'switchyard.lane': r.lane,
    'switchyard.task_kind': r.kind,
    'switchyard.reason': opts.includeFile || !r.file ? r.reason : r.reason.replaceAll(r.file, '(file)'),
    'switchyard.outcome': r.outcome,
    'switchyard.estimate_usd': usd(r.estimateNanos),
    'switchyard.other_lane_cost_usd': usd(r.counterfactualNanos),
  };
  if (!error) a['gen_ai.response.model'] = r.model;
  if (error) a['error.type'] = r.outcome.slice('error:'.length);
  if (r.timings.firstTokenMs !== undefined) a['gen_ai.response.time_to_first_chunk'] = Math.max(0, r.timings.firstTokenMs - sent) / 1000;
  if (sent > 0) a['switchyard.queued_ms'] = sent;
  if (r.routing) {
    a['switchyard.routing.basis'] = r.routing.basis;
    a['switchyard.routing.shape'] = r.routing.shape;
  }
  if (r.language) a['switchyard.language'] = r.language;
  if (r.simulated) a['switchyard.simulated'] = true;
  if (r.redactions) a['switchyard.redactions'] = r.redactions;
  if (r.filesTouched !== undefined) a['switchyard.files_touched'] = r.filesTouched;
  if (r.toolCalls) {
    a['switchyard.tool_calls.made'] = r.toolCalls.made;
    a['switchyard.tool_calls.malformed'] = r.toolCalls.malformed;
  }
  if (r.agent) {
    a['switchyard.agent.turn'] = r.agent.turn;
    a['switchyard.agent.step'] = r.agent.step;
  }
  if (opts.includeFile && r.file) a['code.file.path'] = r.file;
  return {
    name: `${op} ${r.model}`,
    traceId: traceIdOf(r.taskId),
    spanId: spanIdOf(r.id),
    startMs: t0 + sent,
    endMs: t0 + Math.max(sent, r.timings.endMs),
    error,
    attributes: a,
  };
}
