// The simulated population for the adaptive-routing benchmark (issue 17). One user's
// tasks over eight working weeks: quick edits, refactors, AST transforms and agent
// requests (act and think steps) in six languages and every size bucket shapeOf knows.
// Each shape has hidden per-lane success probabilities and a share of failures the
// validator catches; each task has the token usage either lane would bill. The figures
// below are the assumptions that drive the result; they were written from what the
// issue and the design say of the lanes, before the adaptive policy existed, and are
// never fitted to it. Every draw is a hash of the seed and a name (../agent/draw.ts).
import type { AgentStep } from '../../src/core/agent-features.ts';
import { shapeOf } from '../../src/core/routing-shape.ts';
import type { LaneId, TaskKind, TokenUsage } from '../../src/core/task.ts';
import { pick, unit } from '../agent/draw.ts';

export type RoutedKind = Exclude<TaskKind, 'completion'>;

/** What the replay never shows the router: how a shape really behaves. */
export interface ShapeTruth {
  key: string;
  label: string;
  kind: RoutedKind;
  /** Chance an attempt on the lane gives an answer the user keeps. */
  p: Readonly<Record<LaneId, number>>;
  /** Share of a lane's failures the validator catches (they escalate or retry); the rest only the user's rejection reveals. */
  caught: number;
}

export interface SimTask {
  id: string;
  /** Position in time order. */
  index: number;
  timeMs: number;
  shape: string;
  kind: RoutedKind;
  language: string;
  editLines?: number;
  fileCount?: number;
  step?: AgentStep;
  inputTokens: number;
  /** Prompt tokens a provider's cache serves (agent conversations only). */
  cachedTokens: number;
  /** What one attempt on each lane bills (output includes reasoning). */
  usage: Readonly<Record<LaneId, TokenUsage>>;
}

/** From `fromMs` on, the shape's fast lane succeeds with `fastP` (the shift experiment). */
export interface Shift {
  shape: string;
  fromMs: number;
  fastP: number;
}

export interface Population {
  seed: number;
  tasks: readonly SimTask[];
  shapes: ReadonlyMap<string, ShapeTruth>;
  shift?: Shift;
}

// --- Assumptions ------------------------------------------------------------------

export const LANGUAGES: readonly (readonly [string, number])[] = [
  ['typescript', 0.38], ['python', 0.27], ['go', 0.12], ['rust', 0.09], ['java', 0.08], ['javascript', 0.06],
];
/** Rust is harder for the fast model; TypeScript and Python are its home ground. */
const LANGUAGE_SHIFT: Readonly<Record<string, number>> = { typescript: 0.03, python: 0.03, javascript: 0.02, go: 0, java: 0, rust: -0.08 };

export const KIND_MIX: readonly (readonly [RoutedKind, number])[] = [['quickEdit', 0.45], ['agent', 0.35], ['refactor', 0.12], ['astTransform', 0.08]];
/** Share of agent requests that are think steps (a plan, a failure to diagnose, a loop). */
export const THINK_SHARE = 0.25;

/**
 * Success on the fast and the deep lane, by the size bucket's lower bound (shapeOf's
 * buckets). Quick edits fail more on the fast lane as they grow (the 60-line
 * Python edit fails two times in three); refactors fail fast with the files they span;
 * an AST transform is one small spec whatever the file count; agent think steps are
 * what the fast lane is bad at. The deep lane slips a little with size.
 */
