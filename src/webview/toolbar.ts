// Filters, counts and export buttons above the table.
import { el } from './dom.ts';
import { OUTCOME_FILTERS, type Filters } from './filters.ts';
import { KIND_OPTIONS } from './format.ts';

function select<T extends string>(label: string, id: string, value: T, options: readonly [T, string][], onChange: (v: T) => void): HTMLElement {
  const s = el('select', { id, name: id });
  for (const [v, text] of options) s.append(el('option', { value: v, textContent: text, selected: v === value }));
  s.addEventListener('change', () => onChange(s.value as T));
  return el('label', { className: 'field' }, el('span', { textContent: label }), s);
}

function dateInput(label: string, id: string, value: string, onChange: (v: string) => void): HTMLElement {
  const i = el('input', { type: 'date', id, name: id, value });
  i.addEventListener('change', () => onChange(i.value));
  return el('label', { className: 'field' }, el('span', { textContent: label }), i);
}

export interface ToolbarActions {
  onFilters(f: Filters): void;
  onExport(format: 'csv' | 'json'): void;
}

export function renderToolbar(f: Filters, actions: ToolbarActions): HTMLElement {
  const set = (patch: Partial<Filters>) => actions.onFilters({ ...f, ...patch });
  const csv = el('button', { type: 'button', id: 'export-csv', textContent: 'Export CSV', title: "Save this month's records as CSV" });
  csv.addEventListener('click', () => actions.onExport('csv'));
  const json = el('button', { type: 'button', id: 'export-json', textContent: 'Export JSON', title: "Save this month's records as JSON" });
  json.addEventListener('click', () => actions.onExport('json'));
  const clear = el('button', { type: 'button', id: 'clear-filters', textContent: 'Clear filters' });
  clear.addEventListener('click', () => actions.onFilters({ lane: 'all', kind: 'all', outcome: 'all', from: '', to: '' }));
  return el('div', { className: 'toolbar', attrs: { role: 'search', 'aria-label': 'Filter requests' } },
    select('Lane', 'filter-lane', f.lane, [['all', 'All lanes'], ['fast', 'Fast'], ['deep', 'Deep']], (lane) => set({ lane })),
    select('Kind', 'filter-kind', f.kind, KIND_OPTIONS, (kind) => set({ kind })),
    select('Outcome', 'filter-outcome', f.outcome, OUTCOME_FILTERS, (outcome) => set({ outcome })),
    dateInput('From', 'filter-from', f.from, (from) => set({ from })),
    dateInput('To', 'filter-to', f.to, (to) => set({ to })),
    clear,
    el('span', { className: 'spacer-flex' }),
    csv, json,
  );
}
