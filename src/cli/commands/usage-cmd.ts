// switchyard usage: ledger totals for a month, or the records as CSV / JSON.
import { LedgerAggregate, type Stats } from '../../core/ledger-aggregate.ts';
import { toCsv, toJson } from '../../ledger/export.ts';
import { formatUsd } from '../../core/money.ts';
import { LANES, TASK_KINDS } from '../../core/task.ts';
import { LedgerStore } from '../../ledger/store.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT_OK, UsageError } from '../command.ts';
import type { CliCommand } from '../command.ts';
import { resolveLedgerDir } from '../ledger-dir.ts';

const ms = (v: number | null) => (v === null ? '-' : `${Math.round(v)} ms`);

function row(label: string, s: Stats): string {
  const hits = s.cacheHits ? `  (+${s.cacheHits} cache hits)` : '';
  return `  ${label.padEnd(14)} ${String(s.requests).padStart(6)} req  ${formatUsd(s.costNanos).padStart(12)}  ttft p50 ${ms(s.ttft.p50).padStart(8)}  total p50 ${ms(s.total.p50).padStart(8)} p95 ${ms(s.total.p95).padStart(8)}${hits}`;
}

export const usageCommand: CliCommand = {
  name: 'usage',
  summary: 'Ledger totals for a month, or export its records (--csv, --json)',
  usage: 'switchyard usage [--month YYYY-MM] [--csv | --json] [--ledger-dir D]\n  --ledger-dir D  usage ledger (SWITCHYARD_LEDGER_DIR; default $XDG_DATA_HOME/switchyard/ledger); VS Code keeps its own in the extension\'s global storage',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, {
      month: { type: 'string' },
      csv: { type: 'boolean' },
      json: { type: 'boolean' },
      'ledger-dir': { type: 'string' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    if (values.csv && values.json) throw new UsageError('choose one of --csv and --json');
    if (values.month !== undefined && !/^\d{4}-\d{2}$/.test(values.month)) throw new UsageError('--month takes YYYY-MM');
    const store = new LedgerStore(resolveLedgerDir(values['ledger-dir'], ctx.io.env, ctx.io.cwd));
    try {
      const month = values.month ?? store.currentMonth();
      const { records, skipped } = await store.readMonth(month);
      if (values.csv) { ctx.io.out(toCsv(records)); return EXIT_OK; }
      if (values.json) { ctx.io.out(toJson(records)); return EXIT_OK; }
      const agg = new LedgerAggregate();
      agg.addAll(records);
      const summary = agg.period(month);
      const lines = [
        `usage for ${month} (${store.dir})`,
        row('all', summary.all),
        ...LANES.map((l) => row(`${l} lane`, summary.byLane[l])),
        ...TASK_KINDS.map((k) => row(k, summary.byKind[k])),
        `  savings against sending everything to the deep lane: ${formatUsd(summary.all.savingsNanos)}`,
      ];
      if (skipped) lines.push(`  ${skipped} corrupt line(s) skipped`);
      ctx.io.out(`${lines.join('\n')}\n`);
      return EXIT_OK;
    } finally {
      await store.close();
    }
  },
};
