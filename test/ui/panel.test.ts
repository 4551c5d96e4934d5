import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { formatUsd } from '../../src/core/usage-format.ts';
import { startEmulator, type Emulator } from '../emulator/server.ts';
import { openUiSession, runCommand, screenshot, statusItem, webviewContent, type UiSession } from '../harness/ui-session.ts';
import { assertEconomicsAgree } from './economics-check.ts';
import type { LedgerEvent, LedgerRecord } from '../../src/core/ledger-record.ts';
import { LedgerStore } from '../../src/ledger/store.ts';
import { cliUsage, emulatedLanesEnv, ledgerDirs, meterText, readLedger, waitUntil } from './ui-reads.ts';
import { runFirstMatching, setTheme } from './workbench-actions.ts';

describe('workbench UI: meter and usage panel', { timeout: 180_000 }, () => {
  let ui: UiSession;
  before(async () => { ui = await openUiSession('panel'); });
  after(async () => { await ui?.close(); });

  it('shows the cost meter in the status bar', async () => {
    const meter = statusItem(ui.page, '$0.00');
    await meter.first().waitFor({ timeout: 60_000 });
    assert.match(await meter.first().innerText(), /\$0\.00/);
  });

  it('opens the usage panel from the palette and shows its empty state', async () => {
    await runCommand(ui.page, 'Switchyard: Show Usage Panel');
    const empty = webviewContent(ui.page).locator('#empty-state');
    await empty.waitFor({ timeout: 60_000 });
    const text = await empty.innerText();
    assert.match(text, /No requests yet/);
    assert.match(text, /Set Deep Lane Key/);
    const file = await screenshot(ui.page, 'usage-panel-empty');
    assert.ok(file.endsWith('.png'));
  });
});

/** The bits of an HTMLElement read here (the root tsconfig has no DOM lib). */
interface Cell { dataset: Record<string, string | undefined>; innerText: string }

async function panelRows(frame: FrameLocator): Promise<{ id: string; cells: Record<string, string> }[]> {
  return frame.locator('.rows .row').evaluateAll((rows) => rows.map((r) => ({
    id: (r as unknown as Cell).dataset.id ?? '',
    cells: Object.fromEntries([...r.querySelectorAll('[data-col]')].map((e) => e as unknown as Cell).map((c) => [c.dataset.col!, c.innerText.trim()])),
  })));
}

