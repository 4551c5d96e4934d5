// Checks an edit plan and computes its result in memory: every path is safe,
// every anchor occurs exactly once, and every resulting file reparses with no
// new syntax errors. Nothing is written here; a plan either passes whole or
// comes back with every problem found (the repair prompt lists them all).
import type { ValidationFailure } from '../../core/policy-config.ts';
import { validateEdit, type GrammarRegistry } from '../../syntax/index.ts';
import { baseText, planFinalTexts, type FileOutcome, type OriginalText, type PlanStep } from './final-text.ts';
import type { EditPlan } from './plan-schema.ts';
import { checkPlanPath, type PlanWorkspace } from './plan-workspace.ts';

export type { FileOutcome, PlanStep } from './final-text.ts';

export interface CheckedPlan {
  plan: EditPlan;
  steps: PlanStep[];
  files: FileOutcome[];
  /** Hunks that only matched with the whitespace-tolerant fallback. */
  fuzzyHunks: number;
}

export type PlanCheck =
  | { ok: true; value: CheckedPlan }
  | { ok: false; failure: ValidationFailure; message: string; problems: string[] };

export async function checkPlan(plan: EditPlan, ws: PlanWorkspace, registry: GrammarRegistry): Promise<PlanCheck> {
  const read = (rel: string): OriginalText => {
    const r = ws.read(rel);
    switch (r.kind) {
      case 'text': return r.text;
      case 'missing': return undefined;
      case 'binary': return { refused: 'is a binary file, which Switchyard never edits' };
      case 'too-large': return { refused: `is too large (${r.bytes} bytes) to edit` };
      case 'directory': return { refused: 'is a directory, not a file' };
    }
  };
  const { steps, files, fuzzyHunks, problems } = planFinalTexts(plan.operations, read, (rel) => checkPlanPath(ws, rel));
  const pathProblems = problems.filter((p) => p.kind === 'path').map((p) => p.message);
  const anchorProblems = problems.filter((p) => p.kind === 'anchor').map((p) => p.message);
  if (pathProblems.length) return fail('paths', [...pathProblems, ...anchorProblems]);
  if (anchorProblems.length) return fail('schema', anchorProblems);

  const syntaxProblems: string[] = [];
  for (const f of files) {
    if (f.after === undefined) continue;
    const grammarId = registry.forPath(f.path);
    if (!grammarId) continue;
    // A moved file is compared with its old self, a new one with nothing.
    const base = baseText(files, f) ?? '';
    if (base === f.after) continue;
    const report = await validateEdit(registry, grammarId, base, f.after);
    if (!report.ok) {
      const shown = report.introduced.slice(0, 3).map((p) => p.message).join('; ');
      syntaxProblems.push(`${f.path}: the result has ${report.introduced.length} new syntax error(s): ${shown}`);
    }
  }
  if (syntaxProblems.length) return fail('parse_errors', syntaxProblems);
  return { ok: true, value: { plan, steps, files, fuzzyHunks } };
}

function fail(failure: ValidationFailure, problems: string[]): PlanCheck {
  const shown = problems.slice(0, 8);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  return { ok: false, failure, problems, message: `the plan is invalid: ${shown.join('; ')}${more}` };
}
