// Output sized from the task itself, for the estimate before the ledger has any
// history of a kind. What a model writes back is the text it rewrites: a plan's
// hunks copy each changed line twice (search and replace), a quick edit returns
// its range, a transform spec is small whatever its scope. Frames are counted;
// the rest comes from the emulated first runs in bench/deep-lane.ts (BENCHMARKS.md).
import { countTokens } from '../core/tokens.ts';

/** Reasoning billed as output: what the emulator bills at the deep lane's default (medium) effort. */
const REASONING = 128;
// JSON frames, counted in o200k: {"summary":"","operations":[]}, {"kind":"modify","path":"src/money.ts","hunks":[]},
// {"search":"","replace":""}; source text grows 5% as a JSON string (quotes, newlines), over the emulated plans' hunks.
const PLAN_FRAME = 6;
const PER_FILE = 17;
const PER_HUNK = 7;
const JSON_TEXT = 1.05;
/**
 * A file the instruction names without naming what in it changes (or the focus file): the
 * emulated plans whose instruction names no identifier changed 289 tokens of text for 6 such files.
 */
const LOCAL_EDIT = 48;

export interface HintFile { rel: string; text: string }

const escape = (w: string) => w.replace(/[$]/g, '\\$&');

/** Identifiers shaped like code (fooBar, FooBar, foo_bar), not capitalised words such as "Rename" or "Images". */
const codeShaped = (w: string) => /[A-Z_$]/.test(w.slice(1));

/**
 * A refactor plan's output: the lines holding a code-shaped identifier the
 * instruction names (each in a hunk that copies it twice); else, for the files
 * the instruction names (or the focus files), one local hunk each.
 */
export function refactorOutputHint(instruction: string, identifiers: readonly string[], files: readonly HintFile[], focus: readonly string[] = []): number {
  const names = identifiers.filter(codeShaped);
  const words = names.length ? new RegExp(`(?<![\\w$])(?:${names.map(escape).join('|')})(?![\\w$])`) : undefined;
  let body = 0;
  for (const f of files) {
    const lines = words ? f.text.split('\n').filter((l) => words.test(l)) : [];
    if (lines.length) body += PER_FILE + lines.length * PER_HUNK + 2 * JSON_TEXT * countTokens(lines.join('\n'));
  }
  if (body === 0) {
    const named = files.filter((f) => instruction.includes(f.rel.split('/').pop()!));
    const targets = named.length ? named : files.filter((f) => focus.includes(f.rel));
    // Only a file shorter than ten characters a token can be smaller than the hunk; counting large files costs ms each.
    const edit = (text: string) => (text.length >= LOCAL_EDIT * 10 ? LOCAL_EDIT : Math.min(LOCAL_EDIT, countTokens(text)));
    for (const f of targets) body += PER_FILE + PER_HUNK + 2 * JSON_TEXT * edit(f.text);
  }
  return Math.round(REASONING + PLAN_FRAME + countTokens(instruction) + body);
}

/** A spec's JSON frame, {"languages":["typescript"],"rules":[{...}],"examples":[{...}]}, counted in o200k. */
const SPEC_FRAME = 34;
/** Query, rewrite and examples restate the instruction in code: 6 tokens per instruction token over the emulated specs. */
const SPEC_PER_INSTRUCTION = 6;

/** A transform spec is the same size whatever its scope: its frame plus the instruction restated in code. */
export function transformOutputHint(instruction: string): number {
  return REASONING + SPEC_FRAME + SPEC_PER_INSTRUCTION * countTokens(instruction);
}

/** A quick edit's output: the range it rewrites, plus what the instruction adds. */
export function quickEditOutputHint(instruction: string, target: string): number {
  return countTokens(target) + countTokens(instruction);
}
