// The AST transform as one pipeline task: the deep lane writes a spec once,
// and validation compiles it, checks its examples and runs it over every file
// in scope locally. A spec that fails (compile errors, a wrong example, a file
// it would break) goes back to the model once with the error.
import { countTokens, loadTokenizer } from '../../core/tokens.ts';
import type { GrammarRegistry } from '../../syntax/index.ts';
import { repairSection } from '../refactor/refactor-task.ts';
import type { AttemptInfo, LanePrompt, PipelineTask } from '../task-types.ts';
import { checkSpec, type CheckedTransform, type ScopeFile } from './check-spec.ts';
import { parseSpec, TRANSFORM_SPEC_JSON_SCHEMA } from './spec-schema.ts';

export const TRANSFORM_SYSTEM = [
  'You write mechanical code transforms for tree-sitter (web-tree-sitter 0.27 query syntax).',
  'Answer with a spec: the grammar id, one query with captures, a rewrite template and 1-4 small examples.',
  'The node replaced by each match is the one captured as @match; without @match, the smallest node containing all captures.',
  'Rewrite templates: @name inserts the captured text, @{name} when letters follow, @@ is a literal @. Everything else is literal.',
  'Use predicates such as (#eq? @obj "console") to restrict matches. Each example must be a complete snippet that parses,',
  'and the transform applied to its before must produce exactly its after. The spec will run locally on every file in scope.',
].join('\n');

export interface TransformTaskOptions {
  instruction: string;
  registry: GrammarRegistry;
  scope: readonly ScopeFile[];
  /** Prompt tokens for the samples (the astTransform budget from settings). */
  budget: number;
  /** How the scope was described to the user (e.g. "folder src"). */
  scopeLabel?: string;
  signal?: AbortSignal;
  confirmedOverBudget?: boolean;
  onAttempt?: PipelineTask<CheckedTransform>['onAttempt'];
}

/** Languages in scope with counts, and a few sample files so the query fits the real code. */
function describeScope(registry: GrammarRegistry, scope: readonly ScopeFile[], budget: number, instruction: string): string {
  const counts = new Map<string, number>();
  for (const f of scope) {
    const g = registry.forPath(f.path);
    if (g) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const lines = ['## Files in scope', ...[...counts].sort((a, b) => b[1] - a[1]).map(([g, n]) => `${g}: ${n} file(s)`), ''];
  // Files mentioning a word of the instruction make better samples.
  const words = (instruction.match(/[A-Za-z_$][\w$.]{2,}/g) ?? []).map((w) => w.split('.')[0]!);
  const score = (f: ScopeFile) => words.filter((w) => f.text.includes(w)).length;
  const samples = [...scope].filter((f) => registry.forPath(f.path)).sort((a, b) => score(b) - score(a)).slice(0, 3);
  let used = countTokens(lines.join('\n'));
  for (const f of samples) {
    const text = f.text.length > 6000 ? `${f.text.slice(0, 6000)}\n…` : f.text;
    const block = `## Sample ${f.path}\n${text}\n`;
    const cost = countTokens(block);
    if (used + cost > budget) break;
    lines.push(block);
    used += cost;
  }
  return lines.join('\n');
}

export async function buildTransformTask(opts: TransformTaskOptions): Promise<PipelineTask<CheckedTransform>> {
  await loadTokenizer();
  const body = `${describeScope(opts.registry, opts.scope, Math.max(500, opts.budget - 1500), opts.instruction)}\n## Instruction\n${opts.instruction}${opts.scopeLabel ? ` (scope: ${opts.scopeLabel})` : ''}\n`;
  const prompt = (info: AttemptInfo): LanePrompt => ({
    system: TRANSFORM_SYSTEM,
    prompt: body + repairSection(info.previousFailure),
    jsonSchema: TRANSFORM_SPEC_JSON_SCHEMA,
  });
  const task: PipelineTask<CheckedTransform> = {
    kind: 'astTransform',
    inputTokens: countTokens(TRANSFORM_SYSTEM) + countTokens(body),
    fileCount: opts.scope.length,
    prompt,
    validate: async (output) => {
      const parsed = parseSpec(output);
      if (!parsed.ok) return parsed;
      // The caller may set the task's signal after building it (the editor's progress Cancel).
      return checkSpec(parsed.spec, opts.registry, opts.scope, task.signal ?? opts.signal);
    },
    recordExtras: (t) => ({ filesTouched: t.changed.length }),
    signal: opts.signal,
    confirmedOverBudget: opts.confirmedOverBudget,
    onAttempt: opts.onAttempt,
  };
  return task;
}
