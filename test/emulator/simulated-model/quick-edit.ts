// Simulated quick edits: the range the extension marked "(rewrite this)", kept
// intact and changed as one of a few instructions asks. Anything else, or an
// edit the model cannot make here, is a Refusal, never a guessed rewrite.
import type { Node } from 'web-tree-sitter';
import type { QuickEditAsk } from './prompt-reader.ts';
import { indentOf, indentUnit, nameWords, parseParams } from './code-text.ts';
import { cannot, notUnderstood, Refusal } from './understood.ts';
import { grammarOf, isJsFamily, keepsSyntax, walk, withTree } from './syntax.ts';

interface Edit { grammar: string | undefined; lines: string[]; ask: QuickEditAsk }

const VERBS = new Set(['get', 'set', 'make', 'build', 'format', 'parse', 'compute', 'describe', 'create', 'load', 'save', 'find', 'count', 'render', 'read', 'write', 'check', 'send', 'apply', 'update', 'remove', 'add', 'convert', 'validate']);

/** The first line declaring a function (or class), its name and its parameter list's text. */
function declaration(lines: readonly string[], python: boolean): { at: number; name: string; kind: 'function' | 'class' | 'other' } | undefined {
  for (const [at, line] of lines.entries()) {
    if (line.trim() === '' || /^\s*(\/\/|#|\/\*|\*)/.test(line)) continue;
    const fn = python ? /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(line)
      : /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/.exec(line)
        ?? /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=>/.exec(line)
        ?? /^\s*(?:(?:public|private|protected|static|async)\s+)*([A-Za-z_$][\w$]*)\s*\([^)]*\)?\s*(?::[^{]+)?\{?\s*$/.exec(line);
    if (fn && !['if', 'for', 'while', 'switch', 'catch', 'return'].includes(fn[1]!)) return { at, name: fn[1]!, kind: 'function' };
    const cls = python ? /^\s*class\s+([A-Za-z_]\w*)/.exec(line) : /^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/.exec(line);
    if (cls) return { at, name: cls[1]!, kind: 'class' };
    const v = /^\s*(?:export\s+)?(?:const|let|var|interface|type)\s+([A-Za-z_$][\w$]*)/.exec(line) ?? /^\s*([A-Za-z_]\w*)\s*=/.exec(line);
    return { at, name: v?.[1] ?? '', kind: 'other' };
  }
  return undefined;
}

/** The parameter list of the declaration starting at `lines[at]`: offsets of "(" and ")" in the joined text. */
function paramList(text: string, from: number): [number, number] | undefined {
  const open = text.indexOf('(', from);
  if (open < 0) return undefined;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return [open, i];
  }
  return undefined;
}

const offsetOfLine = (lines: readonly string[], at: number) => lines.slice(0, at).reduce((n, l) => n + l.length + 1, 0);

function summary(name: string, kind: 'function' | 'class' | 'other'): string {
  const words = nameWords(name);
  if (words.length === 0) return 'What this code does.';
  const [first, ...rest] = words;
  if (kind === 'function' && VERBS.has(first!)) return `${first![0]!.toUpperCase()}${first!.slice(1)}s ${rest.length ? `the ${rest.join(' ')}` : 'it'}.`;
  if (kind === 'function') return `Returns the ${words.join(' ')}.`;
  return `The ${words.join(' ')}.`;
}

function addDocComment({ grammar, lines }: Edit): string[] {
  const python = grammar === 'python';
  const d = declaration(lines, python);
  if (!d) throw cannot('quickEdit', 'there is no code in the selection to document');
  const line = lines[d.at]!;
  const indent = indentOf(line);
  const text = summary(d.name, d.kind);
  if (python && d.kind !== 'other') {
    const body = lines.slice(d.at + 1);
    const bodyIndent = indent + indentUnit(body, indent, '    ');
    // A multi-line header ends at the line ending with ":".
    const end = lines.findIndex((l, i) => i >= d.at && /:\s*(#.*)?$/.test(l));
    return [...lines.slice(0, end + 1), `${bodyIndent}"""${text}"""`, ...lines.slice(end + 1)];
  }
  if (python || grammar === 'bash' || grammar === 'ruby') return [...lines.slice(0, d.at), `${indent}# ${text}`, ...lines.slice(d.at)];
  const joined = lines.join('\n');
  const range = d.kind === 'function' ? paramList(joined, offsetOfLine(lines, d.at)) : undefined;
  const params = range ? parseParams(joined.slice(range[0] + 1, range[1])) : [];
  const doc = params.length === 0
    ? [`${indent}/** ${text} */`]
    : [`${indent}/**`, `${indent} * ${text}`, ...params.map((p) => `${indent} * @param ${p.name}`), `${indent} */`];
  return [...lines.slice(0, d.at), ...doc, ...lines.slice(d.at)];
}

const JS_NAMES = new Set(['identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern']);

async function renameLocal(e: Edit, from: string, to: string): Promise<string[]> {
  const text = e.lines.join('\n');
  if (!e.grammar) throw cannot('quickEdit', 'renaming needs a language Switchyard can parse');
  const spots = await withTree(e.grammar, text, (tree) => {
    const out: { start: number; end: number; shorthand: boolean }[] = [];
    for (const n of walk(tree.rootNode)) {
      if (n.text !== from || n.childCount > 0) continue;
      const named = e.grammar === 'python' ? n.type === 'identifier' && !isPythonMember(n) : JS_NAMES.has(n.type) || n.type === 'identifier';
      if (named) out.push({ start: n.startIndex, end: n.endIndex, shorthand: n.type.startsWith('shorthand_property') });
    }
    return out;
  });
  if (!spots || spots.length === 0) throw cannot('quickEdit', `the selection has no local named ${from}`);
  let out = text;
  for (const s of [...spots].reverse()) out = out.slice(0, s.start) + (s.shorthand ? `${from}: ${to}` : to) + out.slice(s.end);
  return out.split('\n');
}

function isPythonMember(n: Node): boolean {
  const p = n.parent;
  if (!p) return false;
  if (p.type === 'attribute') return p.childForFieldName('attribute')?.startIndex === n.startIndex;
  if (p.type === 'keyword_argument') return p.childForFieldName('name')?.startIndex === n.startIndex;
  return false;
}

function addParameter(e: Edit, spec: string): string[] {
  const python = e.grammar === 'python';
  const d = declaration(e.lines, python);
  if (!d || d.kind !== 'function') throw cannot('quickEdit', 'adding a parameter needs a function in the selection');
  let param = spec.trim();
  // Plain JavaScript has no type annotations.
  if (e.grammar === 'javascript') param = param.replace(/^([A-Za-z_$][\w$]*)\s*:\s*[^=]+/, '$1').trim();
  const text = e.lines.join('\n');
  const range = paramList(text, offsetOfLine(e.lines, d.at));
  if (!range) throw cannot('quickEdit', `could not find the parameter list of ${d.name}`);
  const inside = text.slice(range[0] + 1, range[1]);
  const kept = inside.trimEnd();
  const insert = kept.trim() === '' ? param : kept.endsWith(',') ? ` ${param},` : `, ${param}`;
  const at = range[0] + 1 + (kept.trim() === '' ? 0 : kept.length);
  return (text.slice(0, at) + insert + text.slice(kept.trim() === '' ? range[1] : at)).split('\n');
}

function wrapInTry(e: Edit): string[] {
  const python = e.grammar === 'python';
  const js = isJsFamily(e.grammar) || (!python && e.grammar !== undefined);
  if (!python && !js) throw cannot('quickEdit', 'wrapping in try/catch needs code in a language Switchyard can parse');
  const { lines } = e;
  const d = declaration(lines, python);
  let from = 0;
  let to = lines.length;
  while (to > 0 && lines[to - 1]!.trim() === '') to--;
  let name = 'this code';
  if (d?.kind === 'function') {
    name = d.name;
    const open = python ? lines.findIndex((l, i) => i >= d.at && /:\s*(#.*)?$/.test(l)) : lines.findIndex((l, i) => i >= d.at && /\{\s*$/.test(l));
    if (open < 0) throw cannot('quickEdit', `could not find the body of ${d.name}`);
    from = open + 1;
    if (!python) {
      while (to > from && !/^\s*\}/.test(lines[to - 1]!)) to--;
      if (to <= from) throw cannot('quickEdit', `${d.name} has no multi-line body to wrap`);
      to--;
    }
  }
  const body = lines.slice(from, to);
  if (body.every((l) => l.trim() === '')) throw cannot('quickEdit', 'there is nothing to wrap');
  const base = body.filter((l) => l.trim() !== '').map(indentOf).reduce((a, b) => (b.length < a.length ? b : a));
  const unit = indentUnit(lines, indentOf(lines[d?.at ?? 0] ?? ''), python ? '    ' : '  ') || (python ? '    ' : '  ');
  const inner = body.map((l) => (l.trim() === '' ? l : unit + l));
  const wrapped = python
    ? [`${base}try:`, ...inner, `${base}except Exception as err:`, `${base}${unit}raise RuntimeError(f"${name} failed: {err}") from err`]
    : [`${base}try {`, ...inner, `${base}} catch (err) {`, `${base}${unit}console.error('${name} failed', err);`, `${base}${unit}throw err;`, `${base}}`];
  return [...lines.slice(0, from), ...wrapped, ...lines.slice(to)];
}

const strip = (s: string) => s.trim().replace(/^[`'"]|[`'"]$/g, '').replace(/[.;]$/, '').trim();

async function rewrite(e: Edit, instruction: string): Promise<string[]> {
  const i = instruction.trim();
  if (/\b(doc(umentation)?|jsdoc|docstring)\b/i.test(i) && /\b(add|write|document)\b/i.test(i)) return addDocComment(e);
  const rename = /\brename\b\s+(?:the\s+)?(?:local\s+)?(?:variable\s+)?`?([A-Za-z_$][\w$]*)`?\s+(?:to|as)\s+`?([A-Za-z_$][\w$]*)`?/i.exec(i);
  if (rename) return renameLocal(e, rename[1]!, rename[2]!);
  const param = /\badd\s+(?:an?\s+|the\s+)?(?:new\s+)?(?:optional\s+)?(?:param(?:eter)?|argument)\s+(?:named\s+|called\s+)?(.+?)(?:\s+to\s+(?:the\s+|this\s+)?(?:function|method|signature)\b.*)?$/i.exec(i);
  if (param && strip(param[1]!) !== '') return addParameter(e, strip(param[1]!));
  if (/\bwrap\b.*\btry\b/i.test(i)) return wrapInTry(e);
  throw notUnderstood('quickEdit');
}

/**
 * The simulated fast model is the weaker one: on a selection longer than this it loses the
 * selection's last line, an answer the extension's syntax check rejects (so the task escalates),
 * and the router has something to learn from in the demo.
 */
export const FAST_MODEL_MAX_LINES = 20;

/** The rewritten range, or a Refusal. `weaker`: the fast lane's simulated model (see FAST_MODEL_MAX_LINES). */
export async function simulateQuickEdit(ask: QuickEditAsk, weaker = false): Promise<string | Refusal> {
  const grammar = grammarOf({ grammar: ask.grammar, languageId: ask.languageId, path: ask.path });
  // Prose and unparsed languages: no guessed rewrite of someone's text.
  if (!grammar) return cannot('quickEdit', `it edits only code in a language Switchyard parses, and this is ${ask.languageId || 'plain text'}`);
  const trailing = ask.target.endsWith('\n');
  const lines = (trailing ? ask.target.slice(0, -1) : ask.target).split('\n');
  try {
    const out = (await rewrite({ grammar, lines, ask }, ask.instruction)).join('\n') + (trailing ? '\n' : '');
    if (!(await keepsSyntax(grammar, ask.target, out))) return cannot('quickEdit', 'the edit would not parse here');
    return weaker && lines.length > FAST_MODEL_MAX_LINES ? dropLastLine(out) : out;
  } catch (err) {
    if (err instanceof Refusal) return err;
    throw err;
  }
}

function dropLastLine(text: string): string {
  const lines = text.split('\n');
  let last = lines.length - 1;
  while (last > 0 && lines[last]!.trim() === '') last--;
  lines.splice(last, 1);
  return lines.join('\n');
}
