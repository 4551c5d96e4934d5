// The simulated model's one syntax service: the project's own grammars, loaded
// on first use, so what it answers is checked the way the extension checks it.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, Tree } from 'web-tree-sitter';
import { GrammarRegistry, grammarForLanguageId, grammarForPath, resolveGrammarName, validateEdit } from '../../../src/syntax/index.ts';

let registry: GrammarRegistry | undefined;

function grammarsDir(): string {
  const dir = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'grammars');
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error('the simulated lane needs the grammars: run npm run build first');
  return dir;
}

export function grammars(): GrammarRegistry {
  registry ??= new GrammarRegistry(grammarsDir());
  return registry;
}

/** Loads the usual grammars ahead of the first request, so a completion's first answer is not late. */
export function warmUp(): void {
  try {
    const reg = grammars();
    for (const id of ['typescript', 'tsx', 'javascript', 'python']) if (reg.has(id)) void reg.load(id).catch(() => undefined);
  } catch {
    // No grammars built: the first request says so.
  }
}

/** A grammar id from a header's "(grammar)", a VS Code language id, or a path. */
export function grammarOf(hint: { grammar?: string; languageId?: string; path?: string }): string | undefined {
  const reg = grammars();
  for (const id of [hint.grammar, hint.languageId && grammarForLanguageId(hint.languageId), hint.languageId && resolveGrammarName(hint.languageId), hint.path && grammarForPath(hint.path)]) {
    if (id && reg.has(id)) return id;
  }
  return undefined;
}

/** Whether `after` has no syntax error that `before` lacked. */
export async function keepsSyntax(grammarId: string | undefined, before: string, after: string): Promise<boolean> {
  if (!grammarId) return true;
  return (await validateEdit(grammars(), grammarId, before, after)).ok;
}

/** Parses `text`, hands the tree to `use`, and frees it. */
export async function withTree<T>(grammarId: string, text: string, use: (tree: Tree) => T): Promise<T | undefined> {
  const reg = grammars();
  if (!(await reg.load(grammarId))) return undefined;
  const tree = reg.sharedParser(grammarId)?.parse(text);
  if (!tree) return undefined;
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

/** Every node of the tree, depth first, in source order. */
export function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of node.children) if (child) yield* walk(child);
}

export const isJsFamily = (grammarId: string | undefined): boolean => grammarId === 'typescript' || grammarId === 'tsx' || grammarId === 'javascript';
