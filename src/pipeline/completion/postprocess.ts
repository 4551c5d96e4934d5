// Turns a chat model's raw answer into the text to insert at the cursor. Chat
// models wrap answers in fences, add chatter, and repeat the text around the
// cursor; each step here removes one of those habits. Pure string work.
import { CURSOR_MARKER } from '../../syntax/index.ts';
import type { CompletionMode } from '../../syntax/index.ts';
import { endOfUnit } from './unit-end.ts';

export interface Surroundings {
  /** Document text before the cursor (at least the current line and a few above). */
  prefix: string;
  /** Document text after the cursor. */
  suffix: string;
  mode: CompletionMode;
}

const CHATTER = /^(here('s| is)|sure|certainly|okay|ok|the (completion|code|text)|completion|answer|insert)\b[^\n]*:\s*$/i;

/** Removes a surrounding markdown fence (or just an opening one, as a stream is cut). */
export function stripFences(raw: string): string {
  let text = raw;
  const open = /^(?:[ \t]*\n)*[ \t]*(```|~~~)[\w+#.-]*[ \t]*\n/.exec(text);
  if (open) {
    text = text.slice(open[0].length);
    const close = text.lastIndexOf(open[1]!);
    if (close !== -1 && /^[ \t]*$/.test(text.slice(close + 3).replace(/\n/g, ''))) {
      text = text.slice(0, close).replace(/\n[ \t]*$/, '');
    }
  }
  return text;
}

/** Drops leading lines that talk about the answer instead of being it. */
export function stripChatter(text: string): string {
  let lines = text.split('\n');
  while (lines.length > 1 && CHATTER.test(lines[0]!.trim())) lines = lines.slice(1);
  return stripFences(lines.join('\n'));
}

const lineStartIn = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;

/**
 * The model repeated text before the cursor: from a line start (ignoring indentation)
 * up to the cursor. Removes the longest such repeat within the last few lines.
 */
export function trimPrefixOverlap(completion: string, prefix: string): string {
  const lead = completion.length - completion.trimStart().length;
  const body = completion.slice(lead);
  let best = 0;
  for (const tail of prefixTails(prefix)) {
    if (tail.length > best && tail.trim() !== '' && body.startsWith(tail)) best = tail.length;
  }
  return best > 0 ? body.slice(best) : completion;
}

/** The text before the cursor from each of the last few line starts, without leading indentation. */
function prefixTails(prefix: string): string[] {
  const tails: string[] = [];
  let start = prefix.length;
  for (let line = 0; line < 4 && start > 0; line++) {
    start = lineStartIn(prefix, start === prefix.length ? prefix.length : start - 1);
    tails.push(prefix.slice(start).trimStart());
    if (start === 0) break;
  }
  return tails;
}

/** The completion's end repeats the start of the suffix (usually closers VS Code auto-inserted). */
export function trimSuffixOverlap(completion: string, suffix: string): string {
  const nl = suffix.indexOf('\n');
  const restOfLine = (nl === -1 ? suffix : suffix.slice(0, nl)).trimEnd();
  for (let k = Math.min(restOfLine.length, completion.length); k > 0; k--) {
    if (completion.endsWith(restOfLine.slice(0, k))) return completion.slice(0, completion.length - k);
  }
  return completion;
}

/** Cuts a multi-line completion where it starts repeating the lines after the cursor. */
export function dropSuffixRepeat(completion: string, suffix: string): string {
  const next = suffix.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const first = next[0];
  if (!first) return completion;
  const lines = completion.split('\n');
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() !== first) continue;
    // A lone closer only counts as a repeat when the following line repeats too (or there is none).
    const following = lines.slice(i + 1).find((l) => l.trim() !== '');
    if (/^[)\]}]+;?$/.test(first) && following !== undefined && following.trim() !== next[1]) continue;
    return lines.slice(0, i).join('\n').replace(/\n[ \t]*$/, '');
  }
  return completion;
}

/** The completion (its first line) only repeats the line above the cursor. */
export function repeatsLineAbove(completion: string, prefix: string): boolean {
  const lineStart = lineStartIn(prefix, prefix.length);
  if (lineStart === 0) return false;
  const above = prefix.slice(lineStartIn(prefix, lineStart - 1), lineStart - 1).trim();
  const current = (prefix.slice(lineStart) + completion.split('\n')[0]).trim();
  return above.length > 2 && current === above;
}

/** The answer without its fences, chatter and cursor markers. */
function unwrap(raw: string): string {
  return stripChatter(stripFences(raw.replaceAll('\r\n', '\n'))).replaceAll(CURSOR_MARKER, '');
}

/**
 * The text to insert, or '' when nothing useful is left. Single-line completions stop at
 * the line end; multi-line ones at the end of their syntactic unit.
 */
export function cleanCompletion(raw: string, around: Surroundings): string {
  let text = trimPrefixOverlap(unwrap(raw), around.prefix);
  const cursorLine = around.prefix.slice(lineStartIn(around.prefix, around.prefix.length));
  if (around.mode === 'single-line') {
    // A mid-line cursor never starts a new line.
    text = text.replace(/^\n+/, '');
    const nl = text.indexOf('\n');
    if (nl !== -1) text = text.slice(0, nl);
  } else {
    // Continuing a line that already has indentation: the model's own indentation of the first line is dropped.
    if (cursorLine.trim() === '' && cursorLine.length > 0) text = text.replace(/^[ \t]+/, '');
    // After an opener at a line end, an indented first line is the body's first line.
    else if (cursorLine.trim() !== '' && /^[ \t]+\S/.test(text)) text = '\n' + text;
    text = dropSuffixRepeat(text, around.suffix);
    text = endOfUnit(text, around.prefix);
  }
  text = text.trimEnd();
  text = trimSuffixOverlap(text, around.suffix);
  if (text.trim() === '') return '';
  if (repeatsLineAbove(text, around.prefix)) return '';
  // The suffix already holds exactly this text.
  if (around.suffix.trimStart().startsWith(text.trim()) && text.trim().length > 0 && around.suffix.trim() !== '') {
    const rest = around.suffix.split('\n')[0]!.trim();
    if (rest.startsWith(text.trim())) return '';
  }
  return text;
}

/**
 * What a stream cut short can show already: its complete lines, cleaned as the whole answer will be
 * (so the whole answer starts with it), or '' while the model may still be repeating the lines before
 * the cursor, a repeat that the whole answer would drop.
 */
export function cleanPartial(raw: string, around: Surroundings): string {
  const cut = raw.lastIndexOf('\n');
  if (cut === -1) return '';
  const head = raw.slice(0, cut + 1);
  const body = unwrap(head).trimStart();
  if (prefixTails(around.prefix).some((tail) => tail.length > body.length && tail.startsWith(body))) return '';
  return cleanCompletion(head, around);
}
