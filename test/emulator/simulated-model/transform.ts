// Simulated transform specs in the extension's spec shapes (one query and a
// rewrite, or rules with an action inside a capture): "replace A(x) with B(x)" and "add argument Z to
// every call of F". Each spec carries an example that holds, and the extension
// checks it again before anything runs.
import type { TransformAsk } from './prompt-reader.ts';
import { cannot, notUnderstood, Refusal } from './understood.ts';
import { grammarOf, isJsFamily } from './syntax.ts';

export interface TransformSpec { language: string; query: string; rewrite: string; examples: { before: string; after: string }[] }
/** The rules form (several rules, actions inside a capture), used where one query cannot say it. */
export interface TransformRulesSpec {
  languages: string[];
  rules: { query: string; rewrite: string; action: string; target: string; separator: string }[];
  examples: { before: string; after: string }[];
}

const quoted = (s: string) => JSON.stringify(s);
/** Template text taken literally: "@" is written "@@". */
const literal = (s: string) => s.replaceAll('@', '@@');
const CALLEE = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/.source;

/** The grammar of the scope's files: the first sample that mentions `callee`, else the most common. */
function languageFor(ask: TransformAsk, callee: string): string | undefined {
  const sample = ask.samples.find((s) => s.text.includes(`${callee}(`));
  return grammarOf({ ...(sample ? { path: sample.path } : {}), ...(ask.languages[0] ? { grammar: ask.languages[0] } : {}) });
}

function call(grammar: string): { node: string; args: string; end: string } | undefined {
  if (isJsFamily(grammar)) return { node: 'call_expression', args: 'arguments', end: ';' };
  if (grammar === 'python') return { node: 'call', args: 'argument_list', end: '' };
  return undefined;
}

function replaceCalls(ask: TransformAsk, from: string, to: string): TransformSpec {
  const grammar = languageFor(ask, from);
  const shape = grammar ? call(grammar) : undefined;
  if (!grammar || !shape) throw cannot('transform', 'its transforms are for TypeScript, JavaScript and Python files only');
  return {
    language: grammar,
    query: `(${shape.node}\n  function: (_) @callee\n  arguments: (${shape.args}) @args\n  (#eq? @callee ${quoted(from)})) @match`,
    rewrite: `${literal(to)}@args`,
    examples: [{ before: `${from}(x)${shape.end}\n`, after: `${to}(x)${shape.end}\n` }],
  };
}

/** insertLast into the argument list: empty and non-empty lists alike get Z, with a comma only where needed. */
function addArgument(ask: TransformAsk, arg: string, fn: string): TransformRulesSpec {
  const grammar = languageFor(ask, fn);
  if (!grammar || !isJsFamily(grammar)) throw cannot('transform', 'adding an argument is simulated for TypeScript and JavaScript files only');
  return {
    languages: [grammar],
    rules: [{
      query: `(call_expression\n  function: (_) @callee\n  arguments: (arguments) @args\n  (#eq? @callee ${quoted(fn)})) @match`,
      rewrite: literal(arg), action: 'insertLast', target: 'args', separator: '',
    }],
    examples: [{ before: `${fn}();\n${fn}(a);\n`, after: `${fn}(${arg});\n${fn}(a, ${arg});\n` }],
  };
}

const unquote = (s: string) => s.trim().replace(/^`|`$/g, '');

export function simulateTransform(ask: TransformAsk): TransformSpec | TransformRulesSpec | Refusal {
  const i = ask.instruction.trim().replace(/\.$/, '');
  const rep = new RegExp(`\\breplace\\s+\`?(${CALLEE})\\s*\\(([^)]*)\\)\`?\\s+(?:calls\\s+)?with\\s+\`?(${CALLEE})\\s*\\(([^)]*)\\)\`?`, 'i').exec(i);
  if (rep) {
    if (rep[2]!.trim() !== rep[4]!.trim()) return cannot('transform', 'a replacement must keep the arguments as they are, as in "replace A(x) with B(x)"');
    try {
      return replaceCalls(ask, rep[1]!, rep[3]!);
    } catch (err) {
      if (err instanceof Refusal) return err;
      throw err;
    }
  }
  const add = new RegExp(`\\badd\\s+(?:an?\\s+|the\\s+)?(?:argument|arg)\\s+(.+?)\\s+to\\s+(?:every|each|all)\\s+calls?\\s+(?:of|to)\\s+\`?(${CALLEE})\`?(?:\\(\\))?$`, 'i').exec(i);
  if (add) {
    try {
      return addArgument(ask, unquote(add[1]!), add[2]!);
    } catch (err) {
      if (err instanceof Refusal) return err;
      throw err;
    }
  }
  return notUnderstood('transform');
}
