// Checks an edit plan and computes its result in memory: every path is safe,
// every anchor occurs exactly once, and every resulting file reparses with no
// new syntax errors. Nothing is written here; a plan either passes whole or
// comes back with every problem found (the repair prompt lists them all).
import type { ValidationFailure } from '../../core/policy-config.ts';
import { validateEdit, type GrammarRegistry } from '../../syntax/index.ts';
import { applyHunk } from './hunks.ts';
import type { EditPlan } from './plan-schema.ts';
import { checkPlanPath, type PlanWorkspace } from './plan-workspace.ts';

/** One operation of the plan, resolved against the files as they are at that step. */
export type PlanStep =
  | { kind: 'modify'; path: string; before: string; after: string }
  | { kind: 'create'; path: string; content: string }
  | { kind: 'rename'; path: string; newPath: string }
  | { kind: 'delete'; path: string };

/** A path the plan touches: its text before (undefined: did not exist) and after (undefined: gone). */
export interface FileOutcome { path: string; before?: string; after?: string }

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

interface Entry { text: string | undefined; origin?: string }

export async function checkPlan(plan: EditPlan, ws: PlanWorkspace, registry: GrammarRegistry): Promise<PlanCheck> {
  const pathProblems: string[] = [];
  const anchorProblems: string[] = [];
  const state = new Map<string, Entry>();
  const originals = new Map<string, string | undefined>();
  const current = (rel: string): Entry | string => {
    const known = state.get(rel);
    if (known) return known;
    const read = ws.read(rel);
    switch (read.kind) {
      case 'text': originals.set(rel, read.text); return { text: read.text, origin: rel };
      case 'missing': originals.set(rel, undefined); return { text: undefined };
      case 'binary': return 'is a binary file, which Switchyard never edits';
      case 'too-large': return `is too large (${read.bytes} bytes) to edit`;
      case 'directory': return 'is a directory, not a file';
    }
  };
  const steps: PlanStep[] = [];
  let fuzzyHunks = 0;

  plan.operations.forEach((op, i) => {
    const where = `operation ${i + 1} (${op.kind} ${op.path})`;
    const paths = op.kind === 'rename' ? [op.path, op.newPath] : [op.path];
    const unsafe = paths.map((p) => [p, checkPlanPath(ws, p)] as const).filter(([, why]) => why);
    if (unsafe.length) { for (const [p, why] of unsafe) pathProblems.push(`${where}: path "${p}" ${why}`); return; }
    const entry = current(op.path);
    if (typeof entry === 'string') { pathProblems.push(`${where}: ${op.path} ${entry}`); return; }
    switch (op.kind) {
      case 'modify': {
        if (entry.text === undefined) { anchorProblems.push(`${where}: the file does not exist (use create for new files)`); return; }
        let text = entry.text;
        for (const [h, hunk] of op.hunks.entries()) {
          const r = applyHunk(text, hunk.search, hunk.replace);
          if (!r.ok) { anchorProblems.push(`${where}, hunk ${h + 1}: ${r.message}`); return; }
          if (r.fuzzy) fuzzyHunks++;
          text = r.text;
        }
        steps.push({ kind: 'modify', path: op.path, before: entry.text, after: text });
        state.set(op.path, { ...entry, text });
        return;
      }
      case 'create':
        if (entry.text !== undefined) { anchorProblems.push(`${where}: the file already exists (use modify)`); return; }
        steps.push({ kind: 'create', path: op.path, content: op.content });
        state.set(op.path, { text: op.content });
        return;
      case 'delete':
        if (entry.text === undefined) { anchorProblems.push(`${where}: the file does not exist`); return; }
        steps.push({ kind: 'delete', path: op.path });
        state.set(op.path, { text: undefined });
        return;
      case 'rename': {
        if (entry.text === undefined) { anchorProblems.push(`${where}: the file does not exist`); return; }
        const target = current(op.newPath);
        if (typeof target === 'string') { pathProblems.push(`${where}: ${op.newPath} ${target}`); return; }
        if (target.text !== undefined) { anchorProblems.push(`${where}: ${op.newPath} already exists`); return; }
        steps.push({ kind: 'rename', path: op.path, newPath: op.newPath });
        state.set(op.newPath, entry);
        state.set(op.path, { text: undefined });
        return;
      }
    }
  });
  if (pathProblems.length) return fail('paths', [...pathProblems, ...anchorProblems]);
  if (anchorProblems.length) return fail('schema', anchorProblems);

  const files: FileOutcome[] = [];
  const syntaxProblems: string[] = [];
  for (const [path, entry] of state) {
    const before = originals.get(path);
    if (entry.text === before) continue;
    files.push({ path, ...(before !== undefined ? { before } : {}), ...(entry.text !== undefined ? { after: entry.text } : {}) });
    if (entry.text === undefined) continue;
    const grammarId = registry.forPath(path);
    if (!grammarId) continue;
    // A moved file is compared with its old self, a new one with nothing.
    const base = entry.origin !== undefined ? originals.get(entry.origin) ?? '' : '';
    if (await parsesClean(registry, grammarId, entry.text)) continue;
    const report = await validateEdit(registry, grammarId, base, entry.text);
    if (!report.ok) {
      const shown = report.introduced.slice(0, 3).map((p) => p.message).join('; ');
      syntaxProblems.push(`${path}: the result has ${report.introduced.length} new syntax error(s): ${shown}`);
    }
  }
  if (syntaxProblems.length) return fail('parse_errors', syntaxProblems);
  return { ok: true, value: { plan, steps, files, fuzzyHunks } };
}

/**
 * A result with no ERROR or MISSING node cannot have introduced one, so most
 * files need one parse, not validateEdit's two; the rest get the full comparison.
 */
async function parsesClean(registry: GrammarRegistry, grammarId: string, text: string): Promise<boolean> {
  if (!(await registry.load(grammarId))) return false;
  const tree = registry.sharedParser(grammarId)?.parse(text);
  try {
    return tree ? !tree.rootNode.hasError : false;
  } finally {
    tree?.delete();
  }
}

function fail(failure: ValidationFailure, problems: string[]): PlanCheck {
  const shown = problems.slice(0, 8);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  return { ok: false, failure, problems, message: `the plan is invalid: ${shown.join('; ')}${more}` };
}
