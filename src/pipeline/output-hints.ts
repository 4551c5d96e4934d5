// Output sized from the task itself, for the estimate before the ledger has any
// history of a kind. What a model writes back is the text it rewrites: a plan's
// hunks copy each changed line twice (search and replace), a quick edit returns
// its range, a transform spec is small whatever its scope. The constants come
// from the emulated first runs in bench/deep-lane.ts (see BENCHMARKS.md).
import { countTokens } from '../core/tokens.ts';

/** Reasoning billed as output: what the emulator bills at the deep lane's default (medium) effort. */
const REASONING = 128;
/** A plan's summary and JSON frame. */
const PLAN_FRAME = 40;
/** One modify operation's path and frame. */
const PER_FILE = 15;
/** One hunk's JSON frame, plus the context a search sometimes needs to be unique. */
const PER_HUNK = 20;
/** JSON escaping of source text (quotes, newlines) as o200k counts it. */
const JSON_TEXT = 1.15;
/**
 * A file the instruction names without naming what in it changes: one hunk of the
 * median text the emulated plans changed per file (23 tokens), or the whole file if smaller.
 */
const LOCAL_EDIT = 23;

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

/** A transform spec: a query, a rewrite and examples, about four times the instruction, whatever the scope. */
export function transformOutputHint(instruction: string): number {
  return Math.round(REASONING + 120 + 4 * countTokens(instruction));
}

/** A quick edit's output: the range it rewrites, plus what the instruction adds. */
export function quickEditOutputHint(instruction: string, target: string): number {
  return countTokens(target) + countTokens(instruction);
}
