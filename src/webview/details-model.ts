// The pure half of a request's details: the attempt chain and the timing split.
import type { PanelRow } from '../core/ledger-rows.ts';

/** The attempts of one task, first attempt first. */
export function attemptChain(rows: readonly PanelRow[], taskId: string): PanelRow[] {
  return rows.filter((r) => r.taskId === taskId).sort((a, b) => a.attempt - b.attempt || a.time - b.time);
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
