// Simulated completions: continue the identifier or call being typed from names
// the prompt shows, close what the line left open, or give a new function a
// body. Every candidate is parsed in the window the extension sent, and the
// first that adds no syntax error is the answer; none means an empty answer.
// A body the model cannot infer is a recognisable canned one that throws
// "canned body from the simulated lane", so nobody mistakes it for a real one.
import type { CompletionAsk } from './prompt-reader.ts';
import { CLOSER, indentUnit, nameWords, openBrackets, parseParams, type Param } from './code-text.ts';
import { grammarOf, isJsFamily, keepsSyntax } from './syntax.ts';

export const CANNED_MESSAGE = 'canned body from the simulated lane';

const KEYWORDS = new Set(('break case catch class const continue debugger default delete do else export extends finally for function if import in '
  + 'instanceof let new return super switch this throw try typeof var void while with yield async await interface type enum implements '
  + 'private protected public readonly static true false null undefined def elif except lambda pass raise from as is not and or None True False').split(' '));

interface KnownFunction { name: string; params: Param[] }

function knownFunctions(context: string, python: boolean): Map<string, KnownFunction> {
  const out = new Map<string, KnownFunction>();
  const res = python
    ? [/\bdef\s+([A-Za-z_]\w*)\s*\(([^)]*)\)/g]
    : [/\bfunction\s*\*?\s+([A-Za-z_$][\w$]*)\s*(?:<[^>(]*>)?\s*\(([^)]*)\)/g, /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?\(([^)]*)\)[^=;\n]*=>/g];
  for (const re of res) for (const m of context.matchAll(re)) if (!out.has(m[1]!)) out.set(m[1]!, { name: m[1]!, params: parseParams(m[2]!) });
  return out;
}

/** Names in the prompt, most used first, for finishing a half-typed one. */
function knownNames(context: string): string[] {
  const counts = new Map<string, number>();
  const noStrings = context.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, '');
  for (const m of noStrings.matchAll(/[A-Za-z_$][\w$]*/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return [...counts].filter(([n]) => !KEYWORDS.has(n)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([n]) => n);
}

const argsFor = (f: KnownFunction) => f.params.filter((p) => !p.optional).map((p) => p.name).join(', ');

/** A statement-ending semicolon where the line is a whole statement (JS family). */
function terminators(js: boolean, line: string, rest: string): string[] {
  if (!js || rest.trim() !== '' || /^\s*(if|for|while|switch|catch|function|class|export\s+(function|class|default\s+function))\b/.test(line)) return [''];
  return [';', ''];
}

/** Candidates that continue the current line: finish a name, fill a call's arguments, close brackets. */
function lineCandidates(ask: CompletionAsk, js: boolean, python: boolean): string[] {
  const lineStart = ask.prefix.lastIndexOf('\n') + 1;
  const line = ask.prefix.slice(lineStart);
  const nl = ask.suffix.indexOf('\n');
  const rest = nl < 0 ? ask.suffix : ask.suffix.slice(0, nl);
  const fns = knownFunctions(ask.context, python);
  const out: string[] = [];
  const finish = (core: string) => {
    const opened = openBrackets(line + core, python ? '#' : '//');
    const closers = opened.reverse().map((b) => CLOSER[b]).join('');
    const restClosers = /^[)\]}]*/.exec(rest.trim())![0];
    const needed = closers.startsWith(restClosers) ? closers.slice(restClosers.length) : closers;
    // A bare ";" only ends what already reads as a whole statement.
    const whole = core !== '' || needed !== '' || /^\s*((const|let|var)\s+[\w$]+\s*=|return\s)\s*\S.*[\w$)\]'"`]$|\)$/.test(line);
    for (const end of terminators(js, line, rest)) if (end === '' || whole) out.push(core + needed + (restClosers ? '' : end));
    out.push(core);
  };
  const partial = /[A-Za-z_$][\w$]*$/.exec(line)?.[0];
  if (partial && partial.length >= 2 && !KEYWORDS.has(partial)) {
    for (const name of knownNames(ask.context)) {
      if (name.length <= partial.length || !name.startsWith(partial)) continue;
      const fn = fns.get(name);
      finish(name.slice(partial.length) + (fn && !rest.startsWith('(') ? `(${argsFor(fn)})` : ''));
      break;
    }
  }
  const call = /([A-Za-z_$][\w$.]*)\(\s*$/.exec(line);
  const fn = call ? fns.get(call[1]!.split('.').pop()!) : undefined;
  if (fn && fn.params.length > 0) finish(argsFor(fn));
  if (line.trim() !== '') finish('');
  return out;
}

