// The pure half of a request's details: the attempt chain, the timing split and an agent request's features.
import type { PanelAgent, PanelRow } from '../core/ledger-rows.ts';
import { formatCount } from './format.ts';

/** The attempts of one task, first attempt first; an agent conversation's requests in turn order, each's attempts in order. */
export function attemptChain(rows: readonly PanelRow[], taskId: string): PanelRow[] {
  return rows.filter((r) => r.taskId === taskId).sort((a, b) => (a.agent?.turn ?? 0) - (b.agent?.turn ?? 0) || a.attempt - b.attempt || a.time - b.time);
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The features the router read, in words; a field added to AgentFeatures later shows under its own name. */
const AGENT_FACTS: { [K in keyof PanelAgent]?: [string, (v: PanelAgent[K]) => string] } = {
  step: ['Step', (v) => (v === 'think' ? 'think: a step that plans or changes direction' : 'act: a step that follows the plan')],
  turn: ['Turn', (v) => formatCount(v)],
  toolResults: ['Tool results (last message)', (v) => formatCount(v)],
  failedToolResults: ['Failed tool results', (v) => formatCount(v)],
  repeatedCall: ['Repeated tool call', yesNo],
  contextTokens: ['Context', (v) => `${formatCount(v)} tokens`],
  asksForPlan: ['Asks for a plan', yesNo],
  lastUserChars: ['Last user text', (v) => `${formatCount(v)} characters`],
  tools: ['Tools offered', (v) => formatCount(v)],
  toolMode: ['Tool mode', (v) => v],
  fastFailedTools: ['Fast lane failed on', (v) => (v.length ? v.join(', ') : 'none')],
};

/** An agent request's details: its tool calls, then the conversation's features; [] for other kinds. */
export function agentFacts(r: Pick<PanelRow, 'agent' | 'toolCalls'>): [string, string][] {
  const out: [string, string][] = [];
  if (r.toolCalls) out.push(['Tool calls', r.toolCalls.made === 0 ? 'none' : `${formatCount(r.toolCalls.made)} made, ${formatCount(r.toolCalls.malformed)} malformed (never passed on)`]);
  const a = r.agent;
  if (!a) return out;
  for (const [key, [label, text]] of Object.entries(AGENT_FACTS) as [keyof PanelAgent, [string, (v: unknown) => string]][]) {
    if (a[key] !== undefined) out.push([label, text(a[key])]);
  }
  for (const [key, value] of Object.entries(a)) if (!(key in AGENT_FACTS)) out.push([key, JSON.stringify(value)]);
  return out;
}

export interface TimingSegment { label: string; fromMs: number; toMs: number }

/** Queued -> sent -> first token -> done, skipping what the record does not have. */
export function timingSegments(r: PanelRow): TimingSegment[] {
  const marks: [string, number | undefined][] = [['Queued', r.queuedMs], ['Sent', r.sentMs], ['First token', r.firstTokenMs], ['Done', r.endMs]];
  const present = marks.filter((m): m is [string, number] => m[1] !== undefined);
  const out: TimingSegment[] = [];
  let prev = 0;
  const names: Record<string, string> = { Queued: 'Waiting', Sent: 'Connecting', 'First token': 'Waiting for the first token', Done: 'Streaming' };
  for (const [label, at] of present) {
    // Without a first token (an empty or failed reply) the last stretch was all waiting.
    const name = label === 'Done' && r.firstTokenMs === undefined ? 'Waiting for a reply' : names[label]!;
    if (at > prev || out.length === 0) out.push({ label: name, fromMs: prev, toMs: at });
    prev = Math.max(prev, at);
  }
  return out;
}
