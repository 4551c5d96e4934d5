// VS Code-style content changes: apply them to text and translate each into a
// tree-sitter Edit. Offsets and columns are UTF-16 code units on both sides.
import { Edit } from 'web-tree-sitter';
import type { Point } from 'web-tree-sitter';

export interface Position { line: number; character: number }

/** The shape of vscode.TextDocumentContentChangeEvent (range is optional here). */
export interface ContentChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
  range?: { start: Position; end: Position };
}

/** Row/column of a UTF-16 offset in `text`. */
export function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** UTF-16 offset of a 0-based line/character in `text` (clamped to the text). */
export function offsetAt(text: string, line: number, character: number): number {
  let start = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl === -1) return text.length;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  const lineEnd = end === -1 ? text.length : end;
  return Math.min(start + Math.max(0, character), lineEnd);
}

function advance(start: Point, inserted: string): Point {
  const lastNl = inserted.lastIndexOf('\n');
  if (lastNl === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastNl - 1 };
}

/** Applies one change; returns the new text and the matching tree-sitter Edit. */
export function applyChange(text: string, change: ContentChange): { text: string; edit: Edit } {
  const startIndex = change.rangeOffset;
  const oldEndIndex = change.rangeOffset + change.rangeLength;
  if (startIndex < 0 || oldEndIndex > text.length) {
    throw new RangeError(`content change [${startIndex}, ${oldEndIndex}) is outside the document (length ${text.length})`);
  }
  const startPosition = change.range
    ? { row: change.range.start.line, column: change.range.start.character }
    : pointAt(text, startIndex);
  const oldEndPosition = change.range
    ? { row: change.range.end.line, column: change.range.end.character }
    : advance(startPosition, text.slice(startIndex, oldEndIndex));
  const edit = new Edit({
    startIndex,
    oldEndIndex,
    newEndIndex: startIndex + change.text.length,
    startPosition,
    oldEndPosition,
    newEndPosition: advance(startPosition, change.text),
  });
  return { text: text.slice(0, startIndex) + change.text + text.slice(oldEndIndex), edit };
}
