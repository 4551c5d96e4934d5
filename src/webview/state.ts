// The only state the panel persists (vscode.setState): filters and the selected tab.
import { NO_FILTERS, sanitizeFilters, type Filters } from './filters.ts';

export const TABS = ['requests', 'charts', 'routing'] as const;
export type Tab = (typeof TABS)[number];

export interface UiState {
  filters: Filters;
  tab: Tab;
}

export const DEFAULT_STATE: UiState = { filters: NO_FILTERS, tab: 'requests' };

export function sanitizeState(value: unknown): UiState {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return { filters: sanitizeFilters(v.filters), tab: TABS.find((t) => t === v.tab) ?? 'requests' };
}
