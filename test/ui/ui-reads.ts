// What the UI tests read back: the ledger the extension wrote under the run folder,
// the figures a user could work out from it by hand, the CLI's `usage` on it, the
// editor's text as shown (without ghost text), and a polling wait.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { isEvent, parseRecordLine, type LedgerEntry, type LedgerEvent, type LedgerRecord } from '../../src/core/ledger-record.ts';
import { runCli } from '../../src/cli/run.ts';
import { statusItem } from '../harness/ui-session.ts';

/** The extension's environment for lanes that point at the local emulator (custom base URLs get only their own lane's key). */
export function emulatedLanesEnv(emu: { url: string; openaiBaseUrl: string }): Record<string, string> {
  return {
    SWITCHYARD_FAST_BASE_URL: emu.url, SWITCHYARD_DEEP_BASE_URL: emu.openaiBaseUrl, SWITCHYARD_SIMULATED: '1',
    SWITCHYARD_FAST_API_KEY: 'k', SWITCHYARD_DEEP_API_KEY: 'k',
  };
}

/** The cost meter's text, whitespace folded (it shows "(simulated)" against the emulator). */
export async function meterText(page: Page): Promise<string> {
  return (await statusItem(page, '(simulated)').first().innerText()).replace(/\s+/g, ' ');
}

export const GHOST = '.monaco-editor [class*="ghost-text"]';

/** The ledger folders the extension wrote in this run (its globalStorage lives under the run folder). */
export function ledgerDirs(runDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (!statSync(p).isDirectory()) continue;
      if (name === 'ledger' && readdirSync(p).some((f) => f.endsWith('.jsonl'))) out.push(p);
      walk(p);
    }
  };
  walk(runDir);
  return out;
}

/** Each line as the ledger model reads it (older zero-cost acceptance and cache-hit lines are events). */
function lines(runDir: string): LedgerEntry[] {
  return ledgerDirs(runDir).flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
      const parsed = parseRecordLine(l);
      assert.ok(parsed.ok, `a valid ledger line: ${l}`);
      return parsed.record;
    })));
}

/** Every request record the extension wrote in this run (event records apart). */
export function readLedger(runDir: string): LedgerRecord[] {
  return lines(runDir).filter((l): l is LedgerRecord => !isEvent(l));
}

/** Every event record (shown, accepted, applied...) the extension wrote in this run. */
export function readLedgerEvents(runDir: string): LedgerEvent[] {
  return lines(runDir).filter(isEvent);
}

const BLOCKED = /^blocked_/;

/**
 * The figures worked out by hand from the ledger's lines, one task at a time (not with
 * the aggregate the extension and the CLI share): what the meter, panel and CLI must agree with.
 */
export function economicsByHand(records: readonly LedgerRecord[], events: readonly LedgerEvent[]) {
  const sent = records.filter((r) => !BLOCKED.test(r.outcome));
  // An agent conversation is one task of many requests: its figures count per request (turn).
  const key = (r: LedgerRecord) => (r.agent ? `${r.taskId} turn ${r.agent.turn}` : r.taskId);
  const tasks = new Map<string, LedgerRecord[]>();
  for (const r of sent) tasks.set(key(r), [...(tasks.get(key(r)) ?? []), r]);
  let savings = 0;
  let waste = 0;
  const fast: Record<string, { ok: number; finished: number }> = {};
  for (const attempts of tasks.values()) {
    const cost = attempts.reduce((s, r) => s + r.costNanos, 0);
    const fastOk = attempts.find((r) => r.lane === 'fast' && r.outcome === 'ok');
    const deepAlone = attempts.filter((r) => r.lane === 'deep').reduce((s, r) => s + r.costNanos, 0) + (fastOk?.counterfactualNanos ?? 0);
    savings += deepAlone - cost;
    const fastTries = attempts.filter((r) => r.lane === 'fast');
    if (fastTries.length && attempts.some((r) => r.lane === 'deep')) waste += fastTries.filter((r) => r.outcome !== 'ok').reduce((s, r) => s + r.costNanos, 0);
    const first = attempts.reduce((a, b) => (b.attempt < a.attempt ? b : a));
    // Ended: ok somewhere, or the latest attempt (a block included) neither moved on nor was cancelled.
    const last = records.filter((r) => key(r) === key(first)).reduce((a, b) => (b.attempt > a.attempt ? b : a));
    const done = attempts.some((r) => r.outcome === 'ok') || !['escalated', 'fell_back', 'cancelled'].includes(last.outcome);
    if (first.lane === 'fast' && done) {
      const k = (fast[first.kind] ??= { ok: 0, finished: 0 });
      k.finished++;
      if (fastOk) k.ok++;
    }
  }
  const once = new Set<string>();
  const count: Record<string, number> = { shown: 0, accepted: 0, applied: 0, rejected: 0, partly_applied: 0, undone: 0 };
  for (const e of events) {
    const key = `${e.event}:${e.requestId ?? e.taskId}`;
    if (e.event !== 'shown' && once.has(key)) continue;
    once.add(key);
    count[e.event]!++;
  }
  return {
    requests: sent.length, blocked: records.length - sent.length, costNanos: sent.reduce((s, r) => s + r.costNanos, 0),
    savingsNanos: savings, wasteNanos: waste, fast, events: count, cacheHits: events.filter((e) => e.event === 'shown' && e.fromCache).length,
  };
}

/** `switchyard usage` on the extension's ledger, run in this process as a user would in a terminal. */
export async function cliUsage(runDir: string): Promise<string> {
  const [dir] = ledgerDirs(runDir);
  assert.ok(dir, 'the extension wrote a ledger');
  let out = '';
  let err = '';
  const code = await runCli(['usage', '--ledger-dir', dir], { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd: process.cwd(), env: {} }, process.cwd());
  assert.equal(code, 0, err);
  return out;
}

export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** The editor's text as shown, without ghost text: view lines sorted by their top. */
export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const lines = [...document.querySelectorAll<HTMLElement>('.monaco-editor .view-lines .view-line')].map((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('[class*="ghost-text"]').forEach((g) => g.remove());
      return { top: parseFloat(el.style.top || '0'), text: (copy.textContent ?? '').replace(/\u00a0/g, ' ') };
    });
    return lines.sort((a, b) => a.top - b.top).map((l) => l.text).join('\n');
  });
}
