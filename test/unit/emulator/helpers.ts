// The sample workspace and the real pipeline pieces the simulated-model tests drive.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { CompletionEngine, type CompletionDocument } from '../../../src/pipeline/completion/engine.ts';
import { GrammarRegistry } from '../../../src/syntax/index.ts';
import type { Rig } from '../pipeline/helpers.ts';
import { GRAMMARS, REPO, tempDir } from '../syntax/helpers.ts';

export const SAMPLE = join(REPO, 'test/fixtures/sample');
export const registry = new GrammarRegistry(GRAMMARS);

/** A fresh copy of the sample workspace. */
export function sampleCopy(): { dir: string; cleanup: () => void } {
  const t = tempDir('switchyard-sim-');
  cpSync(SAMPLE, t.dir, { recursive: true });
  return t;
}

export function documentOf(path: string, text: string, grammarId: string | undefined, languageId: string): CompletionDocument {
  let tree: Tree | undefined;
  if (grammarId) tree = registry.sharedParser(grammarId)?.parse(text) ?? undefined;
  return { uri: `file:///ws/${path}`, text, languageId, grammarId, tree, path, file: path };
}

export function engineFor(r: Rig): CompletionEngine {
  return new CompletionEngine({ pipeline: r.pipeline, ledger: r.store, registry, settings: () => r.settings, simulated: true });
}
