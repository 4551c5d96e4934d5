// Where a multi-line completion ends: at the end of the syntactic unit it
// started (the block the cursor opened, or the statement begun on a blank
// line), judged from indentation and bracket balance. Chat models like to keep
// going into the next function; this stops them. Cheap string work: the syntax
// gate checks the result with tree-sitter afterwards.

const MAX_LINES = 24;

function indentOf(line: string): number {
  let n = 0;
  for (const ch of line) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += 4;
    else break;
  }
  return n;
}

/** Net bracket depth change of a line, skipping string literals and line comments. */
export function bracketDelta(line: string): { delta: number; minDepth: number } {
  let depth = 0;
  let minDepth = 0;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '/' && line[i + 1] === '/') break;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) break;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      depth--;
      minDepth = Math.min(minDepth, depth);
    }
  }
  return { delta: depth, minDepth };
}

/** Cuts `completion` (inserted after `prefix`) at the end of its syntactic unit. */
export function endOfUnit(completion: string, prefix: string): string {
  const lineStart = prefix.lastIndexOf('\n', prefix.length - 1) + 1;
  const cursorLine = prefix.slice(lineStart);
  const blankLine = cursorLine.trim() === '';
  // A cursor after an opener (`{`, `:`, `=>`, ...) starts a body; on a blank line, a statement.
  const base = indentOf(cursorLine);
  const lines = completion.split('\n');
  let depth = 0;
  let opened = false;
  let sawBody = false;
  const out: string[] = [];
  for (let i = 0; i < lines.length && out.length < MAX_LINES; i++) {
    const line = lines[i]!;
    if (i > 0 && line.trim() !== '') {
      const indent = indentOf(line);
      const closer = /^\s*[)\]}]/.test(line);
      if (indent < base && !(closer && depth > 0)) break;
      // Back at the starting indentation after a body: a new unit starts here, unless it closes ours.
      if (!blankLine && sawBody && indent <= base && !closer) break;
      if (blankLine && indent <= base && opened && depth === 0) break;
      if (indent > base) sawBody = true;
    }
    const { delta, minDepth } = bracketDelta(line);
    const wentNegative = depth + minDepth < 0;
    depth += delta;
    if (depth > 0) opened = true;
    out.push(line);
    // Closed a bracket the prefix opened (the body's own closer): the unit ends with it.
    if (i > 0 && wentNegative && !blankLine) break;
    // A statement begun on a blank line ends when its brackets balance again.
    if (blankLine && opened && depth <= 0 && line.trim() !== '') break;
    if (depth < 0) break;
  }
  return out.join('\n');
}
