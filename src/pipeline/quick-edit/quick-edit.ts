// Quick edit as a pipeline task: the fast lane rewrites a range (the selection
// widened to whole syntax nodes, or the enclosing statement), and the rewrite is
// checked with tree-sitter before anyone sees it. New parse errors fail
// validation with 'parse_errors', so the pipeline escalates once to the deep lane.
import { countTokens } from '../../core/tokens.ts';
import { buildEditContext, validateEdit, type ContextDocument, type EditContext, type GrammarRegistry, type SymbolIndex } from '../../syntax/index.ts';
import { stripChatter, stripFences } from '../completion/postprocess.ts';
import { quickEditOutputHint } from '../output-hints.ts';
import type { AttemptInfo, LanePrompt, PipelineTask, TaskResult, Validation } from '../task-types.ts';
import type { Pipeline } from '../create-pipeline.ts';

export const QUICK_EDIT_SYSTEM = [
  'You rewrite one range of a source file as the user instructs.',
  'Reply with ONLY the complete new text for the range marked "(rewrite this)": no explanation, no markdown fences.',
  'Keep the indentation of the original lines, keep everything the instruction does not ask to change, and keep the code syntactically valid.',
].join('\n');

export function buildQuickEditPrompt(ctx: EditContext, instruction: string, languageId: string, info?: AttemptInfo): LanePrompt {
  const parts = [ctx.text, '', '## Instruction', instruction.trim(), '', `Language: ${languageId}. Reply with the rewritten range only.`];
  if (info?.previousFailure) {
    parts.push('', '## Your previous answer was rejected', info.previousFailure.message, 'Previous answer:', info.previousFailure.output);
  }
  // No thinking level here: each lane's own setting (fastLane.thinking, deepLane.reasoningEffort) goes on the wire.
  return { system: QUICK_EDIT_SYSTEM, prompt: parts.join('\n'), temperature: 0.2 };
}

/** The model's answer as replacement text for the target: fences and chatter off, line ends kept like the target's. */
export function cleanRewrite(output: string, target: string): string {
  let text = stripChatter(stripFences(output.replaceAll('\r\n', '\n')));
  if (target.endsWith('\n') && !text.endsWith('\n')) text += '\n';
  if (!target.endsWith('\n')) text = text.replace(/\n+$/, '');
  return text;
}

export interface QuickEditInput {
  doc: ContextDocument & { languageId: string };
  selStart: number;
  selEnd: number;
  instruction: string;
  index?: SymbolIndex;
  /** Prompt budget for the edit context. */
  budget?: number;
  file?: string;
  /** The workspace folder `file` is in (multi-root workspaces). */
  folder?: string;
  signal?: AbortSignal;
  confirmedOverBudget?: boolean;
  onText?(delta: string, info: AttemptInfo): void;
  onAttempt?(info: AttemptInfo, reason: string): void;
}

export interface QuickEditPlan {
  ctx: EditContext;
  task: PipelineTask<string>;
}

export function planQuickEdit(input: QuickEditInput, registry: GrammarRegistry): QuickEditPlan {
  const { doc } = input;
  const ctx = buildEditContext(doc, input.selStart, input.selEnd, input.index, { budget: input.budget });
  const before = doc.text;
  const lang = doc.grammarId ?? doc.languageId;
  const validate = async (output: string): Promise<Validation<string>> => {
    const text = cleanRewrite(output, ctx.target);
    if (text.trim() === '') return { ok: false, failure: 'empty', message: 'the rewrite was empty' };
    const after = before.slice(0, ctx.start) + text + before.slice(ctx.end);
    const report = await validateEdit(registry, lang, before, after);
    if (!report.ok) {
      const p = report.introduced[0]!;
      return { ok: false, failure: 'parse_errors', message: `the rewrite introduced ${report.introduced.length} parse error(s) (first: ${p.kind} ${p.nodeType} at line ${p.start.line + 1})` };
    }
    return { ok: true, value: text };
  };
  const editLines = ctx.target.split('\n').length - (ctx.target.endsWith('\n') ? 1 : 0);
  const task: PipelineTask<string> = {
    kind: 'quickEdit',
    inputTokens: ctx.tokens + countTokens(QUICK_EDIT_SYSTEM) + countTokens(input.instruction) + 30,
    editLines,
    outputTokensHint: quickEditOutputHint(input.instruction, ctx.target),
    language: doc.languageId,
    ...(input.file ? { file: input.file } : {}),
    ...(input.file && input.folder ? { folder: input.folder } : {}),
    prompt: (info) => buildQuickEditPrompt(ctx, input.instruction, doc.languageId, info),
    validate,
    onText: input.onText,
    onAttempt: input.onAttempt,
    signal: input.signal,
    confirmedOverBudget: input.confirmedOverBudget,
  };
  return { ctx, task };
}

export async function runQuickEdit(pipeline: Pick<Pipeline, 'run'>, registry: GrammarRegistry, input: QuickEditInput): Promise<{ ctx: EditContext; result: TaskResult<string> }> {
  const { ctx, task } = planQuickEdit(input, registry);
  return { ctx, result: await pipeline.run(task) };
}
