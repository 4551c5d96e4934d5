// switchyard refactor "<instruction>": the deep lane plans a multi-file change;
// the plan is checked (safe paths, unique anchors, no new syntax errors) and
// printed with its diff. Nothing is written without --write, and then all of it.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildRefactorTask } from '../../pipeline/refactor/refactor-task.ts';
import { nodePlanWorkspace } from '../../pipeline/refactor/plan-workspace.ts';
import { writeOutcomes } from '../../pipeline/refactor/write-plan.ts';
import { indexInProcess } from '../../syntax/index.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../command.ts';
import type { CliCommand } from '../command.ts';
import { LANE_HELP, LANE_OPTIONS, openDeepLane } from './deep-lane-setup.ts';
import { unifiedDiff } from '../diff.ts';
import { recordPlanOutcome } from './plan-events.ts';
import { isBlockOutcome } from '../../core/ledger-record.ts';

export const refactorCommand: CliCommand = {
  name: 'refactor',
  summary: 'Plan a multi-file change on the deep lane; print the plan and diff (--write applies)',
  usage: `switchyard refactor "<instruction>" [--dir D] [--focus FILE]... [--write] [--json] [--yes]\n${LANE_HELP}`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...LANE_OPTIONS, dir: { type: 'string' }, focus: { type: 'string', multiple: true }, write: { type: 'boolean' }, json: { type: 'boolean' },
    });
    if (positionals.length !== 1 || !positionals[0]!.trim()) throw new UsageError('give the instruction as one quoted argument');
    const root = resolve(ctx.io.cwd, values.dir ?? '.');
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`not a directory: ${root}`);
    const registry = ctx.registry();
    const lane = await openDeepLane(values, ctx.io, root);
    try {
      const { index } = await indexInProcess(registry, root);
      const workspace = nodePlanWorkspace(root);
      const { task } = await buildRefactorTask({
        instruction: positionals[0]!, index, workspace, registry,
        budget: lane.pipeline.policy().tokenBudgets.refactor.prompt, focusFiles: values.focus ?? [],
      });
      const result = await lane.run(task);
      if (!result.ok) {
        ctx.io.err(`switchyard refactor: ${result.message}\n`);
        return EXIT_FAILURE;
      }
      const plan = result.value;
      let written = false;
      if (values.write) { writeOutcomes(root, plan.files); written = true; }
      await recordPlanOutcome(lane.pipeline, result.records, written, plan.files.map((f) => f.path));
      const cost = result.records.reduce((n, r) => n + r.costNanos, 0);
      if (values.json) {
        ctx.io.out(`${JSON.stringify({
          summary: plan.plan.summary, operations: plan.plan.operations,
          files: plan.files.map((f) => ({ path: f.path, status: f.before === undefined ? 'created' : f.after === undefined ? 'deleted' : 'modified' })),
          fuzzyHunks: plan.fuzzyHunks, dryRun: !values.write, written, lane: result.lane, model: result.model, costNanos: cost, ledgerDir: lane.ledgerDir,
        }, null, 2)}\n`);
      } else {
        ctx.io.out(`# ${plan.plan.summary}\n`);
        for (const op of plan.plan.operations) ctx.io.out(`#   ${op.kind} ${op.path}${op.kind === 'rename' ? ` -> ${op.newPath}` : ''}\n`);
        for (const f of plan.files) ctx.io.out(unifiedDiff(f.path, f.before, f.after));
        ctx.io.err(`(${plan.files.length} file(s) ${written ? 'written' : 'in the plan; dry run, nothing written (add --write)'}; ${result.records.filter((r) => !isBlockOutcome(r.outcome)).length} model call(s) on ${result.model})\n`);
      }
      return EXIT_OK;
    } finally {
      await lane.close();
    }
  },
};
