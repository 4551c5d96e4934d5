// Rewrite templates for the transform engine.
//
// Syntax: `@name` inserts the text of capture `name`; `@{name}` does the same
// where the next character could continue the name (e.g. `@{fn}Async`); `@@` is
// a literal `@`. A name is the longest capture name of the query that follows
// the `@` (capture names may contain letters, digits, `_`, `.` and `-`), so
// `@arg.` with a capture `arg` inserts `arg` and keeps the dot. A quantified
// capture (`(_)* @args`) inserts the source from its first to its last node,
// separators included; a capture with no node inserts nothing.

export type TemplatePart = { literal: string } | { capture: string };

export class TemplateError extends Error {
  readonly column: number;
  constructor(message: string, column: number) {
    super(`rewrite template, column ${column + 1}: ${message}`);
    this.name = 'TemplateError';
    this.column = column;
  }
}

export function parseTemplate(template: string, captureNames: readonly string[]): TemplatePart[] {
  const names = [...captureNames].sort((a, b) => b.length - a.length);
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if (ch !== '@') { literal += ch; continue; }
    if (template[i + 1] === '@') { literal += '@'; i++; continue; }
    let name: string | undefined;
    let next: number;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      if (close === -1) throw new TemplateError('unclosed "@{"', i);
      name = template.slice(i + 2, close);
      if (!captureNames.includes(name)) throw new TemplateError(`unknown capture @${name} (query has: ${captureNames.map((n) => `@${n}`).join(', ') || 'none'})`, i);
      next = close + 1;
    } else {
      name = names.find((n) => template.startsWith(n, i + 1));
      if (!name) {
        const word = /^[\w.-]*/.exec(template.slice(i + 1))![0];
        throw new TemplateError(`unknown capture @${word} (query has: ${captureNames.map((n) => `@${n}`).join(', ') || 'none'}; write @@ for a literal @)`, i);
      }
      next = i + 1 + name.length;
    }
    if (literal) parts.push({ literal });
    literal = '';
    parts.push({ capture: name });
    i = next - 1;
  }
  if (literal) parts.push({ literal });
  return parts;
}
