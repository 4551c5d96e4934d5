// Completions and the adaptive debounce: seeded typing bursts in six languages, one of
// them (Markdown prose) where ghost text is rarely taken. A pause at least as long as
// the debounce sends a request (routed by the real route(), so its record carries the
// completion's routing note); the ghost text shows if the pause outlasts the debounce
// plus the fast lane's answer time; a shown completion is accepted at the language's
// rate. The statistics learn shown/accepted per shape from those records and events,
// and the debounce for each pause comes from the policy's function on the shape's
// figures; a fixed-debounce run on the same keystrokes is the baseline.
import { CLOSED_BREAKER } from '../../src/core/policy-breaker.ts';
import { EMPTY_BUDGET } from '../../src/core/policy-budget.ts';
import type { PolicyConfig } from '../../src/core/policy-config.ts';
import { route } from '../../src/core/policy.ts';
import { shapeOf } from '../../src/core/routing-shape.ts';
import type { ShapeFigures } from '../../src/core/routing-types.ts';
import type { PriceFn } from '../../src/core/task.ts';
import { attemptRecord } from '../../src/pipeline/request-record.ts';
import { unit } from '../agent/draw.ts';
import { Timeline, type Learner } from './harness.ts';
import { logNormal, weighted, workingTime } from './population.ts';

/** Share of shown completions accepted, per language (Markdown: prose, rarely taken). */
export const ACCEPTANCE: Readonly<Record<string, number>> = {
  typescript: 0.3, python: 0.28, go: 0.25, java: 0.24, rust: 0.2, markdown: 0.04,
};
/** Share of typing bursts per language. */
const BURSTS: readonly (readonly [string, number])[] = [
  ['typescript', 0.34], ['python', 0.24], ['go', 0.1], ['rust', 0.08], ['java', 0.08], ['markdown', 0.16],
];
export const GAPS_PER_BURST = 50;
/** Gaps between keystrokes: typing in flow, or a pause to think or read. */
const FLOW = { median: 110, sigma: 0.45 };
const PAUSE = { median: 900, sigma: 0.9, share: 0.18 };
/** What a completion request bills: Continue's 1,024-token prompt, a 32-token answer; a request cut off by typing bills its prompt. */
const PROMPT_TOKENS = 1024;
const ANSWER_TOKENS = 32;

export type DebounceFn = (figures: ShapeFigures | undefined, baseMs: number) => number;

export interface LanguageFigures {
  language: string;
  acceptance: number;
  gaps: number;
  requests: number;
  shown: number;
  accepted: number;
  costUsd: number;
  /** The debounce in force at the end of the run. */
  finalDebounceMs: number;
}

export interface CompletionOptions {
  seed: number;
  bursts: number;
  cfg: PolicyConfig;
  price: PriceFn;
  baseMs: number;
  /** The adaptive debounce and the statistics it reads; absent, the debounce is fixed at baseMs. */
  adaptive?: { debounce: DebounceFn; learner: Learner };
}

interface Burst { language: string; startMs: number; n: number }

function bursts(seed: number, count: number): Burst[] {
  const out = Array.from({ length: count }, (_, n) => ({
    language: weighted(seed, BURSTS, 'burst', n, 'language'), startMs: workingTime(seed, 'burst', n), n,
  }));
  return out.sort((a, b) => a.startMs - b.startMs);
}

export function simulateCompletions(o: CompletionOptions): LanguageFigures[] {
  const timeline = new Timeline(o.adaptive?.learner);
  const figures = new Map<string, LanguageFigures>();
  const lane = o.cfg.lanes.fast;
  for (const b of bursts(o.seed, o.bursts)) {
    const shape = shapeOf({ kind: 'completion', language: b.language, inputTokens: 0 }).key;
    const f = figures.get(b.language) ?? { language: b.language, acceptance: ACCEPTANCE[b.language]!, gaps: 0, requests: 0, shown: 0, accepted: 0, costUsd: 0, finalDebounceMs: o.baseMs };
    figures.set(b.language, f);
    let t = b.startMs;
    for (let g = 0; g < GAPS_PER_BURST; g++) {
      timeline.flush(t);
      const key = ['gap', b.n, g] as const;
      const pause = unit(o.seed, ...key, 'pause') < PAUSE.share;
      const gap = logNormal(o.seed, pause ? PAUSE.median : FLOW.median, pause ? PAUSE.sigma : FLOW.sigma, ...key);
      const debounce = o.adaptive ? o.adaptive.debounce(o.adaptive.learner.figures(shape, t), o.baseMs) : o.baseMs;
      f.gaps++;
      f.finalDebounceMs = debounce;
      if (gap >= debounce) {
        const sentMs = t + debounce;
        const answerMs = lane.firstTokenMs * logNormal(o.seed, 1, 0.25, ...key, 'ms') + (ANSWER_TOKENS / lane.tokensPerSecond) * 1000;
        const shown = gap >= debounce + answerMs;
        const accepted = shown && unit(o.seed, ...key, 'accept') < f.acceptance;
        const taskId = `c${b.n}-${g}`;
        const decided = route({ taskId, kind: 'completion', inputTokens: PROMPT_TOKENS, language: b.language }, { nowMs: sentMs, budget: EMPTY_BUDGET, breakers: { fast: CLOSED_BREAKER, deep: CLOSED_BREAKER } }, o.cfg, o.price);
        if (decided.type === 'blocked') throw new Error(`a completion was blocked: ${decided.reason}`);
        const endMs = Math.round(shown ? answerMs : gap - debounce);
        const usage = { input: PROMPT_TOKENS, cachedInput: 0, output: shown ? ANSWER_TOKENS : 0, reasoning: 0 };
        const record = attemptRecord({ taskId, kind: 'completion', language: b.language, simulated: true }, {
          id: taskId, attempt: 0, startedAt: new Date(sentMs), decision: decided, provider: lane.provider, queuedMs: 0, price: o.price,
          outcome: { output: '', toolCalls: [], usage, timing: { start: 0, end: endMs } },
        });
        const note = decided.routing ?? { shape, staticLane: 'fast' as const, basis: 'static' as const };
        timeline.add(sentMs + endMs, { ...record, routing: note, outcome: shown ? 'ok' : 'cancelled' });
        const event = (what: 'shown' | 'accepted', atMs: number) => timeline.add(atMs, {
          v: 1, type: 'event', id: `${taskId}-${what}`, time: new Date(atMs).toISOString(), event: what, taskId, requestId: taskId, kind: 'completion', simulated: true,
        });
        if (shown) event('shown', Math.round(sentMs + answerMs));
        if (accepted) event('accepted', Math.round(t + gap));
        f.requests++;
        f.shown += shown ? 1 : 0;
        f.accepted += accepted ? 1 : 0;
        f.costUsd += record.costNanos / 1e9;
      }
      t += Math.round(gap);
    }
  }
  timeline.flush(Number.POSITIVE_INFINITY);
  return [...figures.values()].map((f) => ({ ...f, costUsd: Math.round(f.costUsd * 1e4) / 1e4 })).sort((a, b) => b.gaps - a.gaps);
}
