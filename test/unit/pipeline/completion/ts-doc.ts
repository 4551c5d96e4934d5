// A TypeScript document for the completion engine, from text with `|` at the cursor, parsed with
// the real grammar (load it with `registry.load('typescript')` first).
import type { CompletionDocument } from '../../../../src/pipeline/completion/engine.ts';
import { GrammarRegistry } from '../../../../src/syntax/index.ts';
import { GRAMMARS } from '../../syntax/helpers.ts';

export const registry = new GrammarRegistry(GRAMMARS);

export function tsDoc(textWithCursor: string): { doc: CompletionDocument; offset: number } {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.replace('|', '');
  const parser = registry.sharedParser('typescript')!;
  return { doc: { uri: 'file:///ws/src/a.ts', text, languageId: 'typescript', grammarId: 'typescript', tree: parser.parse(text) ?? undefined, path: 'src/a.ts', file: 'src/a.ts' }, offset };
}