const SUCCESS: Readonly<Record<string, Readonly<Record<string, readonly [fast: number, deep: number]>>>> = {
  quickEdit: { 0: [0.93, 0.98], 10: [0.88, 0.97], 20: [0.78, 0.96], 40: [0.5, 0.94], 80: [0.3, 0.92], 160: [0.15, 0.88] },
  refactor: { 0: [0.75, 0.96], 2: [0.55, 0.95], 4: [0.35, 0.92], 8: [0.2, 0.88], 16: [0.1, 0.84] },
  astTransform: { 0: [0.8, 0.95], 2: [0.75, 0.95], 4: [0.7, 0.94], 8: [0.6, 0.92], 16: [0.5, 0.9] },
  'agent|act': { 0: [0.92, 0.97], 4000: [0.88, 0.97], 16000: [0.78, 0.96], 64000: [0.6, 0.94] },
  'agent|think': { 0: [0.55, 0.93], 4000: [0.5, 0.92], 16000: [0.4, 0.9], 64000: [0.3, 0.88] },
};
/** Each shape's own luck: fast success +-12 points, deep +-3, around the tables. */
const FAST_NOISE = 0.12;
const DEEP_NOISE = 0.03;
/** Share of failures the validator catches, per kind (parse errors, a schema, a malformed tool call). */
const CAUGHT: Readonly<Record<RoutedKind, readonly [number, number]>> = {
  quickEdit: [0.5, 0.8], refactor: [0.6, 0.9], astTransform: [0.7, 0.9], agent: [0.6, 0.9],
};
/** Reasoning tokens as a share of visible output: GPT-5.5 at medium effort thinks; Flash at minimal barely does. */
const REASONING: Readonly<Record<string, Readonly<Record<LaneId, readonly [number, number]>>>> = {
  quickEdit: { fast: [0, 0.3], deep: [0.3, 1] },
  refactor: { fast: [0, 0.3], deep: [0.5, 1.5] },
  astTransform: { fast: [0, 0.3], deep: [0.5, 1.5] },
  'agent|act': { fast: [0, 0.3], deep: [0.2, 0.8] },
  'agent|think': { fast: [0, 0.3], deep: [0.8, 2] },
};
/** A working day: tasks fall between 09:00 and 18:00 UTC, Monday to Friday, from this Monday on. */
export const START_MS = Date.UTC(2026, 7, 3);
export const WEEKS = 8;
const DAY_MS = 86_400_000;

// --- Draws ------------------------------------------------------------------------

const between = (lo: number, hi: number, u: number): number => lo + (hi - lo) * u;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** A log-normal draw with this median and spread (Box-Muller on two seeded units). */
export function logNormal(seed: number, median: number, sigma: number, ...parts: readonly (string | number)[]): number {
  const u1 = Math.max(unit(seed, ...parts, 'ln1'), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * unit(seed, ...parts, 'ln2'));
  return median * Math.exp(sigma * z);
}

export function weighted<T>(seed: number, items: readonly (readonly [T, number])[], ...parts: readonly (string | number)[]): T {
  let u = unit(seed, ...parts) * items.reduce((s, [, w]) => s + w, 0);
  for (const [item, w] of items) {
    if ((u -= w) < 0) return item;
  }
  return items.at(-1)![0];
}

/** The table a shape reads: by kind, and by step for agent requests. */
const tableKey = (kind: RoutedKind, step?: AgentStep): string => (kind === 'agent' ? `agent|${step ?? 'act'}` : kind);

function successOf(kind: RoutedKind, step: AgentStep | undefined, key: string): readonly [number, number] {
  const size = key.split('|')[2] ?? '';
  const lo = size.split(/[-+]/)[0]!;
  const value = SUCCESS[tableKey(kind, step)]?.[lo];
  if (value === undefined) throw new Error(`the population has no figure for the size bucket of ${key}`);
  return value;
}

/** A shape's hidden truth, fixed by the seed and its key. */
export function shapeTruth(seed: number, key: string, label: string, kind: RoutedKind, language: string, step?: AgentStep): ShapeTruth {
  const noise = (spread: number, what: string) => between(-spread, spread, unit(seed, 'shape', key, what));
  const [fastP, deepP] = successOf(kind, step, key);
  const fast = clamp(fastP + (LANGUAGE_SHIFT[language] ?? 0) + noise(FAST_NOISE, 'fast'), 0.03, 0.97);
  const deep = clamp(deepP + noise(DEEP_NOISE, 'deep'), 0.5, 0.995);
  const [lo, hi] = CAUGHT[kind];
  return { key, label, kind, p: { fast, deep }, caught: between(lo, hi, unit(seed, 'shape', key, 'caught')) };
}

/** Visible output and prompt size of one task, by kind. */
function sizes(seed: number, id: string, kind: RoutedKind, step: AgentStep | undefined) {
  const u = (what: string) => unit(seed, id, what);
  switch (kind) {
    case 'quickEdit': {
      const editLines = Math.round(clamp(logNormal(seed, 18, 0.9, id, 'lines'), 1, 400));
      return { editLines, input: Math.round(600 + editLines * 12 + between(500, 2500, u('ctx'))), output: Math.round(Math.max(40, editLines * between(9, 13, u('out')))) };
    }
    case 'refactor': {
      const fileCount = Math.round(clamp(logNormal(seed, 3, 0.8, id, 'files'), 1, 40));
      return { fileCount, input: Math.round(1000 + fileCount * between(1500, 4000, u('ctx'))), output: Math.round(fileCount * between(250, 900, u('out'))) };
    }
    case 'astTransform': {
      // The spec is written once from a sample, so the prompt does not grow with the files it runs on.
      const fileCount = Math.round(clamp(logNormal(seed, 6, 1.2, id, 'files'), 1, 500));
      return { fileCount, input: Math.round(between(1500, 5000, u('ctx'))), output: Math.round(between(300, 1200, u('out'))) };
    }
    case 'agent': {
      const input = Math.round(clamp(logNormal(seed, 9000, 0.9, id, 'ctx'), 1000, 150_000));
      return { input, output: Math.round(step === 'think' ? between(300, 1500, u('out')) : between(80, 500, u('out'))) };
    }
  }
}

