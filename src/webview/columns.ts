// The request table's columns: header, cell text and alignment. Pure.
// A block sent nothing, so it has no other-lane price to show.
// Cost and outcome come before the wide "why" column, so a narrow panel shows them without scrolling.
import type { PanelRow } from '../core/ledger-rows.ts';
import { costWords, isBlockOutcome, stateLabel } from '../core/ledger-rows.ts';
import { formatCount, formatUsd, formatMs, formatWhen, kindCell, laneLabel, outcomeLabel, toolCallsCell } from './format.ts';

export interface Column {
  id: string;
  header: string;
  /** Tooltip/accessible name of the header. */
  title: string;
  numeric: boolean;
  text(row: PanelRow, nowMs: number): string;
}

export const COLUMNS: readonly Column[] = [
  { id: 'time', header: 'Time', title: 'When the attempt started', numeric: false, text: (r, now) => formatWhen(r.time, now) },
  { id: 'kind', header: 'Kind', title: 'Task kind', numeric: false, text: kindCell },
  { id: 'lane', header: 'Lane · model', title: 'Lane and model', numeric: false, text: (r) => `${laneLabel(r.lane)} · ${r.model}` },
  { id: 'cost', header: 'Cost', title: 'What the attempt cost (local: a server on this machine; gateway\'s: only the gateway priced it)', numeric: true, text: costWords },
  { id: 'other', header: 'Other lane (same tokens)', title: "The other lane's model priced on this attempt's own usage", numeric: true, text: (r) => (isBlockOutcome(r.outcome) ? '–' : formatUsd(r.counterfactualNanos)) },
  { id: 'outcome', header: 'Outcome', title: 'How the attempt ended', numeric: false, text: (r) => outcomeLabel(r.outcome) },
  { id: 'state', header: 'Then', title: 'What became of the answer: accepted, applied, rejected, partly applied, undone', numeric: false, text: (r) => stateLabel(r.state) },
  { id: 'why', header: 'Why', title: "The router's reason", numeric: false, text: (r) => r.reason },
  { id: 'ttft', header: 'TTFT', title: 'Time to first token', numeric: true, text: (r) => formatMs(r.firstTokenMs) },
  { id: 'total', header: 'Total', title: 'Total latency', numeric: true, text: (r) => formatMs(r.endMs) },
  { id: 'in', header: 'In', title: 'Input tokens (including cached)', numeric: true, text: (r) => formatCount(r.tokens.input) },
  { id: 'cached', header: 'Cached', title: 'Cached input tokens', numeric: true, text: (r) => formatCount(r.tokens.cached) },
  { id: 'out', header: 'Out', title: 'Output tokens (including reasoning)', numeric: true, text: (r) => formatCount(r.tokens.output) },
  { id: 'reasoning', header: 'Reasoning', title: 'Reasoning tokens', numeric: true, text: (r) => formatCount(r.tokens.reasoning) },
  { id: 'tools', header: 'Tool calls', title: 'Agent requests: tool calls the model made, and how many did not parse or match the tool (never passed on)', numeric: true, text: toolCallsCell },
];
