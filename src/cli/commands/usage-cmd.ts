// switchyard usage: ledger totals for a month (the aggregate the panel and the meter use),
// or its request and event records as CSV / JSON, with exact nano-dollars.
import { fastSuccessRate, LedgerAggregate, type Stats } from '../../core/ledger-aggregate.ts';
import { BLOCK_OUTCOMES, isBlockOutcome, OUTCOME_EVENT_KINDS, type LedgerRecord } from '../../core/ledger-record.ts';
import { costsDiffer, PRICE_UNKNOWN_TEXT } from '../../core/pricing.ts';
import { toCsv, toJson } from '../../ledger/export.ts';
import { formatUsd } from '../../core/money.ts';
import { formatToolCalls } from '../../core/usage-format.ts';
import { LANES, TASK_KINDS } from '../../core/task.ts';
import { LedgerStore } from '../../ledger/store.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT_OK, UsageError } from '../command.ts';
import type { CliCommand } from '../command.ts';
import { resolveLedgerDir } from '../ledger-dir.ts';
import { backfillOtlp } from './usage-otlp.ts';

const ms = (v: number | null) => (v === null ? '-' : `${Math.round(v)} ms`);

function row(label: string, s: Stats): string {
  return `  ${label.padEnd(14)} ${String(s.requests).padStart(6)} req  ${formatUsd(s.costNanos).padStart(12)}  ttft p50 ${ms(s.ttft.p50).padStart(8)}  total p50 ${ms(s.total.p50).padStart(8)} p95 ${ms(s.total.p95).padStart(8)}`;
}

const words = (k: string) => k.replace(/^blocked_/, '').replaceAll('_', ' ');

/** Each lane's tool-call parse-failure rate over the month's agent attempts, in the panel's words. */
export function toolCallLine(byLane: Record<string, Stats>): string {
  return `  tool calls (agent requests), malformed / made: ${LANES.map((l) => `${l} lane ${formatToolCalls(byLane[l]!.toolCalls)}`).join(', ')}`;
}

/** The lines after the per-lane and per-kind rows: blocks, events, savings, waste, fast success. */
export function economicsLines(s: Stats, byKind: Record<string, Stats>): string[] {
  const blocks = BLOCK_OUTCOMES.filter((b) => s.blocks[b] > 0).map((b) => `${words(b)} ${s.blocks[b]}`);
  const events = OUTCOME_EVENT_KINDS.map((e) => `${words(e)} ${s.events[e]}${e === 'shown' ? ` (${s.cacheHits} from cache)` : ''}`);
  const success = TASK_KINDS.flatMap((k) => {
    const x = byKind[k]!;
    const rate = fastSuccessRate(x);
    return rate === null ? [] : [`${k} ${x.fastOk}/${x.fastFinished} (${Math.round(rate * 100)}%)`];
  });
  return [
    `  blocked, not sent (not requests): ${blocks.length ? blocks.join(', ') : 'none'}`,
    `  events: ${events.join(', ')}`,
    `  savings per task against sending everything to the deep lane: ${formatUsd(s.savingsNanos)}`,
    `  spent on fast attempts of tasks that escalated to the deep lane: ${formatUsd(s.wasteNanos)}`,
    `  fast lane success (ended ok on the fast lane / finished): ${success.length ? success.join(', ') : 'no finished tasks'}`,
  ];
}

