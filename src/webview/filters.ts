// The table's filters: pure, so the host-free unit tests cover them.
import { isBlockOutcome, PANEL_KINDS, type PanelRow } from '../core/ledger-rows.ts';
import { localDay } from './format.ts';

export type OutcomeFilter = 'all' | 'ok' | 'error' | 'escalated' | 'fell_back' | 'cancelled' | 'rejected' | 'blocked';

export interface Filters {
  lane: 'all' | 'fast' | 'deep';
  kind: 'all' | (typeof PANEL_KINDS)[number];
  outcome: OutcomeFilter;
  /** Inclusive local days, YYYY-MM-DD; '' for no bound. */
  from: string;
  to: string;
}

export const NO_FILTERS: Filters = { lane: 'all', kind: 'all', outcome: 'all', from: '', to: '' };

export const OUTCOME_FILTERS: readonly [OutcomeFilter, string][] = [
  ['all', 'All outcomes'], ['ok', 'OK'], ['error', 'Errors'], ['escalated', 'Escalated'], ['fell_back', 'Fell back'],
  ['cancelled', 'Cancelled'], ['rejected', 'Rejected'], ['blocked', 'Blocked (not sent)'],
];

export function outcomeMatches(outcome: string, f: OutcomeFilter): boolean {
  switch (f) {
    case 'all': return true;
    case 'error': return outcome.startsWith('error:');
    case 'blocked': return isBlockOutcome(outcome);
    default: return outcome === f;
  }
}

export function isFiltered(f: Filters): boolean {
  return f.lane !== 'all' || f.kind !== 'all' || f.outcome !== 'all' || f.from !== '' || f.to !== '';
}

export function matches(row: PanelRow, f: Filters): boolean {
  if (f.lane !== 'all' && row.lane !== f.lane) return false;
  if (f.kind !== 'all' && row.kind !== f.kind) return false;
  if (!outcomeMatches(row.outcome, f.outcome)) return false;
  if (f.from || f.to) {
    const day = localDay(row.time);
    if (f.from && day < f.from) return false;
    if (f.to && day > f.to) return false;
  }
  return true;
}

/** Keeps the rows' order (newest first). */
export function applyFilters(rows: readonly PanelRow[], f: Filters): PanelRow[] {
  if (!isFiltered(f)) return rows.slice();
  return rows.filter((r) => matches(r, f));
}

/** Filters from persisted state, dropping anything malformed. */
export function sanitizeFilters(value: unknown): Filters {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const oneOf = <T extends string>(x: unknown, allowed: readonly T[], d: T): T => (allowed.includes(x as T) ? x as T : d);
  const day = (x: unknown) => (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x) ? x : '');
  return {
    lane: oneOf(v.lane, ['all', 'fast', 'deep'], 'all'),
    kind: oneOf(v.kind, ['all', ...PANEL_KINDS], 'all'),
    outcome: oneOf(v.outcome, OUTCOME_FILTERS.map(([k]) => k), 'all'),
    from: day(v.from),
    to: day(v.to),
  };
}
