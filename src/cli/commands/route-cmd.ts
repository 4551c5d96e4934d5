// switchyard route: what adaptive routing learned from the ledger (--explain), and
// forgetting it (--reset, a routing_reset event every face's statistics honour).
import { randomUUID } from 'node:crypto';
import type { LedgerEvent } from '../../core/ledger-record.ts';
import type { PolicyConfig } from '../../core/policy-config.ts';
import { routingTable, type RoutingRow } from '../../core/routing-format.ts';
import type { PriceFn } from '../../core/task.ts';
import { TASK_KINDS, type TaskKind } from '../../core/task.ts';
import { LedgerService } from '../../ledger/service.ts';
import { settingsSnapshot } from '../../pipeline/settings-snapshot.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIO } from '../command.ts';
import type { CliCommand } from '../command.ts';
import { resolveLedgerDir } from '../ledger-dir.ts';
import { cliSettings } from './deep-lane-setup.ts';
import { routingLines, settingsLine } from './route-format.ts';

const USAGE = [
  'switchyard route --explain [--shape KEY-OR-PREFIX] [--kind KIND] [--json] [--ledger-dir D] [--config FILE]',
  '       switchyard route --reset [--shape KEY | --kind KIND] [--ledger-dir D]',
  '  --explain  the learned table: per task shape, the lane routing picks now and why, each lane\'s record',
  '             ("9 of 30": succeeded of judged attempts, recent ones weighing more), mean cost and time, and',
  '             what learning saved or cost against the static table (an estimate)',
  '  --reset    forget what was learned: every shape, one kind\'s (--kind), or one shape (--shape, its exact key);',
  '             writes a routing_reset event to the ledger, which VS Code windows pick up as they run',
  '  --shape    a shape key such as quickEdit|python|40-80 (with --explain, a prefix such as quickEdit|python)',
  `  --kind     one of ${TASK_KINDS.join(', ')}`,
  '  --json     the rows and the settings as JSON',
  '  --config FILE    settings as JSON (SWITCHYARD_CONFIG): switchyard.routing.learning, .preference, .exploration',
  '  --ledger-dir D   usage ledger (SWITCHYARD_LEDGER_DIR; default $XDG_DATA_HOME/switchyard/ledger)',
].join('\n');

function kindArg(value: string | undefined): TaskKind | undefined {
  if (value === undefined) return undefined;
  if (!(TASK_KINDS as readonly string[]).includes(value)) throw new UsageError(`--kind must be one of ${TASK_KINDS.join(', ')}, got "${value}"`);
  return value as TaskKind;
}