/** Requests no price table priced, and gateways that billed other than our price: never folded into the totals silently. */
export function priceLines(records: readonly LedgerRecord[]): string[] {
  const requests = records.filter((r) => !isBlockOutcome(r.outcome));
  const unknown = requests.filter((r) => r.priceBasis === 'unknown');
  const lines: string[] = [];
  if (unknown.length) {
    const models = [...new Set(unknown.map((r) => r.model))].sort();
    lines.push(`  ${unknown.length} request(s) counted as $0, ${PRICE_UNKNOWN_TEXT}: ${models.join(', ')}`);
  }
  const local = requests.filter((r) => r.priceBasis === 'local').length;
  if (local) lines.push(`  ${local} request(s) to a keyless server on this machine, local: $0`);
  const reported = requests.filter((r) => r.gatewayCostNanos !== undefined && r.priceBasis === undefined);
  if (reported.length) {
    const differ = reported.filter((r) => costsDiffer(r.costNanos, r.gatewayCostNanos!));
    const ours = reported.reduce((n, r) => n + r.costNanos, 0);
    const theirs = reported.reduce((n, r) => n + r.gatewayCostNanos!, 0);
    lines.push(`  gateway-reported cost: ${formatUsd(theirs)} against ${formatUsd(ours)} by our prices over ${reported.length} request(s); ${differ.length} differ by more than 1%`);
  }
  return lines;
}

export const usageCommand: CliCommand = {
  name: 'usage',
  summary: 'Ledger totals for a month, or export its records and events (--csv, --json)',
  usage: 'switchyard usage [--month YYYY-MM] [--csv | --json] [--ledger-dir D]\n       switchyard usage --otlp URL [--since DATE] [--include-file] [--ledger-dir D]\n  --csv   one row per request record, with its final state from the events\n  --json  request records (type "request") and event records (type "event"), oldest first\n  --ledger-dir D  usage ledger (SWITCHYARD_LEDGER_DIR; default $XDG_DATA_HOME/switchyard/ledger); VS Code keeps its own in the extension\'s global storage\n  --otlp URL  send request records as OpenTelemetry GenAI spans (OTLP/HTTP) to a collector, from where the last run to URL stopped; headers from OTEL_EXPORTER_OTLP_HEADERS\n  --since DATE  leave out records before DATE (YYYY-MM-DD or ISO 8601)\n  --include-file  also send each record\'s workspace-relative file path',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, {
      month: { type: 'string' },
      csv: { type: 'boolean' },
      json: { type: 'boolean' },
      'ledger-dir': { type: 'string' },
      otlp: { type: 'string' },
      since: { type: 'string' },
      'include-file': { type: 'boolean' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
    if (values.csv && values.json) throw new UsageError('choose one of --csv and --json');
    if (values.month !== undefined && !/^\d{4}-\d{2}$/.test(values.month)) throw new UsageError('--month takes YYYY-MM');
    if (values.otlp === undefined && (values.since !== undefined || values['include-file'])) throw new UsageError('--since and --include-file go with --otlp');
    if (values.otlp !== undefined) {
      if (values.csv || values.json || values.month !== undefined) throw new UsageError('--otlp sends every month from its cursor; it takes no --month, --csv or --json');
      return backfillOtlp(resolveLedgerDir(values['ledger-dir'], ctx.io.env, ctx.io.cwd), { url: values.otlp, since: values.since, includeFile: values['include-file'] }, ctx);
    }
    const store = new LedgerStore(resolveLedgerDir(values['ledger-dir'], ctx.io.env, ctx.io.cwd));
    try {
      const month = values.month ?? store.currentMonth();
      const { records, events, skipped } = await store.readMonth(month);
      if (values.csv) { ctx.io.out(toCsv(records, events)); return EXIT_OK; }
      if (values.json) { ctx.io.out(toJson(records, events)); return EXIT_OK; }
      const agg = new LedgerAggregate();
      agg.addAll(records, events);
      const summary = agg.period(month);
      const lines = [
        `usage for ${month} (${store.dir})`,
        row('all', summary.all),
        ...LANES.map((l) => row(`${l} lane`, summary.byLane[l])),
        ...TASK_KINDS.map((k) => row(k, summary.byKind[k])),
        toolCallLine(summary.byLane),
        ...economicsLines(summary.all, summary.byKind),
        ...priceLines(records),
      ];
      if (skipped) lines.push(`  ${skipped} corrupt line(s) skipped`);
      ctx.io.out(`${lines.join('\n')}\n`);
      return EXIT_OK;
    } finally {
      await store.close();
    }
  },
};
