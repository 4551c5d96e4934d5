// Small text helpers the simulated model shares: names into words, parameter
// lists, indentation, bracket balance. Pure string work.

export const IDENT = /[A-Za-z_$][\w$]*/;

/** Splits at top-level commas (brackets, generics and strings nest). */
export function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of list) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if ('([{<'.includes(ch)) depth++;
    else if (')]}>'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim() !== '') out.push(cur);
  return out.map((p) => p.trim()).filter((p) => p !== '');
}

export interface Param { name: string; type?: string; optional: boolean }

/** Parameters of a declaration's list text (TypeScript, JavaScript or Python). */
export function parseParams(list: string): Param[] {
  return splitTopLevel(list).flatMap((raw) => {
    const m = /^(?:(?:public|private|protected|readonly)\s+)*(\.\.\.|\*{1,2})?([A-Za-z_$][\w$]*)(\?)?\s*(?::\s*([^=]+?))?\s*(=.*)?$/s.exec(raw);
    if (!m || m[1] || m[2] === 'self' || m[2] === 'cls') return [];
    return [{ name: m[2]!, ...(m[4] ? { type: m[4].trim() } : {}), optional: Boolean(m[3] || m[5]) }];
  });
}

/** "invoiceTotal" / "total_by_region" -> ["invoice", "total"] / ["total", "by", "region"]. */
export function nameWords(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_$]+/g, ' ').trim().toLowerCase().split(/\s+/).filter(Boolean);
}

export const indentOf = (line: string): string => /^[ \t]*/.exec(line)![0];

/** The indentation step used in `lines` below `base`, or the language's usual one. */
export function indentUnit(lines: readonly string[], base: string, fallback: string): string {
  for (const l of lines) {
    const ind = indentOf(l);
    if (l.trim() !== '' && ind.length > base.length && ind.startsWith(base)) return ind.slice(base.length);
  }
  return fallback;
}

/** Brackets opened and not closed in `text` (strings and line comments skipped), innermost last. */
export function openBrackets(text: string, lineComment = '//'): string[] {
  const stack: string[] = [];
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (text.startsWith(lineComment, i)) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
    }
    else if ('([{'.includes(ch)) stack.push(ch);
    else if (')]}'.includes(ch) && stack.length) stack.pop();
  }
  return stack;
}

export const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Replaces whole-word `from` with `to` (identifier characters as word characters). */
export function replaceWord(text: string, from: string, to: string): string {
  const esc = from.replace(/[$]/g, '\\$');
  return text.replace(new RegExp(`(?<![\\w$])${esc}(?![\\w$])`, 'g'), to);
}

export function hasWord(text: string, word: string): boolean {
  return replaceWord(text, word, '\u0000') !== text;
}