interface Header { indent: string; name: string; params: Param[]; returns?: string }

function functionHeader(line: string, python: boolean): Header | undefined {
  const m = python
    ? /^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*(?:->\s*([^:]+?))?\s*:\s*$/.exec(line)
    : /^(\s*)(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^>(]*>)?\s*\(([^)]*)\)\s*(?::\s*([^{]+?))?\s*\{\s*$/.exec(line)
      ?? /^(\s*)(?:(?:public|private|protected|static|async)\s+)*([A-Za-z_$][\w$]*)\s*\(([^)]*)\)\s*(?::\s*([^{]+?))?\s*\{\s*$/.exec(line);
  if (!m || KEYWORDS.has(m[2]!)) return undefined;
  return { indent: m[1]!, name: m[2]!, params: parseParams(m[3]!), ...(m[4] ? { returns: m[4].trim() } : {}) };
}

const isList = (p: Param, python: boolean) => (p.type ? (python ? /^(list|List|Sequence|tuple)\b/.test(p.type) : /\[\]$|^(Readonly)?Array</.test(p.type)) : false);

/** The body's statements: an idiom the name and types give away, else the canned body. */
function bodyLines(h: Header, python: boolean): string[] {
  const words = nameWords(h.name);
  const list = h.params.find((p) => isList(p, python)) ?? (h.params.length === 1 && !h.params[0]!.type ? h.params[0] : undefined);
  if (list && ['count', 'size', 'length', 'number'].includes(words[0] ?? '')) return [python ? `return len(${list.name})` : `return ${list.name}.length;`];
  if (list && words[0] === 'sum' && (list.type === undefined || /^(number\[\]|Array<number>|list\[(int|float)\])$/.test(list.type))) {
    return [python ? `return sum(${list.name})` : `return ${list.name}.reduce((sum, value) => sum + value, 0);`];
  }
  if (list && ['is', 'has'].includes(words[0] ?? '') && words.includes('empty')) return [python ? `return len(${list.name}) == 0` : `return ${list.name}.length === 0;`];
  return [python ? `raise NotImplementedError("${CANNED_MESSAGE}")` : `throw new Error('${CANNED_MESSAGE}');`];
}

/** On a fresh line under a function header (or right after its opener): the body, closed if the suffix does not close it. */
function bodyCandidates(ask: CompletionAsk, js: boolean, python: boolean): string[] {
  if (!js && !python) return [];
  const lines = ask.prefix.split('\n');
  const current = lines.at(-1)!;
  const afterOpener = current.trim() !== '';
  const headerLine = afterOpener ? current : [...lines.slice(0, -1)].reverse().find((l) => l.trim() !== '');
  if (headerLine === undefined || (!afterOpener && lines.length < 2)) return [];
  const h = functionHeader(headerLine, python);
  if (!h) return [];
  const unit = indentUnit(ask.suffix.split('\n'), h.indent, python ? '    ' : '  ');
  const bodyIndent = h.indent + unit;
  const body = bodyLines(h, python).map((l) => bodyIndent + l);
  // The first line goes where the cursor is: after the opener on a new line, or after the indentation already typed.
  const first = afterOpener ? `\n${body[0]}` : body[0]!.slice(bodyIndent.startsWith(current) ? current.length : 0);
  const text = [first, ...body.slice(1)].join('\n');
  if (python) return [text];
  const closer = `\n${h.indent}}`;
  const closedBelow = new RegExp(`^\\s*\\n?${h.indent.replace(/\t/g, '\\t')}\\}`).test(ask.suffix) || /^\s*\}/.test(ask.suffix);
  return closedBelow ? [text, text + closer] : [text + closer, text];
}

export async function simulateCompletion(ask: CompletionAsk): Promise<string> {
  const grammar = grammarOf({ grammar: ask.grammar, languageId: ask.languageId, path: ask.path });
  // Plain text, Markdown and languages without a grammar get no ghost text.
  if (!grammar) return '';
  const js = isJsFamily(grammar);
  const python = grammar === 'python';
  const candidates = ask.multiLine ? [...bodyCandidates(ask, js, python), ...lineCandidates(ask, js, python)] : lineCandidates(ask, js, python);
  const before = ask.prefix + ask.suffix;
  const seen = new Set<string>();
  for (const c of candidates) {
    if (c.trim() === '' || seen.has(c)) continue;
    seen.add(c);
    if (!ask.multiLine && c.includes('\n')) continue;
    if (await keepsSyntax(grammar, before, ask.prefix + c + ask.suffix)) return c;
  }
  return '';
}
