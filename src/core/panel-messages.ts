// The typed messages between the usage panel's host (src/vscode) and its browser
// code (src/webview). Records travel separately, as compact rows (ledger-rows.ts).
import type { ToolCallCounts } from './agent-features.ts';
import type { BlockOutcome, OutcomeEventKind } from './ledger-record.ts';
import type { PanelKind, PanelLane, RecordChunk } from './ledger-rows.ts';
import type { RoutingColumn, RoutingRow } from './routing-format.ts';
import type { RoutingConfig } from './routing-types.ts';

// The webview may import only the panel modules (lint), so the routing vocabulary travels from here.
export type { RoutingBasis, RoutingConfig, RoutingNote } from './routing-types.ts';
export { formatOutOf, formatPlan } from './routing-words.ts';

export interface LaneSummary {
  model: string;
  todayNanos: number;
  monthNanos: number;
  todayCount: number;
  monthCount: number;
  /** Total latency of attempts that ran to completion this month, ms. */
  p50Ms: number | null;
  p95Ms: number | null;
  ttftP50Ms: number | null;
  /** Agent requests' tool calls on this lane, and how many were malformed (the parse-failure rate). */
  toolCallsMonth: ToolCallCounts;
  toolCallsToday: ToolCallCounts;
}

export interface PanelSummary {
  todayNanos: number;
  monthNanos: number;
  todayCount: number;
  monthCount: number;
  dailyCapNanos: number | null;
  monthlyCapNanos: number | null;
  warnFraction: number;
  level: 'ok' | 'warn' | 'capped';
  /** Per task, against sending every task to the deep lane alone (GPT-5.5), this month. */
  savingsMonthNanos: number;
  savingsTodayNanos: number;
  /** Spent on fast attempts of tasks that then moved to the deep lane. */
  wasteMonthNanos: number;
  wasteTodayNanos: number;
  /** This month, per kind: fast-started tasks that ended, and those that ended ok on the fast lane. */
  fastSuccess: Record<PanelKind, { finished: number; ok: number }>;
  /** This month's event counts (accepted once per request) and cache hits. */
  events: Record<OutcomeEventKind, number>;
  cacheHits: number;
  /** This month's blocks by cause: nothing was sent, so they are not requests. */
  blocks: Record<BlockOutcome, number>;
  deepModel: string;
  lanes: Record<PanelLane, LaneSummary>;
  simulated: boolean;
  /** Requests with no known price (counted as $0): today, and this month. */
  unpricedToday?: number;
  unpricedMonth?: number;
}

/** One task shape in the routing view: the row both faces print (routing-format.ts), with its cells in words. */
export type RoutingPanelRow = RoutingRow & { cells: Record<RoutingColumn, string> };

/** The routing view: the settings in force, one row per shape with data, and the total against the static table. */
export interface RoutingPanel {
  settings: RoutingConfig;
  rows: RoutingPanelRow[];
  /** All shapes' tasks that started off the static table, the estimated saving (+) or cost (-), and that in words. */
  total: { tasks: number; deltaNanos: number; text: string };
  /** How the saving against the static table is estimated, in words (the tooltip). */
  estimateRule: string;
}

/** Host -> webview. */
export type HostMessage =
  | { type: 'init'; summary: PanelSummary; keysConfigured: { fast: boolean; deep: boolean }; total: number }
  /** `reset` starts over (a new string table); `done` ends the initial load. */
  | ({ type: 'records'; reset: boolean; done: boolean } & RecordChunk)
  /** Event records (ledger-rows' event stride), after the records they may name. */
  | ({ type: 'events' } & RecordChunk)
  | { type: 'summary'; summary: PanelSummary }
  /** Sent on init and again (throttled) as records and events arrive. */
  | { type: 'routing'; routing: RoutingPanel }
  | { type: 'exported'; format: 'csv' | 'json'; file?: string; error?: string };

export type PanelCommand = 'setFastLaneKey' | 'setDeepLaneKey' | 'openBudgetSettings' | 'openRoutingSettings';

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'command'; command: PanelCommand }
  | { type: 'export'; format: 'csv' | 'json' };

const COMMANDS: readonly string[] = ['setFastLaneKey', 'setDeepLaneKey', 'openBudgetSettings', 'openRoutingSettings'];

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const msg = value as { type?: unknown; command?: unknown; format?: unknown };
  if (msg.type === 'ready') return true;
  if (msg.type === 'export') return msg.format === 'csv' || msg.format === 'json';
  return msg.type === 'command' && typeof msg.command === 'string' && COMMANDS.includes(msg.command);
}
