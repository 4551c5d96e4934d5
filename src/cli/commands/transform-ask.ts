// switchyard transform --ask "<instruction>" <paths…>: the deep lane writes the
// transform spec once; it is checked (compiles, holds on its own examples,
// every file still parses) and run locally on every file. Dry run unless --write.
import { relative, resolve, sep } from 'node:path';
import { writeOutcomes } from '../../pipeline/refactor/write-plan.ts';
import type { ScopeFile } from '../../pipeline/transform/check-spec.ts';
import { collectScope } from '../../pipeline/transform/scope.ts';
import { buildTransformTask } from '../../pipeline/transform/transform-task.ts';
import { positiveInt } from '../args.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../command.ts';
import type { CliContext } from '../command.ts';
import { unifiedDiff } from '../diff.ts';
import { LANE_HELP, LANE_OPTIONS, openDeepLane, type LaneFlags } from './deep-lane-setup.ts';
import { recordPlanOutcome } from './plan-events.ts';
import { isBlockOutcome } from '../../core/ledger-record.ts';

export const ASK_OPTIONS = { ask: { type: 'string' }, dir: { type: 'string' }, ...LANE_OPTIONS } as const;

export const ASK_USAGE = `switchyard transform --ask "<instruction>" <paths…> [--dir ROOT] [--write] [--json] [--yes]\n${LANE_HELP}`;

interface AskValues extends LaneFlags { ask?: string; dir?: string; write?: boolean; json?: boolean; 'max-file-bytes'?: string; lang?: string; query?: string; rewrite?: string; spec?: string }

export async function askTransform(values: AskValues, positionals: string[], ctx: CliContext): Promise<number> {
  if (!values.ask?.trim()) throw new UsageError('--ask needs an instruction');
  if (values.lang || values.query || values.rewrite || values.spec) throw new UsageError('--ask writes the rules itself; drop --lang/--query/--rewrite/--spec');
  if (positionals.length === 0) throw new UsageError('give at least one file or directory');
  const root = resolve(ctx.io.cwd, values.dir ?? '.');
  const maxFileBytes = positiveInt(values['max-file-bytes'], '--max-file-bytes', 1_000_000);
  const registry = ctx.registry();
  const seen = new Map<string, ScopeFile>();
  for (const p of positionals) {
    const rel = relative(root, resolve(ctx.io.cwd, p)).split(sep).join('/');
    if (rel.startsWith('..')) throw new UsageError(`${p} is outside the root ${root} (set --dir)`);
    try {
      for (const f of collectScope(root, rel, { registry, maxFileBytes })) seen.set(f.path, f);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
  }
  const scope = [...seen.values()];
  if (scope.length === 0) throw new UsageError('no files with a known language in the given paths');
  const lane = await openDeepLane(values, ctx.io, root);
  try {
    const task = await buildTransformTask({ instruction: values.ask, registry, scope, budget: lane.pipeline.policy().tokenBudgets.astTransform.prompt, scopeLabel: positionals.join(' ') });
    const result = await lane.run(task);
    if (!result.ok) {
      ctx.io.err(`switchyard transform: ${result.message}\n`);
      return EXIT_FAILURE;
    }
    const t = result.value;
    if (values.write) writeOutcomes(root, t.changed.map((c) => ({ path: c.path, before: c.before, after: c.after })));
    await recordPlanOutcome(lane.pipeline, result.records, values.write === true, t.changed.map((c) => c.path));
    if (values.json) {
      ctx.io.out(`${JSON.stringify({
        spec: t.spec, grammarId: t.grammarId, filesInScope: t.filesInScope, matches: t.matches, skipped: t.skipped,
        files: t.changed.map((c) => ({ file: c.path, matches: c.matches, edits: c.edits.length })),
        dryRun: !values.write, written: values.write ? t.changed.length : 0, modelCalls: result.records.length, ledgerDir: lane.ledgerDir,
      }, null, 2)}\n`);
    } else {
      ctx.io.out(`# languages: ${t.spec.languages.join(', ')}\n`);
      for (const [i, r] of t.spec.rules.entries()) {
        ctx.io.out(`# rule ${i + 1}${r.action && r.action !== 'replace' ? ` (${r.action}${r.target ? ` @${r.target}` : ''})` : ''}:\n${r.query.replace(/^/gm, '#   ')}\n# rewrite: ${r.rewrite}\n`);
      }
      for (const c of t.changed) ctx.io.out(unifiedDiff(c.path, c.before, c.after));
      ctx.io.err(`(${t.matches} match(es) in ${t.changed.length} of ${t.filesInScope} ${t.grammarId} file(s); every file reparses; `
        + `${values.write ? `${t.changed.length} written` : 'dry run, nothing written (add --write)'}; ${result.records.filter((r) => !isBlockOutcome(r.outcome)).length} model call(s))\n`);
    }
    return EXIT_OK;
  } finally {
    await lane.close();
  }
}
