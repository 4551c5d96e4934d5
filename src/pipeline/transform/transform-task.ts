// The AST transform as one pipeline task: the deep lane writes a spec once,
// and validation compiles it, checks its examples and runs it over every file
// in scope locally. A spec that fails (compile errors, a wrong example, a file
// it would break) goes back to the model once with the error.
import { countTokens } from '../../core/tokens.ts';
import type { GrammarRegistry } from '../../syntax/index.ts';
import { jsonTaskPrompt } from '../json-answer.ts';
import { transformOutputHint } from '../output-hints.ts';
import type { PipelineTask } from '../task-types.ts';
import { checkSpec, type CheckedTransform, type ScopeFile } from './check-spec.ts';
import { parseSpec, TRANSFORM_SPEC_JSON_SCHEMA } from './spec-schema.ts';

const EXAMPLES = [
  {
    say: 'Replace a call (replace is the default action; the target is @match, else the smallest node holding the captures):',
    spec: { languages: ['javascript', 'typescript', 'tsx'], rules: [{ query: '(call_expression function: (member_expression object: (identifier) @o (#eq? @o "console") property: (property_identifier) @p (#eq? @p "log")) arguments: (arguments) @args) @match', rewrite: 'logger.debug@args', action: 'replace', target: '', separator: '' }], examples: [{ before: 'console.log(console.log(a), b);\n', after: 'logger.debug(logger.debug(a), b);\n' }] },
  },
  {
    say: 'Add an argument to every call of fetchUser, whether its list is empty or not (insertLast into the arguments node; insertFirst puts it first):',
    spec: { languages: ['typescript'], rules: [{ query: '(call_expression function: (identifier) @f (#eq? @f "fetchUser") arguments: (arguments) @args)', rewrite: 'ctx', action: 'insertLast', target: 'args', separator: '' }], examples: [{ before: 'fetchUser();\nfetchUser(id);\n', after: 'fetchUser(ctx);\nfetchUser(id, ctx);\n' }] },
  },
  {
    say: 'Wrap a call (replace, with the capture inside the template):',
    spec: { languages: ['javascript'], rules: [{ query: '(call_expression function: (identifier) @f (#eq? @f "load")) @call', rewrite: 'retry(() => @call)', action: 'replace', target: 'call', separator: '' }], examples: [{ before: 'const x = load(1);\n', after: 'const x = retry(() => load(1));\n' }] },
  },
  {
    say: 'Prepend or append text next to a node (prepend / append leave the node itself alone):',
    spec: { languages: ['javascript'], rules: [{ query: '(call_expression function: (identifier) @f (#eq? @f "load")) @call', rewrite: '.catch(report)', action: 'append', target: 'call', separator: '' }], examples: [{ before: 'load(1);\n', after: 'load(1).catch(report);\n' }] },
  },
  {
    say: 'Rename a variable: also match shorthand properties, which become { oldName: newName } so the object key stays (a rename that leaves { oldName } untouched is refused). Several rules run in one pass:',
    spec: { languages: ['typescript', 'tsx'], rules: [
      { query: '([(identifier) (shorthand_property_identifier) (shorthand_property_identifier_pattern)] @id (#eq? @id "oldName"))', rewrite: 'newName', action: 'replace', target: '', separator: '' },
      { query: '((type_identifier) @t (#eq? @t "OldType"))', rewrite: 'NewType', action: 'replace', target: '', separator: '' },
    ], examples: [{ before: 'const oldName = 1;\nexport default { oldName };\n', after: 'const newName = 1;\nexport default { oldName: newName };\n' }] },
  },
];

export const TRANSFORM_SYSTEM = [
  'You write mechanical code transforms that run on tree-sitter (web-tree-sitter 0.27 query syntax), in the shape of ast-grep rules: a pattern and a fix.',
  'Answer with a spec: the languages (grammar ids), one or more rules, and 1-4 small examples.',
  'A spec may cover a language family, e.g. ["javascript", "typescript", "tsx"], when its node types exist in each; every rule is compiled for every language listed.',
  'Each rule: a query with captures; a rewrite template (@name inserts a capture\'s text, @{name} when letters follow, @@ is a literal @; everything else is literal);',
  'an action: replace (default), prepend, append, insertFirst or insertLast; and a target capture ("" = @match, else the smallest node holding all captures).',
  'insertFirst/insertLast put the rendered template into a list node (arguments, array, formal_parameters, object) and add the separator only where the list is not empty.',
  'All rules run in one pass; nested matches are all rewritten (an outer capture is rendered with the inner rewrites applied).',
  'Put predicates inside the parentheses of the pattern they restrict: ((identifier) @id (#eq? @id "x")). Each example must be a complete snippet that parses,',
  'and the spec applied to its before must produce exactly its after. The spec will run locally on every file in scope, and every result must parse.',
  '',
  'Worked examples:',
  ...EXAMPLES.flatMap((e) => [e.say, JSON.stringify(e.spec), '']),
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
  const body = `${describeScope(opts.registry, opts.scope, Math.max(500, opts.budget - 1500), opts.instruction)}\n## Instruction\n${opts.instruction}${opts.scopeLabel ? ` (scope: ${opts.scopeLabel})` : ''}\n`;
  const task: PipelineTask<CheckedTransform> = {
    kind: 'astTransform',
    // The JSON schema goes with the prompt and is billed as input too.
    inputTokens: countTokens(TRANSFORM_SYSTEM) + countTokens(body) + countTokens(JSON.stringify(TRANSFORM_SPEC_JSON_SCHEMA.schema)),
    fileCount: opts.scope.length,
    outputTokensHint: transformOutputHint(opts.instruction),
    prompt: jsonTaskPrompt(TRANSFORM_SYSTEM, body, TRANSFORM_SPEC_JSON_SCHEMA),
    validate: async (output) => {
      const parsed = parseSpec(output);
      if (!parsed.ok) return parsed;
      // Tasks are immutable: the builder's signal is the one the checks stop on.
      return checkSpec(parsed.spec, opts.registry, opts.scope, opts.signal);
    },
    recordExtras: (t) => ({ filesTouched: t.changed.length }),
    signal: opts.signal,
    confirmedOverBudget: opts.confirmedOverBudget,
    onAttempt: opts.onAttempt,
  };
  return task;
}
