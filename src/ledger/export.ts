// CSV (RFC 4180) and JSON export of ledger records and events. Money is exact (integer
// nano-dollars, and dollars to nine places). Debug text (code, prompts) is left out unless asked for.
import type { LedgerEvent, LedgerRecord } from '../core/ledger-record.ts';
import { StateIndex, stateEvent, stateLabel } from '../core/ledger-state.ts';
import { formatUsdDecimal } from '../core/money.ts';

type Cell = string | number | boolean | undefined;

type Column = readonly [string, (r: LedgerRecord) => Cell];
type ScalarField = { [K in keyof LedgerRecord]-?: LedgerRecord[K] extends Cell ? K : never }[keyof LedgerRecord];

/** Columns named after the record's own scalar fields. */
const fields = (...keys: ScalarField[]): Column[] => keys.map((k) => [k, (r) => r[k]]);

const COLUMNS: readonly Column[] = [
  ...fields('id', 'taskId', 'attempt', 'time', 'kind', 'lane', 'provider', 'model', 'outcome', 'reason'),
  ...(['queuedMs', 'sentMs', 'firstTokenMs', 'endMs'] as const).map((k): Column => [k, (r) => r.timings[k]]),
  ...(['input', 'cached', 'output', 'reasoning'] as const).map((k): Column => [`${k}Tokens`, (r) => r.tokens[k]]),
  ...fields('costNanos'),
  ['costUsd', (r) => nanosToDecimalUsd(r.costNanos)],
  ...fields('estimateNanos', 'counterfactualNanos', 'language', 'file', 'cacheHit', 'accepted', 'simulated'),
  // Agent requests: the parse-failure rate's inputs, and the step and turn the router saw (empty for other kinds).
  ['toolCallsMade', (r) => r.toolCalls?.made],
  ['toolCallsMalformed', (r) => r.toolCalls?.malformed],
  ['agentStep', (r) => r.agent?.step],
  ['agentTurn', (r) => r.agent?.turn],
  // Gateways and teams: how the cost was priced (local, gateway, unknown; empty: the published price), what a
  // gateway reported, the wire protocol when not the lane's chat one, and the folder of a multi-root workspace.
  ...fields('priceBasis', 'gatewayCostNanos'),
  ['gatewayCostUsd', (r) => (r.gatewayCostNanos === undefined ? undefined : nanosToDecimalUsd(r.gatewayCostNanos))],
  ...fields('protocol', 'folder'),
];

/** The last column: the request's final state from its events ("accepted", "partly applied: 2 files"). */
export const CSV_COLUMNS: readonly string[] = [...COLUMNS.map(([name]) => name), 'state'];

/** Final states of requests, from the events that name them or their task. */
export function requestStates(events: Iterable<LedgerEvent>): StateIndex {
  const index = new StateIndex();
  for (const e of events) index.add(stateEvent(e));
  return index;
}

/** RFC 4180: CRLF line breaks; a field holding a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvField(value: Cell): string {
  if (value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(records: Iterable<LedgerRecord>, events: Iterable<LedgerEvent> = []): string {
  const states = requestStates(events);
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of records) lines.push([...COLUMNS.map(([, get]) => csvField(get(r))), csvField(stateLabel(states.stateOf(r)))].join(','));
  return lines.join('\r\n') + '\r\n';
}

export interface JsonExportOptions {
  includeDebug?: boolean;
}

/**
 * One array, oldest first: request records as `type: "request"`, event records as they are
 * (`type: "event"`).
 */
export function toJson(records: Iterable<LedgerRecord>, events: Iterable<LedgerEvent> = [], opts: JsonExportOptions = {}): string {
  const requests = [...records].map((r) => {
    const { debug, ...rest } = r;
    return { type: 'request' as const, ...rest, ...(opts.includeDebug && debug !== undefined ? { debug } : {}) };
  });
  const out = [...requests, ...events].sort((a, b) => a.time.localeCompare(b.time));
  return JSON.stringify(out, null, 2) + '\n';
}

/** 1234 -> "0.000001234": exact, from integer nano-dollars (the one money format, core/money.ts). */
export const nanosToDecimalUsd = formatUsdDecimal;
