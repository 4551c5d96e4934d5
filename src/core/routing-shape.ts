// A task's shape: what the router learns per (kind x language x size bucket, plus the
// step for agent requests). Every attempt of a routed task carries its shape key in the
// ledger, so statistics never have to reconstruct sizes the record does not keep.
import type { AgentStep } from './agent-features.ts';
import type { TaskKind } from './task.ts';

export interface ShapeFacts {
  kind: TaskKind;
  language?: string;
  /** quickEdit: lines in the selection. */
  editLines?: number;
  /** refactor / astTransform: files the task touches. */
  fileCount?: number;
  /** Prompt tokens (the agent size measure). */
  inputTokens: number;
  /** agent: the step the router saw. */
  step?: AgentStep;
}

export interface TaskShape {
  /** Stable key, e.g. "quickEdit|python|40-80"; never contains code or paths. */
  key: string;
  /** Words for reasons and tables, e.g. "quick edit, Python, 40-80 lines". */
  label: string;
  kind: TaskKind;
}

// Upper bounds (exclusive) of each bucket; the last bucket is open-ended.
const LINE_BUCKETS = [10, 20, 40, 80, 160] as const;
const FILE_BUCKETS = [2, 4, 8, 16] as const;
const TOKEN_BUCKETS = [4_000, 16_000, 64_000] as const;

const KIND_WORDS: Readonly<Record<TaskKind, string>> = {
  completion: 'completion', quickEdit: 'quick edit', refactor: 'refactor', astTransform: 'AST transform', agent: 'agent',
};

/** The bucket a size falls in, as "lo-hi" (or "lo+" for the last), with `unit` for its label. */
function bucket(value: number, bounds: readonly number[], unit: string, fmt: (n: number) => string = String): { key: string; label: string } {
  let lo = 0;
  for (const hi of bounds) {
    if (value < hi) return { key: `${lo}-${hi}`, label: `${fmt(lo)}-${fmt(hi)} ${unit}` };
    lo = hi;
  }
  return { key: `${lo}+`, label: `${fmt(lo)}+ ${unit}` };
}

const kTokens = (n: number) => (n === 0 ? '0' : `${n / 1000}k`);

/** Normalised language id ("unknown" when the task has none); lower case, so "Python" and "python" are one shape. */
function languageOf(language: string | undefined): string {
  const id = (language ?? '').trim().toLowerCase().replace(/[^a-z0-9+#._-]/g, '');
  return id.length > 0 && id.length <= 40 ? id : 'unknown';
}

const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  typescript: 'TypeScript', typescriptreact: 'TSX', javascript: 'JavaScript', javascriptreact: 'JSX', python: 'Python',
  go: 'Go', rust: 'Rust', java: 'Java', json: 'JSON', unknown: 'any language',
};

export function shapeOf(f: ShapeFacts): TaskShape {
  const lang = languageOf(f.language);
  const langLabel = LANGUAGE_NAMES[lang] ?? lang;
  const size = f.kind === 'quickEdit' ? bucket(f.editLines ?? 0, LINE_BUCKETS, 'lines')
    : f.kind === 'refactor' || f.kind === 'astTransform' ? bucket(f.fileCount ?? 1, FILE_BUCKETS, 'files')
      : f.kind === 'agent' ? bucket(f.inputTokens, TOKEN_BUCKETS, 'tokens', kTokens)
        : undefined;
  const parts = [f.kind, lang, ...(size ? [size.key] : []), ...(f.kind === 'agent' && f.step ? [f.step] : [])];
  const words = [KIND_WORDS[f.kind] + (f.kind === 'agent' && f.step ? ` ${f.step}` : ''), langLabel, ...(size ? [size.label] : [])];
  return { key: parts.join('|'), label: words.join(', '), kind: f.kind };
}

/**
 * The shape a key names (the inverse of shapeOf), or undefined for a key shapeOf never makes.
 * Records keep only the key; tables need its label, and the decision a typical task of it.
 */
export function shapeFromKey(key: string): (TaskShape & { facts: ShapeFacts; size?: { lo: number; hi?: number } }) | undefined {
  const [kind, language, ...rest] = key.split('|');
  if (!kind || !(kind in KIND_WORDS) || language === undefined) return undefined;
  const k = kind as TaskKind;
  const bounds = rest[0]?.match(/^(\d+)(?:-(\d+)|\+)$/);
  const size = bounds ? Number(bounds[1]) : undefined;
  const step = k === 'agent' && (rest[1] === 'think' || rest[1] === 'act') ? rest[1] : undefined;
  const facts: ShapeFacts = {
    kind: k, language, inputTokens: k === 'agent' ? size ?? 0 : 0,
    ...(k === 'quickEdit' ? { editLines: size } : {}),
    ...(k === 'refactor' || k === 'astTransform' ? { fileCount: size } : {}),
    ...(step ? { step } : {}),
  };
  const shape = shapeOf(facts);
  if (shape.key !== key) return undefined;
  return { ...shape, facts, ...(bounds ? { size: { lo: Number(bounds[1]), ...(bounds[2] ? { hi: Number(bounds[2]) } : {}) } } : {}) };
}
