// The rule that a completion never introduces a parse error: the window text
// with the completion inserted is parsed with tree-sitter and compared with the
// window without it. Problems already there are not blamed on the completion.
import { validateEditSync, type GrammarRegistry } from '../../syntax/index.ts';

export interface GateInput {
  registry: GrammarRegistry;
  /** Grammar id of the document; undefined means plain text (nothing to check). */
  grammarId: string | undefined;
  prefix: string;
  suffix: string;
}

export type GateResult =
  | { ok: true; text: string; checked: boolean }
  | { ok: false; message: string };

function introduces(input: GateInput, completion: string): { bad: boolean; checked: boolean; message: string } {
  if (!input.grammarId || !input.registry.loaded(input.grammarId)) return { bad: false, checked: false, message: '' };
  const report = validateEditSync(input.registry, input.grammarId, input.prefix + input.suffix, input.prefix + completion + input.suffix);
  const first = report.introduced[0];
  const message = first ? `the completion would introduce ${report.introduced.length} parse error(s) (${first.kind} ${first.nodeType} at line ${first.start.line + 1})` : '';
  return { bad: !report.ok, checked: report.checked, message };
}

/**
 * Checks a cleaned completion. A multi-line completion that breaks the syntax
 * falls back to its first line when that alone is clean.
 */
export function gateCompletion(input: GateInput, completion: string): GateResult {
  const full = introduces(input, completion);
  if (!full.bad) return { ok: true, text: completion, checked: full.checked };
  const nl = completion.indexOf('\n');
  const firstLine = nl > 0 ? completion.slice(0, nl).trimEnd() : '';
  if (firstLine.trim() !== '') {
    const one = introduces(input, firstLine);
    if (!one.bad) return { ok: true, text: firstLine, checked: one.checked };
  }
  return { ok: false, message: full.message };
}