/** One task, fixed by the seed and its draw number (its index in time order is set after sorting). */
function drawTask(seed: number, n: number, shapes: Map<string, ShapeTruth>): Omit<SimTask, 'id' | 'index'> {
  const id = `draw${n}`;
  const kind = weighted(seed, KIND_MIX, id, 'kind');
  const language = weighted(seed, LANGUAGES, id, 'language');
  const step: AgentStep | undefined = kind === 'agent' ? (unit(seed, id, 'step') < THINK_SHARE ? 'think' : 'act') : undefined;
  const s = sizes(seed, id, kind, step);
  const shape = shapeOf({ kind, language, editLines: s.editLines, fileCount: s.fileCount, inputTokens: s.input, step });
  if (!shapes.has(shape.key)) shapes.set(shape.key, shapeTruth(seed, shape.key, shape.label, kind, language, step));
  const cachedTokens = kind === 'agent' ? Math.floor(s.input * between(0.5, 0.9, unit(seed, id, 'cached'))) : 0;
  const usage = (lane: LaneId): TokenUsage => {
    const [lo, hi] = REASONING[tableKey(kind, step)]![lane];
    const reasoning = Math.round(s.output * between(lo, hi, unit(seed, id, lane, 'reasoning')));
    return { input: s.input, cached: cachedTokens, output: s.output + reasoning, reasoning };
  };
  const timeMs = workingTime(seed, id);
  return {
    timeMs, shape: shape.key, kind, language, inputTokens: s.input, cachedTokens, usage: { fast: usage('fast'), deep: usage('deep') },
    ...(s.editLines !== undefined ? { editLines: s.editLines } : {}),
    ...(s.fileCount !== undefined ? { fileCount: s.fileCount } : {}),
    ...(step ? { step } : {}),
  };
}

const WORKING_DAYS = Array.from({ length: WEEKS * 7 }, (_, d) => d).filter((d) => d % 7 < 5);

/** A moment in working hours of the WEEKS weeks from START_MS, fixed by the seed and the parts. */
export function workingTime(seed: number, ...parts: readonly (string | number)[]): number {
  const day = pick(seed, WORKING_DAYS, ...parts, 'day');
  return START_MS + day * DAY_MS + Math.floor(between(9, 18, unit(seed, ...parts, 'hour')) * 3_600_000);
}

/** `count` tasks in time order, with the hidden truth of every shape they fall in. */
export function generatePopulation(seed: number, count: number): Population {
  const shapes = new Map<string, ShapeTruth>();
  const drawn = Array.from({ length: count }, (_, n) => drawTask(seed, n, shapes));
  drawn.sort((a, b) => a.timeMs - b.timeMs);
  const tasks = drawn.map((t, index) => ({ id: `t${String(index + 1).padStart(5, '0')}`, index, ...t }));
  return { seed, tasks, shapes };
}

/** The same population with one shape's fast lane falling to `fastP` from its middle task on. */
export function withShift(pop: Population, shape: string, fastP: number): Population {
  const own = pop.tasks.filter((t) => t.shape === shape);
  if (own.length < 2) throw new Error(`shape ${shape} has ${own.length} tasks: too few to shift`);
  return { ...pop, shift: { shape, fromMs: own[Math.floor(own.length / 2)]!.timeMs, fastP } };
}

/** The fast and deep success probability a task really has (the shift applied). */
export function truthFor(pop: Population, task: SimTask): { p: Record<LaneId, number>; caught: number } {
  const s = pop.shapes.get(task.shape)!;
  const shifted = pop.shift && pop.shift.shape === task.shape && task.timeMs >= pop.shift.fromMs;
  return { p: { fast: shifted ? pop.shift!.fastP : s.p.fast, deep: s.p.deep }, caught: s.caught };
}
