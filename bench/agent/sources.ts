// The simulated repository of one replayed task: TypeScript sources and vitest
// files with realistic text, so tool results weigh what real ones do in tokens.
import { between, pick } from './draw.ts';

export const MODULES = ['billing', 'auth', 'search', 'cart', 'reports', 'notifications', 'scheduler', 'inventory', 'shipping', 'accounts'] as const;
const NOUNS = ['invoice', 'session', 'token', 'query', 'item', 'report', 'digest', 'slot', 'stock', 'rate', 'parcel', 'user', 'discount', 'batch', 'cursor', 'quota', 'refund', 'coupon'] as const;
const VERBS = ['compute', 'format', 'parse', 'validate', 'load', 'apply', 'merge', 'build', 'resolve', 'normalize', 'collect', 'schedule'] as const;
const FIELDS = ['amount', 'count', 'weight', 'limit', 'offset', 'score', 'priority', 'retries'] as const;

const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

export interface SourceFile {
  readonly path: string;
  /** Lines an edit may target: each occurs exactly once in the file and names the task's symbol. */
  readonly targets: readonly string[];
  text: string;
}

export interface Repo {
  readonly module: string;
  /** The symbol the task changes, and the file that defines it. */
  readonly symbol: string;
  readonly main: SourceFile;
  /** Files that call the symbol, in the order the plan visits them. */
  readonly callers: readonly SourceFile[];
  readonly tests: readonly SourceFile[];
  /** Paths that do not exist but look as if they might (what a model that guesses reaches for). */
  readonly guess: string;
}

function helperFunction(seed: number, key: string, i: number, noun: string): string[] {
  const verb = pick(seed, VERBS, key, 'verb', i);
  const field = pick(seed, FIELDS, key, 'field', i);
  const name = `${verb}${cap(noun)}${cap(field)}${i}`;
  const lines = [
    `export function ${name}(${noun}: ${cap(noun)}, options: Options = {}): number {`,
    `  const ${field} = ${noun}.${field} ?? options.default${cap(field)} ?? 0;`,
    `  if (${field} < 0) throw new RangeError('${name}: negative ${field} ' + String(${field}));`,
  ];
  for (let k = 0, n = between(seed, 1, 5, key, 'body', i); k < n; k++) {
    lines.push(`  // step ${k + 1}: ${pick(seed, ['clamp to the configured limit', 'skip archived entries', 'keep the original order', 'round half up like the ledger', 'apply the tenant override'], key, 'why', i, k)}`);
    lines.push(`  const v${k} = ${k === 0 ? field : `v${k - 1}`} * (options.factor${k} ?? 1) + (options.bias${k} ?? 0);`);
  }
  lines.push(`  return Math.round(v${between(seed, 1, 5, key, 'body', i) - 1} * 100) / 100;`, '}', '');
  return lines;
}

function sourceFile(seed: number, path: string, noun: string, body: string[], fns: number): string {
  const lines = [
    `// ${path}`,
    `import type { Options } from '../shared/options.ts';`,
    ...body.filter((l) => l.startsWith('import ')),
    '',
    `export interface ${cap(noun)} {`,
    '  id: string;',
    ...FIELDS.slice(0, between(seed, 2, FIELDS.length, path, 'fields')).map((f) => `  ${f}?: number;`),
    '}',
    '',
  ];
  const rest = body.filter((l) => !l.startsWith('import '));
  const at = between(seed, 0, fns, path, 'at');
  for (let i = 0; i < fns; i++) {
    if (i === at) lines.push(...rest, '');
    lines.push(...helperFunction(seed, path, i, noun));
  }
  if (at >= fns) lines.push(...rest, '');
  return lines.join('\n');
}

/** One task's repository: the file defining the symbol, `callerCount` callers (at most 15), three test files. */
export function makeRepo(seed: number, taskId: string, callerCount: number): Repo {
  const module = pick(seed, MODULES, taskId, 'module');
  const nouns = [...NOUNS].sort((a, b) => between(seed, 0, 1e6, taskId, 'n', a) - between(seed, 0, 1e6, taskId, 'n', b));
  const mainNoun = nouns[0]!;
  const symbol = `${pick(seed, VERBS, taskId, 'symverb')}${cap(mainNoun)}Total`;
  const mainPath = `src/${module}/${mainNoun}.ts`;
  const signature = `export function ${symbol}(${mainNoun}: ${cap(mainNoun)}, options: Options = {}): number {`;
  const main: SourceFile = {
    path: mainPath,
    targets: [signature],
    text: sourceFile(seed, mainPath, mainNoun, [signature, `  return ${mainNoun}.amount ?? 0;`, '}'], between(seed, 3, 7, taskId, 'mainfns')),
  };
  const callers = nouns.slice(1, 1 + callerCount).map((noun, c): SourceFile => {
    const path = `src/${module}/${noun}.ts`;
    const uses = between(seed, 1, 3, taskId, 'uses', c);
    const importLine = `import { ${symbol} } from './${mainNoun}.ts';`;
    const calls = Array.from({ length: uses }, (_, u) => `  const total${u} = ${symbol}(${noun}.${mainNoun}s[${u}], { factor0: ${u + 1} });`);
    const body = [importLine, `export function summarise${cap(noun)}(${noun}: { ${mainNoun}s: ${cap(mainNoun)}[] }): number {`, ...calls, `  return ${calls.map((_, u) => `total${u}`).join(' + ')};`, '}'];
    return { path, targets: [importLine, ...calls], text: sourceFile(seed, path, noun, body, between(seed, 2, 6, taskId, 'fns', c)) };
  });
  const tests = [mainNoun, ...nouns.slice(1, 3)].map((noun, t): SourceFile => {
    const path = `test/${module}/${noun}.test.ts`;
    const expects = Array.from({ length: 4 }, (_, k) => `    expect(${symbol}({ id: 't${k}', amount: ${between(seed, 100, 9999, taskId, 'amt', t, k)} }, { factor0: ${k + 1} })).toBe(${between(seed, 100, 9999, taskId, 'want', t, k)});`);
    const text = [
      `import { describe, expect, it } from 'vitest';`,
      `import { ${symbol} } from '../../src/${module}/${mainNoun}.ts';`,
      '',
      `describe('${symbol} (${noun})', () => {`,
      ...expects.flatMap((e, k) => [`  it('case ${k + 1}: ${pick(seed, ['rounds half cents up', 'keeps zero amounts', 'applies the factor', 'ignores archived entries', 'respects the limit'], taskId, 'case', t, k)}', () => {`, e, '  });', '']),
      '});',
    ].join('\n');
    return { path, targets: expects, text };
  });
  return { module, symbol, main, callers, tests, guess: `src/${module}/index.ts` };
}

/** The file's text with line numbers, as agents' readFile tools return it. */
export function numbered(text: string): string {
  return text.split('\n').map((l, i) => `${String(i + 1).padStart(4)}  ${l}`).join('\n');
}

export function lineOf(text: string, line: string): number {
  return text.split('\n').indexOf(line) + 1;
}
