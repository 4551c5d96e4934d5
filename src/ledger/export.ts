// CSV (RFC 4180) and JSON export of ledger records. Debug text (code, prompts) is left out unless asked for.
import type { LedgerRecord } from '../core/ledger-record.ts';

type Cell = string | number | boolean | undefined;

const COLUMNS: readonly [string, (r: LedgerRecord) => Cell][] = [
  ['id', (r) => r.id],
  ['taskId', (r) => r.taskId],
  ['attempt', (r) => r.attempt],
  ['time', (r) => r.time],
  ['kind', (r) => r.kind],
  ['lane', (r) => r.lane],
  ['provider', (r) => r.provider],
  ['model', (r) => r.model],
  ['outcome', (r) => r.outcome],
  ['reason', (r) => r.reason],
  ['queuedMs', (r) => r.timings.queuedMs],
  ['sentMs', (r) => r.timings.sentMs],
  ['firstTokenMs', (r) => r.timings.firstTokenMs],
  ['endMs', (r) => r.timings.endMs],
  ['inputTokens', (r) => r.tokens.input],
  ['cachedTokens', (r) => r.tokens.cached],
  ['outputTokens', (r) => r.tokens.output],
  ['reasoningTokens', (r) => r.tokens.reasoning],
  ['costNanos', (r) => r.costNanos],
  ['costUsd', (r) => nanosToDecimalUsd(r.costNanos)],
  ['estimateNanos', (r) => r.estimateNanos],
  ['counterfactualNanos', (r) => r.counterfactualNanos],
  ['language', (r) => r.language],
  ['file', (r) => r.file],
  ['cacheHit', (r) => r.cacheHit],
  ['accepted', (r) => r.accepted],
  ['simulated', (r) => r.simulated],
];

export const CSV_COLUMNS: readonly string[] = COLUMNS.map(([name]) => name);

/** RFC 4180: CRLF line breaks; a field holding a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvField(value: Cell): string {
  if (value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(records: Iterable<LedgerRecord>): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of records) lines.push(COLUMNS.map(([, get]) => csvField(get(r))).join(','));
  return lines.join('\r\n') + '\r\n';
}

export interface JsonExportOptions {
  includeDebug?: boolean;
}

export function toJson(records: Iterable<LedgerRecord>, opts: JsonExportOptions = {}): string {
  const out = [...records].map((r) => {
    if (opts.includeDebug || r.debug === undefined) return r;
    const { debug: _debug, ...rest } = r;
    return rest;
  });
  return JSON.stringify(out, null, 2) + '\n';
}

/** 1234 -> "0.000001234": exact, from integer nano-dollars. */
export function nanosToDecimalUsd(nanos: number): string {
  const sign = nanos < 0 ? '-' : '';
  const m = Math.abs(nanos);
  return `${sign}${Math.floor(m / 1_000_000_000)}.${String(m % 1_000_000_000).padStart(9, '0')}`;
}
