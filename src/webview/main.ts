// The usage panel's browser code. It speaks only the protocol in core.
import { decodeChunk, decodeEvents, StateIndex, type PanelRow } from '../core/ledger-rows.ts';
import type { HostMessage, PanelSummary, RoutingPanel, WebviewMessage } from '../core/panel-messages.ts';
import { renderCards } from './cards.ts';
import { Charts } from './charts.ts';
import { renderDetails } from './details.ts';
import { el } from './dom.ts';
import { applyFilters, isFiltered, type Filters } from './filters.ts';
import { rowCountLine } from './format.ts';
import { renderRouting } from './routing-view.ts';
import { sanitizeState, TABS, type Tab, type UiState } from './state.ts';
import { VirtualTable } from './table.ts';
import { renderToolbar } from './toolbar.ts';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let ui: UiState = sanitizeState(vscode.getState());
let summary: PanelSummary | undefined;
let routing: RoutingPanel | undefined;
let keys = { fast: false, deep: false };
let strings: string[] = [];
/** Newest first. */
let rows: PanelRow[] = [];
/** Final states from the event records, and the rows they may land on. */
let states = new StateIndex();
let byId = new Map<string, PanelRow>();
let okByTask = new Map<string, PanelRow>();
let loading = false;
let view: PanelRow[] = [];
let built = false;
let refreshQueued = false;
let firstRenderMarked = false;

const table = new VirtualTable((row) => openDetails(row));
const charts = new Charts();
const cardsHost = el('div', { className: 'cards-host' });
const toolbarHost = el('div');
const countLine = el('p', { className: 'count', id: 'row-count', attrs: { 'aria-live': 'polite' } });
const detailsHost = el('div', { className: 'details-host' });
const status = el('p', { className: 'status', id: 'status', attrs: { role: 'status' } });
const banner = el('p', { className: 'banner', id: 'simulated-banner', hidden: true, textContent: 'Simulated: the lanes point at the local emulator. Costs are what the same requests would cost with the real providers.' });
const tabButton = (id: Tab, text: string) => el('button', { type: 'button', id: `tab-${id}`, textContent: text });
const tabs: Record<Tab, HTMLButtonElement> = { requests: tabButton('requests', 'Requests'), charts: tabButton('charts', 'Charts'), routing: tabButton('routing', 'Routing') };
const routingHost = el('div', { className: 'routing-host' }, el('p', { className: 'loading', textContent: 'Loading routing figures…' }));
const panels: Record<Tab, HTMLElement> = {
  requests: el('section', { id: 'panel-requests', className: 'tabpanel' }, toolbarHost, countLine, table.element),
  charts: el('section', { id: 'panel-charts', className: 'tabpanel' }, charts.element),
  routing: el('section', { id: 'panel-routing', className: 'tabpanel scroll' }, routingHost),
};

function save(): void {
  vscode.setState(ui);
}

function setTab(tab: Tab, focus = false): void {
  ui = { ...ui, tab };
  save();
  for (const t of TABS) {
    tabs[t].setAttribute('aria-selected', String(t === tab));
    tabs[t].tabIndex = t === tab ? 0 : -1;
    panels[t].hidden = t !== tab;
  }
  if (focus) tabs[tab].focus();
  if (tab === 'charts') charts.update(view);
  else table.measure();
  refresh();
}

function setFilters(filters: Filters): void {
  ui = { ...ui, filters };
  save();
  toolbarHost.replaceChildren(renderToolbar(filters, { onFilters: setFilters, onExport }));
  refresh();
}

function onExport(format: 'csv' | 'json'): void {
  status.textContent = `Choose where to save the ${format.toUpperCase()} export…`;
  vscode.postMessage({ type: 'export', format });
}

function buildMain(): void {
  built = true;
  const tablist = el('div', { className: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Views' } }, ...TABS.map((t) => tabs[t]));
  for (const t of TABS) {
    tabs[t].setAttribute('role', 'tab');
    tabs[t].setAttribute('aria-controls', panels[t].id);
    panels[t].setAttribute('role', 'tabpanel');
    panels[t].setAttribute('aria-labelledby', tabs[t].id);
    tabs[t].addEventListener('click', () => setTab(t));
  }
  tablist.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step) setTab(TABS[(TABS.indexOf(ui.tab) + step + TABS.length) % TABS.length]!, true);
  });
  const budget = el('button', { type: 'button', id: 'set-budget', textContent: 'Set budget…' });
  budget.addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'openBudgetSettings' }));
  app.replaceChildren(
    banner,
    el('header', { className: 'top' }, el('h1', { textContent: 'Switchyard usage' }), budget),
    cardsHost, tablist, panels.requests, panels.charts, panels.routing, detailsHost, status,
  );
  setFilters(ui.filters);
  setTab(ui.tab);
  renderSummary();
  renderRoutingView();
}

