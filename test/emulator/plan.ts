// Decides what one request gets: the text, its pieces, exact usage, pacing and
// any fault, from the scripted entry (if any) and the model's defaults.
import { defaultText, exampleFor } from './default-reply.ts';
import type { ParsedRequest } from './parse-request.ts';
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

export interface Plan {
  readonly text: string;
  readonly pieces: readonly string[];
  readonly usage: UsageCounts;
  readonly finish: 'stop' | 'length';
  /** Infinity when instant. */
  readonly tokensPerSecond: number;
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
  return p.protocol === 'chat' ? 0 : REASONING.medium;
}

function replyText(p: ParsedRequest, entry: ScriptedReply | undefined, opts: EmulatorOptions): string {
  if (entry?.text !== undefined) return entry.text;
  if (entry?.json !== undefined) return JSON.stringify(entry.json);
  if (p.schema !== undefined) return JSON.stringify(exampleFor(p.schema) ?? {});
  return defaultText(p.model, p.texts.join('\n'), opts.defaultReplyTokens ?? 48);
}

export function planReply(p: ParsedRequest, entry: ScriptedReply | undefined, opts: EmulatorOptions): Plan {
  let text = replyText(p, entry, opts);
  if (entry?.fault?.kind === 'malformed_json') text = text.length > 1 ? text.slice(0, -1) : '{';
  let reasoning = entry?.reasoningTokens ?? defaultReasoning(p);
  let pieces = splitPieces(text);
  let finish: 'stop' | 'length' = 'stop';
  const max = p.maxOutputTokens;
  if (max !== undefined && reasoning + countTokens(text) > max) {
    finish = 'length';
    reasoning = Math.min(reasoning, max);
    const budget = max - reasoning;
    const kept: string[] = [];
    let used = 0;
    for (const piece of pieces) {
      used += countTokens(piece);
      if (used > budget) break;
      kept.push(piece);
    }
    pieces = kept;
    text = kept.join('');
  }
  const schemaTokens = p.schema !== undefined ? countTokens(JSON.stringify(p.schema)) : 0;
  // ~3 tokens of framing per message plus 3 for the reply primer, as chat formats do.
  const input = p.texts.reduce((n, t) => n + countTokens(t), 0) + schemaTokens + 3 * p.messageCount + 3;
  const usage: UsageCounts = { input, cached: Math.min(entry?.cachedTokens ?? 0, input), output: countTokens(text), reasoning };

  const pace = paceFor(p.model, opts.models);
  const mult = opts.rateMultiplier ?? 1;
  const rate = opts.instant ? Infinity : (entry?.tokensPerSecond ?? pace.tokensPerSecond) * mult;
  const firstTokenMs = opts.instant ? 0 : (entry?.firstTokenMs ?? pace.firstTokenMs) / mult + (reasoning / rate) * 1000;
  return {
    text,
    pieces,
    usage,
    finish,
    tokensPerSecond: rate,
    firstTokenMs,
    firstByteDelayMs: entry?.firstByteDelayMs ?? 0,
    ...(entry?.fault ? { fault: entry.fault } : {}),
  };
}
