// Decides what one request gets: the text, its pieces, exact usage, pacing and
// any fault, from the scripted entry (if any) and the model's defaults.
import { defaultText, exampleFor } from './default-reply.ts';
import { cutAtStop } from './fim.ts';
import type { ParsedRequest } from './parse-request.ts';
import { malformedMessage, plannedCalls, type PlannedCall } from './plan-calls.ts';
import { countTokens, splitPieces } from './tokens.ts';
import type { EmulatorOptions, Fault, ModelPace, ScriptedReply, UsageCounts } from './types.ts';

/** Published speeds; first-token delays are typical observed values. */
export const DEFAULT_PACES: Readonly<Record<string, ModelPace>> = {
  'gemini-3.5-flash': { tokensPerSecond: 289, firstTokenMs: 350 },
  'gpt-5.5': { tokensPerSecond: 70, firstTokenMs: 900 },
};
const OTHER_PACE: ModelPace = { tokensPerSecond: 100, firstTokenMs: 300 };

// Reasoning tokens by requested effort, when nothing is scripted.
const REASONING: Record<string, number> = { none: 0, minimal: 0, low: 32, medium: 128, high: 512 };

/** The unit of pacing and of deltas: text, or a fragment of call `call`'s arguments (a Gemini call is one piece). */
export interface Piece {
  readonly text: string;
  readonly call?: number;
}

export type ReplyFinish = 'stop' | 'length' | 'malformed_call';

export interface Plan {
  readonly text: string;
  readonly pieces: readonly Piece[];
  readonly calls: readonly PlannedCall[];
  readonly usage: UsageCounts;
  /** `malformed_call`: Gemini could not parse a call the model wrote (`malformed` says how it reports it). */
  readonly finish: ReplyFinish;
  readonly malformed?: string;
  /** Infinity when instant. */
  readonly tokensPerSecond: number;
  /**
   * Output tokens out once piece i is sent: streams are paced by tokens, as the non-streamed wait is
   * (pieces are words and punctuation, fewer than tokens in code: paced by pieces, code streamed ~45% fast).
   */
  readonly tokensThrough: readonly number[];
  /** Delay after headers before the first delta, reasoning time included. */
  readonly firstTokenMs: number;
  readonly firstByteDelayMs: number;
  readonly fault?: Fault;
}

export function paceFor(model: string, models: EmulatorOptions['models']): ModelPace {
  const table = { ...DEFAULT_PACES, ...models };
  if (table[model]) return table[model];
  const family = Object.keys(table).find((id) => model.startsWith(`${id}-`));
  return family ? table[family] : OTHER_PACE;
}

function defaultReasoning(p: ParsedRequest): number {
  if (p.reasoning !== undefined) return REASONING[p.reasoning.toLowerCase()] ?? 0;
  return p.protocol === 'chat' || p.protocol === 'completions' ? 0 : REASONING.medium;
}

function replyText(p: ParsedRequest, entry: ScriptedReply | undefined, opts: EmulatorOptions, calls: readonly PlannedCall[]): string {
  if (entry?.text !== undefined) return entry.text;
  if (entry?.json !== undefined) return JSON.stringify(entry.json);
  // A reply that calls tools says nothing unless scripted to.
  if (entry?.toolCalls?.length || calls.length) return '';
  if (p.schema !== undefined) return JSON.stringify(exampleFor(p.schema) ?? {});
  return defaultText(p.model, p.texts.join('\n'), opts.defaultReplyTokens ?? 48);
}

const callTokens = (c: PlannedCall): number => countTokens(c.name) + countTokens(c.arguments);