/** Redraws the routing view, keeping what the user had open and focused (it is redrawn as figures change). */
function renderRoutingView(): void {
  if (!routing || !built) return;
  const ruleOpen = routingHost.querySelector('details')?.open === true;
  const focused = document.activeElement instanceof HTMLElement && routingHost.contains(document.activeElement) ? document.activeElement.id : '';
  routingHost.replaceChildren(renderRouting(routing, () => vscode.postMessage({ type: 'command', command: 'openRoutingSettings' })));
  const rule = routingHost.querySelector('details');
  if (rule) rule.open = ruleOpen;
  if (focused) document.getElementById(focused)?.focus();
}

/** A shape's words, from the routing view's rows (the note keeps only the key). */
function shapeLabel(shape: string): string | undefined {
  return routing?.rows.find((r) => r.shape === shape)?.label;
}

function renderSummary(): void {
  if (!summary || !built) return;
  banner.hidden = !summary.simulated;
  cardsHost.replaceChildren(renderCards(summary));
}

function renderEmpty(): void {
  built = false;
  const deep = el('button', { type: 'button', className: 'primary', textContent: 'Set Deep Lane Key' });
  deep.addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'setDeepLaneKey' }));
  const fast = el('button', { type: 'button', textContent: 'Set Fast Lane Key' });
  fast.addEventListener('click', () => vscode.postMessage({ type: 'command', command: 'setFastLaneKey' }));
  const state = (ok: boolean) => (ok ? 'set' : 'not set');
  app.replaceChildren(
    el('section', { className: 'empty-state', id: 'empty-state' },
      el('h1', { textContent: 'No requests yet' }),
      el('p', { textContent: 'Switchyard records every model request here: its lane, latency, tokens and cost.' }),
      el('p', { textContent: `Keys: deep lane ${state(keys.deep)}; fast lane ${state(keys.fast)}. Each lane's key goes only to that lane's endpoint.` }),
      el('p', { textContent: 'Set a key for each lane, then type in an editor for completions, or run Switchyard: Quick Edit or Switchyard: Refactor… from the Command Palette.' }),
      el('div', { className: 'actions' }, deep, fast),
    ),
  );
}

/** Recomputes the filtered view once per frame, however many chunks arrived. */
function refresh(): void {
  if (refreshQueued || !built) return;
  refreshQueued = true;
  requestAnimationFrame(() => {
    refreshQueued = false;
    view = applyFilters(rows, ui.filters);
    table.setRows(view);
    countLine.textContent = rowCountLine(view, rows, { filtered: isFiltered(ui.filters), loading });
    if (ui.tab === 'charts') charts.update(view);
    if (!firstRenderMarked && view.length > 0) {
      firstRenderMarked = true;
      performance.mark('switchyard:first-rows');
    }
  });
}

function openDetails(row: PanelRow): void {
  const close = () => {
    detailsHost.replaceChildren();
    table.focusActive(true);
  };
  const panel = renderDetails(row, rows, close, shapeLabel);
  detailsHost.replaceChildren(panel);
  panel.querySelector<HTMLElement>('button.close')?.focus();
}

document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && detailsHost.firstChild) {
    e.preventDefault();
    detailsHost.replaceChildren();
    table.focusActive(true);
  }
});

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'init':
      summary = msg.summary;
      keys = msg.keysConfigured;
      if (msg.total === 0) renderEmpty();
      break;
    case 'records': {
      if (msg.reset) {
        strings = [];
        rows = [];
        states = new StateIndex();
        byId = new Map();
        okByTask = new Map();
        loading = true;
      }
      const fresh = decodeChunk(msg, strings);
      for (const r of fresh) {
        byId.set(r.id, r);
        if (r.outcome === 'ok') okByTask.set(r.taskId, r);
        r.state = states.stateOf(r);
      }
      if (loading) rows.push(...fresh);
      else rows = fresh.concat(rows);
      if (msg.done) loading = false;
      if (!built && rows.length > 0) buildMain();
      refresh();
      break;
    }
    case 'events': {
      // A later event updates the row it names (or its task's successful attempt).
      for (const e of decodeEvents(msg, strings)) {
        states.add(e);
        const row = (e.requestId ? byId.get(e.requestId) : undefined) ?? okByTask.get(e.taskId);
        if (row) row.state = states.stateOf(row);
      }
      refresh();
      break;
    }
    case 'summary':
      summary = msg.summary;
      renderSummary();
      break;
    case 'routing':
      if (routing && JSON.stringify(routing) === JSON.stringify(msg.routing)) break;
      routing = msg.routing;
      renderRoutingView();
      break;
    case 'exported':
      status.textContent = msg.error ? `Export failed: ${msg.error}` : msg.file ? `Exported ${msg.format.toUpperCase()} to ${msg.file}` : '';
      break;
  }
});

vscode.postMessage({ type: 'ready' });
