// From each file's original and final text (final-text.ts) to the changes an
// editor applies: deletes, moves, creates, then non-overlapping text edits per
// file, in an order in which any valid plan applies. Pure: the VS Code face
// turns these into one WorkspaceEdit, and tests apply them in memory.
import { diffLines } from 'diff';
import { baseText, type FileOutcome } from './final-text.ts';
import { editorLineStarts, positionAt } from '../../core/line-index.ts';

/** A replacement of [start, end) of the file's text as it was before any edit. */
export interface TextSpanEdit {
  start: number;
  end: number;
  text: string;
  /** 0-based line and UTF-16 column of start and end, lines broken at \r\n, \n or \r (as VS Code does). */
  startPos: { line: number; character: number };
  endPos: { line: number; character: number };
}

export type FileChange =
  | { kind: 'delete'; path: string }
  | { kind: 'move'; path: string; newPath: string }
  | { kind: 'create'; path: string; content: string }
  | { kind: 'edit'; path: string; edits: TextSpanEdit[] };

/**
 * Non-overlapping edits, in order, that turn `before` into `after`: the changed
 * line blocks from a line diff (the `diff` package). Very different texts fall back
 * to one replacement of everything between the common ends.
 */
export function textEditsBetween(before: string, after: string): TextSpanEdit[] {
  if (before === after) return [];
  const starts = editorLineStarts(before);
  const span = (start: number, end: number, text: string): TextSpanEdit => ({ start, end, text, startPos: positionAt(starts, start), endPos: positionAt(starts, end) });
  const changes = diffLines(before, after, { maxEditLength: 5000 });
  if (!changes) return [span(0, before.length, after)];
  const edits: TextSpanEdit[] = [];
  let offset = 0;
  let open: { start: number; end: number; text: string } | undefined;
  for (const c of changes) {
    if (c.removed) {
      open ??= { start: offset, end: offset, text: '' };
      offset += c.value.length;
      open.end = offset;
    } else if (c.added) {
      open ??= { start: offset, end: offset, text: '' };
      open.text += c.value;
    } else {
      if (open) edits.push(span(open.start, open.end, open.text));
      open = undefined;
      offset += c.value.length;
    }
  }
  if (open) edits.push(span(open.start, open.end, open.text));
  return edits;
}

/**
 * The changes for a set of outcomes, ordered: deletes, moves, creates, then text
 * edits on each file's final path. VS Code performs consecutive operations of
 * one kind as one batch and checks every target of a batch of moves before it
 * moves anything, so a move onto a path another move vacates would be refused:
 * such a move (a chain or a cycle) becomes a delete of its source and a create
 * of its target with the final text. Every other move stays a move (history,
 * open editors and undo follow the file).
 */
export function fileChanges(files: readonly FileOutcome[]): FileChange[] {
  const movedAway = new Set(files.flatMap((f) => (f.from !== undefined ? [f.from] : [])));
  const moves = files.filter((f) => f.from !== undefined);
  // An editor keeps one line-end style per file: text whose style differs is written whole.
  const restyled = (f: FileOutcome) => f.after !== undefined && eolConflict(baseText(files, f) ?? '', f.after);
  const chained = new Set(moves.filter((f) => movedAway.has(f.path) || restyled(f)).map((f) => f.path));
  const chainedSources = new Set(moves.filter((f) => chained.has(f.path)).map((f) => f.from!));
  const out: FileChange[] = [];
  for (const f of files) {
    const gone = f.after === undefined || f.from !== undefined;
    // The original at this path is gone or replaced, and does not move on (or moves on as delete + create).
    const rewritten = f.from === undefined && f.before !== undefined && !movedAway.has(f.path) && restyled(f);
    if (f.before !== undefined && ((!movedAway.has(f.path) && (gone || rewritten)) || chainedSources.has(f.path))) out.push({ kind: 'delete', path: f.path });
  }
  for (const f of moves) if (!chained.has(f.path)) out.push({ kind: 'move', path: f.from!, newPath: f.path });
  for (const f of files) {
    if (f.after === undefined) continue;
    const created = f.from === undefined ? f.before === undefined || movedAway.has(f.path) || restyled(f) : chained.has(f.path);
    if (created) out.push({ kind: 'create', path: f.path, content: f.after });
  }
  for (const f of files) {
    if (f.after === undefined) continue;
    const inPlace = f.from === undefined && f.before !== undefined && !movedAway.has(f.path) && !restyled(f);
    const moved = f.from !== undefined && !chained.has(f.path);
    if (!inPlace && !moved) continue;
    const base = baseText(files, f);
    if (base === undefined) continue;
    const edits = textEditsBetween(base, f.after);
    if (edits.length) out.push({ kind: 'edit', path: f.path, edits });
  }
  return out;
}

type Eol = 'crlf' | 'lf' | 'mixed' | 'none';
function eolOf(text: string): Eol {
  const crlf = text.includes('\r\n');
  const lf = /(^|[^\r])\n/.test(text);
  return crlf && lf ? 'mixed' : crlf ? 'crlf' : lf ? 'lf' : 'none';
}

/**
 * Whether text edits could not turn `before` into `after` in an editor: VS Code
 * gives each document one line-end style (from its text, LF when it has none) and
 * converts inserted line ends to it.
 */
export function eolConflict(before: string, after: string): boolean {
  const a = eolOf(after);
  if (a === 'none') return false;
  const b = eolOf(before);
  return a === 'mixed' || (b === 'none' ? a === 'crlf' : a !== b);
}

/** Applies changes to an in-memory file map (path -> text), as an editor would; throws where one would refuse. */
export function applyFileChanges(fs: Map<string, string>, changes: readonly FileChange[]): void {
  for (const [i, c] of changes.entries()) {
    // Like VS Code: a run of consecutive moves is checked as one batch before any of them moves.
    if (c.kind === 'move' && changes[i - 1]?.kind !== 'move') {
      for (let k = i; changes[k]?.kind === 'move'; k++) {
        const m = changes[k] as Extract<FileChange, { kind: 'move' }>;
        if (fs.has(m.newPath)) throw new Error(`move: ${m.newPath} already exists (checked before the batch of moves)`);
      }
    }
    switch (c.kind) {
      case 'delete':
        if (!fs.delete(c.path)) throw new Error(`delete: ${c.path} does not exist`);
        break;
      case 'move': {
        const text = fs.get(c.path);
        if (text === undefined) throw new Error(`move: ${c.path} does not exist`);
        if (fs.has(c.newPath)) throw new Error(`move: ${c.newPath} already exists`);
        fs.delete(c.path);
        fs.set(c.newPath, text);
        break;
      }
      case 'create':
        if (fs.has(c.path)) throw new Error(`create: ${c.path} already exists`);
        fs.set(c.path, c.content);
        break;
      case 'edit': {
        const text = fs.get(c.path);
        if (text === undefined) throw new Error(`edit: ${c.path} does not exist`);
        let out = '';
        let at = 0;
        // As in an editor: inserted line ends take the document's style.
        const eol = text.includes('\r\n') ? '\r\n' : '\n';
        for (const e of c.edits) {
          if (e.start < at || e.end < e.start || e.end > text.length) throw new Error(`edit: ${c.path}: overlapping or out-of-range edit`);
          out += text.slice(at, e.start) + e.text.replace(/\r\n|\r|\n/g, eol);
          at = e.end;
        }
        fs.set(c.path, out + text.slice(at));
        break;
      }
    }
  }
}
