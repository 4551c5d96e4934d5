// The cross-check of issue 15: the panel's cards and `switchyard usage` give the figures a
// user works out by hand from the ledger file (requests, blocks, savings per task,
// escalation waste, the fast lane's success per kind, events).
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { formatUsd } from '../../src/core/usage-format.ts';
import { cliUsage, economicsByHand, readLedger, readLedgerEvents, waitUntil } from './ui-reads.ts';

const LABELS: Record<string, string> = { completion: 'Completion', quickEdit: 'Quick edit', refactor: 'Refactor', astTransform: 'AST transform', agent: 'Agent' };
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const rate = (ok: number, finished: number) => `${Math.round((ok / finished) * 100)}% (${ok} of ${finished})`;

export type Economics = ReturnType<typeof economicsByHand>;

/** Asserts the panel (already open in `frame`) and the CLI agree with the ledger; returns the hand-made figures. */
export async function assertEconomicsAgree(frame: FrameLocator, runDir: string): Promise<Economics> {
  const hand = economicsByHand(readLedger(runDir), readLedgerEvents(runDir));
  const figure = (id: string) => frame.locator(`[data-figure="${id}"]`).innerText();
  // The summary follows the ledger within a flush; wait for it to catch up with the file.
  await waitUntil(async () => (await figure('month-count')) === `${hand.requests} requests`, `the panel to count ${hand.requests} requests`, 30_000);
  assert.equal(await figure('month'), formatUsd(hand.costNanos));
  assert.equal(await figure('savings'), formatUsd(hand.savingsNanos), 'savings per task');
  assert.match(await figure('waste'), new RegExp(`^${esc(formatUsd(hand.wasteNanos))} spent on fast attempts that escalated`));
  for (const [kind, x] of Object.entries(hand.fast)) assert.equal(await figure(`fast-success-${kind}`), `${LABELS[kind]}: ${rate(x.ok, x.finished)}`);
  assert.equal(await figure('answers'), `${hand.events.accepted} accepted`);
  assert.equal(await figure('events-shown'), `${hand.events.shown} shown (${hand.cacheHits} from cache)`);
  assert.equal(await figure('events-edits'), `${hand.events.applied} applied · ${hand.events.partly_applied} partly · ${hand.events.rejected} rejected · ${hand.events.undone} undone`);

  const cli = await cliUsage(runDir);
  assert.match(cli, new RegExp(`\\n  all\\s+${hand.requests} req\\s+${esc(formatUsd(hand.costNanos))} `));
  assert.match(cli, new RegExp(`savings per task against sending everything to the deep lane: ${esc(formatUsd(hand.savingsNanos))}\\n`));
  assert.match(cli, new RegExp(`spent on fast attempts of tasks that escalated to the deep lane: ${esc(formatUsd(hand.wasteNanos))}\\n`));
  const e = hand.events;
  assert.match(cli, new RegExp(`events: shown ${e.shown} \\(${hand.cacheHits} from cache\\), accepted ${e.accepted}, applied ${e.applied}, rejected ${e.rejected}, partly applied ${e.partly_applied}, undone ${e.undone}\\n`));
  for (const [kind, x] of Object.entries(hand.fast)) assert.match(cli, new RegExp(`${kind} ${x.ok}/${x.finished} \\(`));
  if (hand.blocked === 0) assert.match(cli, /blocked, not sent \(not requests\): none\n/);
  return hand;
}