describe('workbench UI: real requests fill the meter and the panel, and they agree with the ledger', { timeout: 300_000 }, () => {
  let ui: UiSession;
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
    ui = await openUiSession('panel-live', {
      env: emulatedLanesEnv(emu),
      // The test asserts each request's lane; exploration draws by random task id, so it is off here.
      settings: { 'workbench.colorTheme': 'Default Dark Modern', 'switchyard.routing.exploration': 0 },
    });
  });
  after(async () => { await ui?.close(); await emu?.close(); });

  it('runs requests through the pipeline: one escalates from fast to deep, one goes deep', async () => {
    await statusItem(ui.page, '(simulated)').first().waitFor({ timeout: 60_000 });
    // An empty fast reply fails validation, so the quick edit escalates; then the refactor goes to the deep lane.
    emu.script(
      { match: { protocol: 'gemini' }, text: '', firstTokenMs: 200 },
      { match: { protocol: 'responses' }, text: 'count = count + 1', firstTokenMs: 600, tokensPerSecond: 400 },
      { match: { protocol: 'responses' }, text: 'Extracted parseHeader() into src/parse.ts and updated both callers.', firstTokenMs: 900, tokensPerSecond: 300 },
    );
    await runCommand(ui.page, 'Switchyard: Send Sample Requests (Simulated Lanes)');
    await waitUntil(() => readLedger(ui.server.runDir).length >= 3, 'three ledger records');
    emu.script(
      { match: { protocol: 'gemini' }, text: 'let count = 0;', firstTokenMs: 150, tokensPerSecond: 800 },
      { match: { protocol: 'responses' }, text: 'Moved the helper and fixed the imports.', firstTokenMs: 700, tokensPerSecond: 300 },
    );
    await runCommand(ui.page, 'Switchyard: Send Sample Requests (Simulated Lanes)');
    await waitUntil(() => readLedger(ui.server.runDir).length >= 5, 'five ledger records');
    const outcomes = readLedger(ui.server.runDir).map((r) => `${r.kind}/${r.lane}/${r.outcome}`);
    assert.deepEqual(outcomes, ['quickEdit/fast/escalated', 'quickEdit/deep/ok', 'refactor/deep/ok', 'quickEdit/fast/ok', 'refactor/deep/ok']);
  });

  it('the meter, the panel\'s rows and its summary agree with the ledger', async () => {
    const ledger = readLedger(ui.server.runDir);
    const total = ledger.reduce((s, r) => s + r.costNanos, 0);
    assert.ok(total > 0);
    await waitUntil(async () => (await meterText(ui.page)).includes(formatUsd(total)), `the meter to show ${formatUsd(total)}`);

    // Room for the panel, as a user reading it would make.
    await runFirstMatching(ui.page, 'Primary Side Bar', /(Close|Hide) Primary Side Bar/);
    await runFirstMatching(ui.page, 'Secondary Side Bar', /(Close|Hide) Secondary Side Bar/);
    await runCommand(ui.page, 'Switchyard: Show Usage Panel');
    const frame = webviewContent(ui.page);
    await frame.locator('.rows .row').nth(ledger.length - 1).waitFor({ timeout: 60_000 });
    const rows = await panelRows(frame);
    // Newest first, one row per ledger record, each with the ledger's cost, lane, model and reason.
    const newestFirst = [...ledger].sort((a, b) => b.time.localeCompare(a.time));
    assert.deepEqual(rows.map((r) => r.id), newestFirst.map((r) => r.id));
    for (const [i, r] of newestFirst.entries()) {
      const cells = rows[i]!.cells;
      assert.equal(cells.cost, formatUsd(r.costNanos));
      assert.equal(cells.other, formatUsd(r.counterfactualNanos));
      assert.equal(cells.lane, `${r.lane === 'fast' ? 'Fast' : 'Deep'} · ${r.model}`);
      assert.equal(cells.why, r.reason);
      assert.equal(cells.in, r.tokens.input.toLocaleString('en'));
      assert.equal(cells.out, r.tokens.output.toLocaleString('en'));
      assert.match(cells.outcome!, /simulated/);
    }
    assert.equal(await frame.locator('[data-figure="today"]').innerText(), formatUsd(total));
    assert.equal(await frame.locator('[data-figure="month"]').innerText(), formatUsd(total));
    assert.equal(await frame.locator('[data-figure="today-count"]').innerText(), `${ledger.length} requests`);
    const fastSpend = ledger.filter((r) => r.lane === 'fast').reduce((s, r) => s + r.costNanos, 0);
    assert.match(await frame.locator('[data-figure="fast-spend"]').innerText(), new RegExp(`^\\${formatUsd(fastSpend)} · 2 requests`));
    assert.match(await frame.locator('#simulated-banner').innerText(), /Simulated/);
    assert.ok((await meterText(ui.page)).includes(formatUsd(total)));
    // Savings per task, escalation waste, fast success and events: panel = CLI = the ledger by hand.
    const hand = await assertEconomicsAgree(frame, ui.server.runDir);
    const escalated = ledger.find((r) => r.outcome === 'escalated')!;
    assert.equal(hand.wasteNanos, escalated.costNanos, 'the escalated quick edit\'s fast attempt is the waste');
    assert.deepEqual(hand.fast.quickEdit, { ok: 1, finished: 2 });
    await screenshot(ui.page, 'usage-panel-dark');
  });

  it('events another window writes later update their rows, the cards and the CLI', async () => {
    const frame = webviewContent(ui.page);
    const ledger = readLedger(ui.server.runDir);
    const refactor = ledger.filter((r) => r.kind === 'refactor' && r.outcome === 'ok').at(-1)!;
    const quick = ledger.find((r) => r.kind === 'quickEdit' && r.lane === 'fast' && r.outcome === 'ok')!;
    // Another window shares the ledger file: it appends what became of two answers (one accept recorded twice).
    const other = new LedgerStore(ledgerDirs(ui.server.runDir)[0]!);
    const event = (id: string, over: Pick<LedgerEvent, 'event' | 'taskId' | 'requestId' | 'kind' | 'files'>): LedgerEvent => ({ v: 1, type: 'event', id, time: new Date().toISOString(), simulated: true, ...over });
    try {
      await other.append(event('ev-1', { event: 'partly_applied', taskId: refactor.taskId, requestId: refactor.id, kind: 'refactor', files: ['src/a.ts', 'src/b.ts'] }));
      await other.append(event('ev-2', { event: 'applied', taskId: quick.taskId, requestId: quick.id, kind: 'quickEdit', files: ['src/a.ts'] }));
      await other.append(event('ev-3', { event: 'applied', taskId: quick.taskId, requestId: quick.id, kind: 'quickEdit', files: ['src/a.ts'] }));
    } finally {
      await other.close();
    }
    const cell = (id: string) => frame.locator(`.rows .row[data-id="${id}"] [data-col="state"]`).innerText();
    await waitUntil(async () => (await cell(refactor.id)) === 'partly applied: 2 files', 'the refactor row to say "partly applied: 2 files"', 30_000);
    assert.equal(await cell(quick.id), 'applied');
    const hand = await assertEconomicsAgree(frame, ui.server.runDir);
    assert.deepEqual([hand.events.applied, hand.events.partly_applied], [1, 1], 'the repeated apply counts once');
    assert.equal(await frame.locator('[data-figure="today-count"]').innerText(), `${ledger.length} request${ledger.length === 1 ? '' : 's'}`, 'events are not requests');
    await screenshot(ui.page, 'usage-panel-events-dark');
  });

  it('is keyboard-navigable: arrows move, Enter opens the escalation chain, Escape closes', async () => {
    const frame = webviewContent(ui.page);
    const ledger = readLedger(ui.server.runDir);
    const escalated = ledger.find((r) => r.outcome === 'escalated')!;
    await frame.locator('.rows .row').first().focus();
    const count = await frame.locator('.rows .row').count();
    for (let i = 0; i < count; i++) {
      if (await frame.locator('.rows .row:focus').getAttribute('data-id') === escalated.id) break;
      await ui.page.keyboard.press('ArrowDown');
    }
    assert.equal(await frame.locator('.rows .row:focus').getAttribute('data-id'), escalated.id);
    await ui.page.keyboard.press('Enter');
    const details = frame.locator('#details');
    await details.waitFor();
    const text = await details.innerText();
    assert.match(text, /Attempts of this task \(2,/i);
    assert.match(text, /Escalated\s+attempt 1: Fast · gemini-3\.5-flash/);
    assert.match(text, /OK\s+attempt 2: Deep · gpt-5\.5/);
    assert.match(text, /Estimated/);
    assert.match(text, /Waiting for a reply/);
    await screenshot(ui.page, 'usage-panel-details-dark');
    await ui.page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    assert.equal(await frame.locator('.rows .row:focus').getAttribute('data-id'), escalated.id);
  });

  it('filters by lane and shows charts; light theme screenshot', async () => {
    const frame = webviewContent(ui.page);
    await frame.locator('#filter-lane').selectOption('fast');
    await waitUntil(async () => (await frame.locator('.rows .row').count()) === 2, 'two fast-lane rows');
    for (const r of await panelRows(frame)) assert.match(r.cells.lane!, /^Fast/);
    await frame.locator('#clear-filters').click();
    await waitUntil(async () => (await frame.locator('.rows .row').count()) === 5, 'all rows again');
    await setTheme(ui.page, 'Light Modern', 'vs');
    await screenshot(ui.page, 'usage-panel-light');
    await frame.locator('#tab-charts').click();
    await frame.locator('#chart-spend canvas').first().waitFor();
    await frame.locator('#chart-latency canvas').first().waitFor();
    await screenshot(ui.page, 'usage-panel-charts-light');
    await frame.locator('#tab-requests').click();
    // 200% zoom: the cards and the first columns (time, kind, lane, cost) stay readable without scrolling.
    await frame.locator('body').evaluate((b) => { (b as unknown as { style: { zoom: string } }).style.zoom = '2'; });
    await waitUntil(async () => (await frame.locator('.rows .row').count()) > 0, 'rows at 200%');
    const cost = frame.locator('.rows .row').first().locator('[data-col="cost"]');
    assert.ok(await cost.isVisible());
    await screenshot(ui.page, 'usage-panel-zoom200-light');
    await frame.locator('body').evaluate((b) => { (b as unknown as { style: { zoom: string } }).style.zoom = ''; });
  });

  it('agent requests from another window: each lane\'s tool-call parse-failure rate, the Agent filter and the details', async () => {
    const frame = webviewContent(ui.page);
    const before = readLedger(ui.server.runDir).length;
    // One conversation (one task): turn 1 plans on the deep lane; turn 2's fast answer held a malformed
    // tool call, so the deep lane answered it; turn 3 acts on the fast lane.
    const features = (turn: number, step: 'think' | 'act', failed = 0) => ({
      turn, asksForPlan: turn === 1, toolResults: turn > 1 ? 1 : 0, failedToolResults: failed, repeatedCall: false, lastUserChars: 18,
      contextTokens: 2_400 * turn, tools: 3, toolMode: 'auto' as const, fastFailedTools: turn > 2 ? ['editFile'] : [], step,
    });
    const now = Date.now();
    const attempt = (n: number, over: Partial<LedgerRecord>): LedgerRecord => ({
      v: 1, id: `agent-${n}`, taskId: 'conv-ui', attempt: 0, time: new Date(now + n * 1000).toISOString(), kind: 'agent', lane: 'fast',
      provider: 'gemini', model: 'gemini-3.5-flash', reason: 'tool results came back clean, so the fast lane acts', outcome: 'ok',
      timings: { queuedMs: 0, sentMs: 3, firstTokenMs: 240, endMs: 610 }, tokens: { input: 2_400, cached: 0, output: 90, reasoning: 0 },
      costNanos: 4_410_000, estimateNanos: 4_500_000, counterfactualNanos: 14_700_000, simulated: true, ...over,
    });
    const deep = { lane: 'deep' as const, provider: 'openai', model: 'gpt-5.5', costNanos: 14_700_000, counterfactualNanos: 4_410_000 };
    const agent = [
      attempt(1, { ...deep, reason: 'the first request asks for a plan, so the deep lane thinks', agent: features(1, 'think'), toolCalls: { made: 1, malformed: 0 } }),
      attempt(2, { outcome: 'escalated', note: 'tool call editFile: arguments are not valid JSON', agent: features(2, 'act'), toolCalls: { made: 2, malformed: 1 } }),
      attempt(3, { ...deep, attempt: 1, reason: 'the fast lane\'s tool call was malformed, so the deep lane answers', agent: features(2, 'act'), toolCalls: { made: 2, malformed: 0 } }),
      attempt(4, { agent: features(3, 'act'), toolCalls: { made: 3, malformed: 0 } }),
    ];
    const other = new LedgerStore(ledgerDirs(ui.server.runDir)[0]!);
    try {
      for (const r of agent) await other.append(r);
    } finally {
      await other.close();
    }
    await waitUntil(async () => (await frame.locator('.rows .row').count()) === before + agent.length, 'the agent rows');
    // The cards: malformed / made per lane, this month and today (all of it is today's).
    const fig = (id: string) => frame.locator(`[data-figure="${id}"]`).innerText();
    await waitUntil(async () => (await fig('fast-tool-calls')) === 'Tool calls this month: 1 of 5 malformed (20%) · today 1 of 5 malformed (20%)', 'the fast lane\'s tool-call rate');
    assert.equal(await fig('deep-tool-calls'), 'Tool calls this month: 0 of 3 malformed (0%) · today 0 of 3 malformed (0%)');
    // The CLI reads the same ledger and says the same; fast success counts per request (turn 2 escalated, turn 3 held).
    assert.match(await cliUsage(ui.server.runDir), /fast lane 1 of 5 malformed \(20%\), deep lane 0 of 3 malformed \(0%\)\n/);
    const hand = await assertEconomicsAgree(frame, ui.server.runDir);
    assert.deepEqual(hand.fast.agent, { ok: 1, finished: 2 });
    await screenshot(ui.page, 'usage-panel-agent-cards-light');

    // The kind filter offers Agent; the table shows the step and the tool calls.
    await frame.locator('#filter-kind').selectOption({ label: 'Agent' });
    await waitUntil(async () => (await frame.locator('.rows .row').count()) === agent.length, 'only the agent rows');
    const rows = await panelRows(frame);
    assert.deepEqual(rows.map((r) => r.cells.kind), ['Agent · act', 'Agent · act', 'Agent · act', 'Agent · think']);
    assert.deepEqual(rows.map((r) => r.cells.tools), ['3', '2', '2 (1 malformed)', '1']);
    // Keyboard: down to the escalated attempt, Enter opens the conversation's details, Escape closes.
    await frame.locator('.rows .row').first().focus();
    await ui.page.keyboard.press('Home');
    await ui.page.keyboard.press('ArrowDown');
    await ui.page.keyboard.press('ArrowDown');
    assert.equal(await frame.locator('.rows .row:focus').getAttribute('data-id'), 'agent-2');
    await ui.page.keyboard.press('Enter');
    const details = frame.locator('#details');
    await details.waitFor();
    const text = await details.innerText();
    assert.match(text, /Agent on the fast lane/);
    assert.match(text, /Agent request/i);
    assert.match(text, /Tool calls\s+2 made, 1 malformed \(never passed on\)/);
    assert.match(text, /Turn\s+2/);
    assert.match(text, /Context\s+4,800 tokens/);
    assert.match(text, /This conversation \(3 requests, 4 attempts,/i);
    assert.match(text, /Escalated\s+turn 2 \(act\), attempt 1: Fast · gemini-3\.5-flash.*1 malformed tool call/);
    assert.match(text, /OK\s+turn 2 \(act\), attempt 2: Deep · gpt-5\.5/);
    await screenshot(ui.page, 'usage-panel-agent-details-light');
    await ui.page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    assert.equal(await frame.locator('.rows .row:focus').getAttribute('data-id'), 'agent-2');
    await frame.locator('#clear-filters').click();
  });
});
