// The refactor as a pipeline task: the prompt (repo map, mentioned symbols and
// the most relevant files, within the deep lane's prompt budget), and the
// validation that turns the model's JSON into a checked, computed plan. A
// rejected plan comes back once with its errors (info.previousFailure).
import { countTokens } from '../../core/tokens.ts';
import { buildRefactorContext, identifiersInText, type GrammarRegistry, type SymbolIndex } from '../../syntax/index.ts';
import { jsonTaskPrompt } from '../json-answer.ts';
import { refactorOutputHint } from '../output-hints.ts';
import type { PipelineTask } from '../task-types.ts';
import { checkPlan, type CheckedPlan } from './check-plan.ts';
import { EDIT_PLAN_JSON_SCHEMA, parsePlan } from './plan-schema.ts';
import type { PlanWorkspace } from './plan-workspace.ts';

export const REFACTOR_SYSTEM = [
  'You are a careful senior engineer making one multi-file change in the repository shown.',
  'Answer with an edit plan only. Operations apply in order:',
  '- modify: search/replace hunks. Copy each search text exactly from the current file, with enough lines to occur exactly once.',
  '- create: a new file with its whole content.',
  '- rename: move a file (modify it afterwards under its new path if its text changes too).',
  '- delete: remove a file.',
  'Paths are relative to the workspace root, with forward slashes; never absolute, never "..".',
  'Every file must still parse after the change. Change only what the instruction needs.',
].join('\n');

export interface RefactorTaskOptions {
  instruction: string;
  index: SymbolIndex;
  workspace: PlanWorkspace;
  registry: GrammarRegistry;
  /** Prompt tokens the context may use (the deep lane's refactor budget from settings). */
  budget: number;
  /** Files the user pointed at (e.g. the active editor). */
  focusFiles?: readonly string[];
  signal?: AbortSignal;
  confirmedOverBudget?: boolean;
  onAttempt?: PipelineTask<CheckedPlan>['onAttempt'];
}

export interface RefactorTaskBuild {
  task: PipelineTask<CheckedPlan>;
  /** Files whose full text went into the prompt. */
  contextFiles: string[];
}

export async function buildRefactorTask(opts: RefactorTaskOptions): Promise<RefactorTaskBuild> {
  const reserve = countTokens(REFACTOR_SYSTEM) + countTokens(opts.instruction) + 2000; // room for a repair section
  const mentioned = identifiersInText(opts.instruction);
  const texts = new Map<string, string>();
  const context = buildRefactorContext(opts.index, {
    focusFiles: opts.focusFiles,
    mentionedIdentifiers: mentioned,
    budget: Math.max(1000, opts.budget - reserve),
    readFile: (rel) => {
      if (opts.workspace.ignored(rel)) return undefined;
      const r = opts.workspace.read(rel);
      if (r.kind === 'text') texts.set(rel, r.text);
      return r.kind === 'text' ? r.text : undefined;
    },
  });
  const shown = context.files.map((rel) => ({ rel, text: texts.get(rel)! }));
  const tail = `\n## Instruction\n${opts.instruction}\n`;
  const body = context.text + tail;
  const task: PipelineTask<CheckedPlan> = {
    kind: 'refactor',
    // The context builder already counted its text; recounting 100k tokens costs tens of ms.
    // The JSON schema goes with the prompt and is billed as input too.
    inputTokens: countTokens(REFACTOR_SYSTEM) + context.tokens + countTokens(tail) + countTokens(JSON.stringify(EDIT_PLAN_JSON_SCHEMA.schema)),
    fileCount: context.files.length,
    outputTokensHint: refactorOutputHint(opts.instruction, mentioned, shown, opts.focusFiles),
    prompt: jsonTaskPrompt(REFACTOR_SYSTEM, body, EDIT_PLAN_JSON_SCHEMA),
    validate: async (output) => {
      const parsed = parsePlan(output);
      if (!parsed.ok) return parsed;
      if (parsed.plan.operations.length === 0) return { ok: false, failure: 'empty', message: 'the plan has no operations' };
      const checked = await checkPlan(parsed.plan, opts.workspace, opts.registry);
      return checked.ok ? checked : { ok: false, failure: checked.failure, message: checked.message };
    },
    recordExtras: (plan) => ({ filesTouched: plan.files.length }),
    signal: opts.signal,
    confirmedOverBudget: opts.confirmedOverBudget,
    onAttempt: opts.onAttempt,
  };
  return { task, contextFiles: context.files };
}