export function planReply(p: ParsedRequest, entry: ScriptedReply | undefined, opts: EmulatorOptions, requestId = 0): Plan {
  let calls = plannedCalls(p, entry, requestId);
  // A server ends the text at the first stop sequence.
  let text = cutAtStop(replyText(p, entry, opts, calls), p.stop);
  if (entry?.fault?.kind === 'malformed_json') text = text.length > 1 ? text.slice(0, -1) : '{';
  let reasoning = entry?.reasoningTokens ?? defaultReasoning(p);
  let finish: ReplyFinish = 'stop';
  // Gemini cannot carry a call whose args are not an object: the whole response fails as MALFORMED_FUNCTION_CALL.
  const bad = calls.find((c) => p.protocol === 'gemini' && !c.args);
  const billedCalls = calls.reduce((n, c) => n + callTokens(c), 0);
  let malformed: string | undefined;
  if (bad) {
    finish = 'malformed_call';
    malformed = malformedMessage(bad);
    calls = [];
  }
  let pieces: Piece[] = [
    ...splitPieces(text).map((t) => ({ text: t })),
    ...calls.flatMap((c, call) => (p.protocol === 'gemini' ? [c.arguments] : splitPieces(c.arguments).length ? splitPieces(c.arguments) : ['']).map((t) => ({ text: t, call }))),
  ];
  const max = p.maxOutputTokens;
  if (max !== undefined && reasoning + countTokens(text) + calls.reduce((n, c) => n + callTokens(c), 0) > max) {
    finish = 'length';
    reasoning = Math.min(reasoning, max);
    const budget = max - reasoning;
    const kept: Piece[] = [];
    let used = 0;
    const named = new Set<number>();
    for (const piece of pieces) {
      used += countTokens(piece.text);
      if (piece.call !== undefined && !named.has(piece.call)) used += countTokens(calls[piece.call].name);
      if (used > budget) break;
      if (piece.call !== undefined) named.add(piece.call);
      kept.push(piece);
    }
    pieces = kept;
    text = kept.filter((x) => x.call === undefined).map((x) => x.text).join('');
    calls = calls.flatMap((c, i) => {
      const mine = kept.filter((x) => x.call === i);
      const args = mine.map((x) => x.text).join('');
      return mine.length ? [{ ...c, arguments: args, complete: args === c.arguments }] : [];
    });
  }
  const schemaTokens = p.schema !== undefined ? countTokens(JSON.stringify(p.schema)) : 0;
  // ~3 tokens of framing per message plus 3 for the reply primer, as chat formats do.
  const input = p.texts.reduce((n, t) => n + countTokens(t), 0) + schemaTokens + 3 * p.messageCount + 3;
  const output = countTokens(text) + (malformed ? billedCalls : calls.reduce((n, c) => n + callTokens(c), 0));
  const usage: UsageCounts = { input, cached: Math.min(entry?.cachedTokens ?? 0, input), output, reasoning };

  const pace = paceFor(p.model, opts.models);
  const mult = opts.rateMultiplier ?? 1;
  const rate = opts.instant ? Infinity : (entry?.tokensPerSecond ?? pace.tokensPerSecond) * mult;
  const firstTokenMs = opts.instant ? 0 : (entry?.firstTokenMs ?? pace.firstTokenMs) / mult + (reasoning / rate) * 1000;
  return {
    text,
    pieces,
    calls,
    usage,
    finish,
    ...(malformed ? { malformed } : {}),
    tokensPerSecond: rate,
    tokensThrough: tokensThrough(pieces, output),
    firstTokenMs,
    firstByteDelayMs: entry?.firstByteDelayMs ?? 0,
    ...(entry?.fault ? { fault: entry.fault } : {}),
  };
}

/** Cumulative tokens per piece, scaled so the last is the reply's output tokens (pieces counted alone round up). */
function tokensThrough(pieces: readonly Piece[], output: number): number[] {
  let sum = 0;
  const cumulative = pieces.map((p) => (sum += Math.max(1, countTokens(p.text))));
  const scale = sum > 0 && output > 0 ? output / sum : 1;
  return cumulative.map((c) => c * scale);
}

/** Consecutive pieces of the same text or call, joined: one delta each. */
export function runsOf(pieces: readonly Piece[]): Piece[] {
  const runs: Piece[] = [];
  for (const p of pieces) {
    const last = runs.at(-1);
    if (last && last.call === p.call) runs[runs.length - 1] = { ...last, text: last.text + p.text };
    else runs.push(p);
  }
  return runs;
}