/** A shape key's kind (its first part), checked. */
function kindOfShape(shape: string): TaskKind {
  const kind = shape.split('|')[0]!;
  if (!(TASK_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--shape must start with a task kind (${TASK_KINDS.join(', ')}), as in quickEdit|python|40-80; got "${shape}"`);
  return kind as TaskKind;
}

function matches(row: RoutingRow, shape: string | undefined, kind: TaskKind | undefined): boolean {
  return (!shape || row.shape.startsWith(shape)) && (!kind || row.shape.split('|')[0] === kind);
}

/** What the table is drawn from: the ledger's statistics, the policy and prices in force, and the time. */
interface Learned {
  ledger: LedgerService;
  policy: PolicyConfig;
  price: PriceFn;
  now: number;
}

const rowsOf = (l: Learned) => routingTable(l.ledger.routing, l.now, l.policy, l.price);

async function explain(l: Learned, filter: { shape?: string; kind?: TaskKind; json?: boolean }, io: CliIO): Promise<number> {
  const { ledger } = l;
  const rows = rowsOf(l).filter((r) => matches(r, filter.shape, filter.kind));
  const r = l.policy.routing;
  if (filter.json) {
    io.out(`${JSON.stringify({ ledgerDir: ledger.store.dir, settings: { learning: r.learning, preference: r.preference, exploration: r.exploration, halfLifeDays: r.halfLifeDays }, rows }, null, 2)}\n`);
    return EXIT_OK;
  }
  const lines = [`routing learned from ${ledger.store.dir}`, settingsLine(r)];
  if (!rows.length) {
    const what = filter.shape || filter.kind ? ` matching ${[filter.kind, filter.shape].filter(Boolean).join(' and ')}` : '';
    lines.push(`  nothing learned yet${what}: rows appear once tasks of a shape have been judged (validated, then accepted, applied, rejected or undone)`);
  } else {
    lines.push(...routingLines(rows));
  }
  io.out(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

async function reset(l: Learned, target: { shape?: string; kind?: TaskKind }, io: CliIO): Promise<number> {
  const { ledger, now } = l;
  const before = rowsOf(l);
  const kinds: readonly TaskKind[] = target.shape ? [kindOfShape(target.shape)] : target.kind ? [target.kind] : TASK_KINDS;
  const doomed = before.filter((r) => (target.shape ? r.shape === target.shape : kinds.includes(r.shape.split('|')[0] as TaskKind)));
  if (target.shape && !doomed.length) {
    const known = before.filter((r) => r.shape.startsWith(`${kinds[0]}|`)).map((r) => r.shape);
    io.err(`switchyard route: nothing learned for shape "${target.shape}", so nothing to forget; nothing was written${known.length ? `\n  shapes of ${kinds[0]} with figures: ${known.join(', ')}` : ''}\n`);
    return EXIT_FAILURE;
  }
  const time = new Date(now).toISOString();
  for (const kind of kinds) {
    const event: LedgerEvent = {
      v: 1, type: 'event', id: randomUUID(), time, event: 'routing_reset', taskId: randomUUID(), kind,
      ...(target.shape ? { shape: target.shape } : {}), note: 'switchyard route --reset',
    };
    await ledger.append(event);
  }
  const scope = target.shape ? `shape ${target.shape}` : target.kind ? `every ${target.kind} shape` : 'every shape of every kind';
  const lines = [`forgot what routing learned of ${scope} before ${time} (${kinds.length} routing_reset event${kinds.length === 1 ? '' : 's'} in ${ledger.store.dir})`];
  lines.push(doomed.length ? '  forgotten:' : '  there were no learned figures to forget; later tasks start from the static table either way');
  if (doomed.length) lines.push(...routingLines(doomed).map((l) => `  ${l}`));
  io.out(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

/** The command on a given clock (tests); `routeCommand` is on the real one. */
export function routeCommandAt(clock: () => number): CliCommand {
  return {
    name: 'route',
    summary: 'What adaptive routing learned from the ledger (--explain), or forget it (--reset)',
    usage: USAGE,
    async run(argv, ctx) {
      const { values, positionals } = parseCommandArgs(argv, {
        explain: { type: 'boolean' },
        reset: { type: 'boolean' },
        shape: { type: 'string' },
        kind: { type: 'string' },
        json: { type: 'boolean' },
        config: { type: 'string' },
        'ledger-dir': { type: 'string' },
      });
      if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
      if (values.explain === values.reset) throw new UsageError('choose one of --explain and --reset');
      if (values.shape !== undefined && !values.shape.trim()) throw new UsageError('--shape needs a shape key, such as quickEdit|python|40-80');
      const kind = kindArg(values.kind);
      if (values.reset) {
        if (values.json) throw new UsageError('--json goes with --explain');
        if (values.shape && kind) throw new UsageError('give --shape or --kind, not both: a shape key names its kind');
        if (values.shape) kindOfShape(values.shape);
      }
      const { policy, price } = settingsSnapshot(cliSettings({ config: values.config }, ctx.io));
      const ledger = new LedgerService(resolveLedgerDir(values['ledger-dir'], ctx.io.env, ctx.io.cwd), { now: clock, halfLifeDays: policy.routing.halfLifeDays });
      const learned: Learned = { ledger, policy, price, now: clock() };
      try {
        await ledger.routingLoaded();
        const target = { ...(values.shape ? { shape: values.shape.trim() } : {}), ...(kind ? { kind } : {}) };
        return values.explain
          ? await explain(learned, { ...target, json: values.json }, ctx.io)
          : await reset(learned, target, ctx.io);
      } finally {
        await ledger.dispose();
      }
    },
  };
}

export const routeCommand = routeCommandAt(Date.now);
