// The usage panel's Routing view in a real VS Code: its empty state, then a ledger whose routed tasks
// of one shape keep failing on the fast lane (another window wrote it, while the view was open), the
// view's numbers against the same rows worked out here from the same lines, a request's routing
// figures in its details, the keyboard, the settings link, a narrow panel, both themes, and a reset.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import type { LedgerEvent, LedgerRecord } from '../../src/core/ledger-record.ts';
import { DEFAULT_POLICY } from '../../src/core/policy-config.ts';
import { formatUsd } from '../../src/core/usage-format.ts';
import { LedgerAggregate } from '../../src/core/ledger-aggregate.ts';
import { LedgerStore } from '../../src/ledger/store.ts';
import { buildRoutingPanel } from '../../src/vscode/usage/routing-panel.ts';
import { laneLines, laneNowLines, settingsLine, shapeLines, totalLine, versusLines } from '../../src/webview/routing-model.ts';
import { record } from '../unit/helpers/ledger-fixtures.ts';
import { LEARNED_REASON, PY, routingLedger, TS_COMPLETION, TS_REFACTOR, statsFromLines } from '../unit/helpers/routing-ledger.ts';
import { openUiSession, runCommand, screenshot, statusItem, webviewContent, type UiSession } from '../harness/ui-session.ts';
import { waitUntil } from './ui-reads.ts';
import { runFirstMatching, setTheme } from './workbench-actions.ts';

/** The extension's globalStorage under the run folder: the ledger another VS Code window would share. */
const ledgerDir = (ui: UiSession) => join(ui.server.runDir, 'user-data', 'User', 'globalStorage', 'switchyard-dev.switchyard', 'ledger');

/**
 * Waits for the meter to show today's spend on these records, worked out by the aggregate the meter
 * reads. The seeded lines span 15 minutes back, so a run near midnight sees only today's share, and
 * the meter re-renders a rollover within a minute: either side of that minute is right.
 */
async function meterShowsToday(ui: UiSession, records: readonly LedgerRecord[]): Promise<void> {
  const todayAt = (ms: number) => {
    const a = new LedgerAggregate({ now: () => ms });
    a.addAll(records);
    return formatUsd(a.today().all.costNanos);
  };
  let shown: string[] = [];
  await waitUntil(async () => {
    const now = Date.now();
    shown = (await statusItem(ui.page, '$').allInnerTexts()).flatMap((t) => t.split(/\s+/));
    return [todayAt(now), todayAt(now - 61_000)].some((usd) => shown.includes(usd));
  }, 'the meter to show today\'s spend').catch((e: unknown) => assert.fail(`${String(e)}; the status bar showed ${shown.join(' ')}`));
}

/** What a routing table row shows: each cell's lines, keyed by its column. */
async function routingRows(frame: FrameLocator): Promise<Map<string, Record<string, string[]>>> {
  const rows = await frame.locator('#routing-table tbody tr').evaluateAll((trs) => trs.map((tr) => [
    (tr as HTMLElement).dataset.shape ?? '',
    Object.fromEntries([...tr.querySelectorAll<HTMLElement>('[data-col]')].map((c) => [c.dataset.col!, [...c.querySelectorAll('.line')].map((l) => l.textContent ?? '')])),
  ] as const));
  return new Map(rows);
}

describe('workbench UI: the usage panel\'s routing view', { timeout: 300_000 }, () => {
  let ui: UiSession;
  let seeded: ReturnType<typeof routingLedger>;
  let legacy: LedgerRecord;
  before(async () => {
    ui = await openUiSession('routing', { settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  });
  after(async () => { await ui?.close(); });

  /** Lines another window appends to the shared ledger. */
  async function append(lines: readonly (LedgerRecord | LedgerEvent)[]): Promise<void> {
    const other = new LedgerStore(ledgerDir(ui));
    try {
      for (const line of lines) await other.append(line);
    } finally {
      await other.close();
    }
  }

  it('before any routed task, the view says what will appear and when', async () => {
    await statusItem(ui.page, '$0.00').first().waitFor({ timeout: 60_000 });
    // A request from before routing notes existed: a row in the table, nothing to learn from.
    legacy = record({ id: 'legacy-1', taskId: 'legacy-1', time: new Date(Date.now() - 60_000).toISOString(), simulated: true });
    await append([legacy]);
    await meterShowsToday(ui, [legacy]);
    await runFirstMatching(ui.page, 'Primary Side Bar', /(Close|Hide) Primary Side Bar/);
    await runFirstMatching(ui.page, 'Secondary Side Bar', /(Close|Hide) Secondary Side Bar/);
    await runCommand(ui.page, 'Switchyard: Show Usage Panel');
    const frame = webviewContent(ui.page);
    await frame.locator('#tab-routing').click();
    const empty = frame.locator('#routing-empty');
    await empty.waitFor({ timeout: 60_000 });
    const text = await empty.innerText();
    assert.match(text, /No routing figures yet/);
    assert.match(text, /appears here once a quick edit, refactor, AST transform or agent request of that shape has finished and been judged/);
    assert.match(text, /Until a shape has enough evidence, the static table picks its lane/);
    assert.equal(await frame.locator('#routing-settings').innerText(), settingsLine(DEFAULT_POLICY.routing));
    await screenshot(ui.page, 'routing-view-empty-dark');
  });

  it('another window\'s routed tasks reach the open view', async () => {
    seeded = routingLedger(Date.now());
    await append([...seeded.records, ...seeded.events]);
    await meterShowsToday(ui, [legacy, ...seeded.records]);
    await webviewContent(ui.page).locator('#routing-table tbody tr').nth(2).waitFor({ timeout: 30_000 });
  });

  it('shows each shape\'s lane now, why, both lanes\' records and the estimate against the static table, as worked out from the ledger', async () => {
    const frame = webviewContent(ui.page);

    // The same rows from the same lines, by the functions the CLI prints with.
    const expected = buildRoutingPanel(statsFromLines(seeded.records, seeded.events, DEFAULT_POLICY.routing.halfLifeDays), Date.now(), DEFAULT_POLICY);
    const shown = await routingRows(frame);
    assert.deepEqual([...shown.keys()].sort(), expected.rows.map((r) => r.shape).sort());
    for (const r of expected.rows) {
      const cells = shown.get(r.shape)!;
      assert.deepEqual(cells.shape, shapeLines(r), r.shape);
      assert.deepEqual(cells.lane, laneNowLines(r), r.shape);
      assert.deepEqual(cells.fast, laneLines(r, 'fast'), r.shape);
      assert.deepEqual(cells.deep, laneLines(r, 'deep'), r.shape);
      assert.deepEqual(cells.versus, versusLines(r), r.shape);
    }
    // By hand: the fast lane failed 13 of 14 quick edits of the shape, so the router now sends it deep.
    const py = shown.get(PY)!;
    assert.deepEqual(py.shape, ['quick edit, Python, 40-80 lines']);
    assert.deepEqual(py.lane!.slice(0, 2), ['deep lane (learned)', 'static table: fast lane']);
    assert.match(py.lane![2]!, /^fast lane succeeded 1 of 14 recently; fast-then-deep expected \$[\d.]+ \/ [\d.]+ s vs deep \$0\.033 \/ 7\.0 s, so the deep lane$/);
    assert.deepEqual(py.fast, ['1 of 14 succeeded', 'mean $0.0099 / 3.0 s']);
    assert.deepEqual(py.deep, ['17 of 17 succeeded', 'mean $0.033 / 7.0 s']);
    assert.match(py.versus![0]!, /^4 tasks, ~\$[\d.]+ saved$/);
    assert.deepEqual(shown.get(TS_COMPLETION)!.shape, ['completion, TypeScript', '2 of 6 accepted (33.3%)']);
    assert.deepEqual(shown.get(TS_REFACTOR)!.fast, ['no tasks yet']);
    // The shape that moved off the static table is listed first.
    assert.equal([...shown.keys()][0], PY);

    assert.equal(await frame.locator('#routing-settings').innerText(), settingsLine(DEFAULT_POLICY.routing));
    const total = frame.locator('[data-figure="routing-total"]');
    assert.equal(await total.innerText(), totalLine(expected));
    assert.match((await total.getAttribute('title'))!, /^An estimate, made by repricing/);
    assert.match((await frame.locator('#routing-table thead th').nth(4).getAttribute('title'))!, /^An estimate/);
    await screenshot(ui.page, 'routing-view-dark');
  });

  it('a request\'s details give its routing reason and the figures behind it', async () => {
    const frame = webviewContent(ui.page);
    await frame.locator('#tab-requests').click();
    const row = frame.locator('.rows .row[data-id="py-l3"]');
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    const details = frame.locator('#details');
    await details.waitFor();
    const text = await details.innerText();
    assert.ok(text.includes(LEARNED_REASON), text);
    assert.match(text, /Routing figures/i);
    assert.match(text, /Task shape\s+quick edit, Python, 40-80 lines/);
    assert.match(text, /Chosen by\s+learned from your outcomes/);
    assert.match(text, /Static table\s+fast lane/);
    assert.match(text, /Fast lane then\s+1 of 14 succeeded recently/);
    assert.match(text, /Fast first, deep on failure\s+expected \$0\.03421 \/ 8\.2 s/);
    assert.match(text, /Deep directly\s+expected \$0\.033 \/ 7\.0 s/);
    await screenshot(ui.page, 'routing-details-dark');
    await ui.page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
  });

  it('is reachable by keyboard, and its settings link opens the routing settings', async () => {
    const frame = webviewContent(ui.page);
    await frame.locator('#tab-requests').focus();
    await ui.page.keyboard.press('ArrowRight');
    await ui.page.keyboard.press('ArrowRight');
    assert.equal(await frame.locator('#tab-routing').getAttribute('aria-selected'), 'true');
    assert.equal(await frame.locator('[role=tab]:focus').getAttribute('id'), 'tab-routing');
    await ui.page.keyboard.press('Tab');
    assert.equal(await frame.locator(':focus').getAttribute('id'), 'routing-settings-open');
    await ui.page.keyboard.press('Enter');
    // The Settings editor opens on the routing settings: its search box holds the query, its list those settings.
    const settings = ui.page.locator('.settings-editor');
    await settings.waitFor({ timeout: 30_000 });
    const query = settings.locator('.search-container .view-lines');
    await waitUntil(async () => (await query.innerText().catch(() => '')).replace(/\u00a0/g, ' ').includes('switchyard.routing'), 'the settings search to hold switchyard.routing', 30_000);
    const titles = settings.locator('.setting-item-title');
    await waitUntil(async () => (await titles.allInnerTexts()).some((t) => /Routing: Learning/.test(t)), 'the Routing: Learning setting listed', 30_000);
    const listed = await titles.allInnerTexts();
    assert.ok(listed.some((t) => /Routing: Preference/.test(t)), listed.join(' | '));
    await screenshot(ui.page, 'routing-settings-opened');

    // Side by side, learning turned off in the settings shows in the open view at once: the static table decides.
    await runCommand(ui.page, 'View: Move Editor into Right Group');
    const learning = settings.locator('.setting-item', { hasText: 'Routing: Learning' }).locator('.setting-value-checkbox');
    await learning.click();
    const settingsText = () => frame.locator('#routing-settings').innerText();
    const pyLane = () => frame.locator(`#routing-table tr[data-shape="${PY}"] td[data-col="lane"] .line`).first().innerText();
    await waitUntil(async () => /^Learning is off/.test(await settingsText()), 'the view to say learning is off', 30_000);
    await waitUntil(async () => (await pyLane()) === 'fast lane (static table)', 'the Python shape back on the static table\'s fast lane', 30_000);
    await screenshot(ui.page, 'routing-learning-off-dark');
    await learning.click();
    await waitUntil(async () => (await pyLane()) === 'deep lane (learned)', 'learning on again', 30_000);
    await runCommand(ui.page, 'View: Close Editor');
  });

  it('fits a narrow panel without scrolling sideways, in the light theme too', async () => {
    await runCommand(ui.page, 'Switchyard: Show Usage Panel');
    const frame = webviewContent(ui.page);
    await frame.locator('#tab-routing').click();
    await frame.locator('#routing-table').waitFor();
    // A narrow panel stacks each row; a middling one keeps the table; neither scrolls sideways.
    for (const width of [1000, 480]) {
      await ui.page.setViewportSize({ width, height: 900 });
      const stacked = width < 800;
      await waitUntil(async () => ((await frame.locator('#routing-table thead').evaluate((h) => getComputedStyle(h).position)) === 'absolute') === stacked, `the ${stacked ? 'stacked' : 'table'} layout at ${width}px`);
      const overflow = await frame.locator('#panel-routing').evaluate((p) => ({ scroll: p.scrollWidth, client: p.clientWidth, doc: document.documentElement.scrollWidth, win: window.innerWidth }));
      assert.ok(overflow.scroll <= overflow.client && overflow.doc <= overflow.win, `no horizontal overflow at ${width}px: ${JSON.stringify(overflow)}`);
      await frame.locator('#routing-table').scrollIntoViewIfNeeded();
      await screenshot(ui.page, `routing-view-${width}px-dark`);
    }
    // Each stacked cell still says what it is.
    assert.equal(await frame.locator(`#routing-table tr[data-shape="${PY}"] td[data-col="fast"]`).getAttribute('data-label'), 'Fast lane');
    await ui.page.setViewportSize({ width: 1400, height: 900 });
    await setTheme(ui.page, 'Light Modern', 'vs');
    await frame.locator('#routing-table').waitFor();
    await screenshot(ui.page, 'routing-view-light');
  });

  it('forgets a shape when another window resets it (switchyard route --reset), while the view is open', async () => {
    const frame = webviewContent(ui.page);
    // The estimate's rule, opened from the keyboard, stays open (and focused) while the view redraws.
    await frame.locator('#estimate-rule-toggle').focus();
    await ui.page.keyboard.press('Enter');
    const ruleOpen = () => frame.locator('details.estimate-rule').evaluate((d) => (d as HTMLDetailsElement).open);
    assert.equal(await ruleOpen(), true);
    assert.match(await frame.locator('details.estimate-rule p').innerText(), /^An estimate, made by repricing/);
    await append([{ v: 1, type: 'event', id: 'reset-py', time: new Date().toISOString(), event: 'routing_reset', taskId: 'route-reset', kind: 'quickEdit', shape: PY }]);
    await waitUntil(async () => (await frame.locator(`#routing-table tr[data-shape="${PY}"]`).count()) === 0, 'the reset shape to leave the view', 30_000);
    assert.deepEqual(await frame.locator('#routing-table tbody tr').evaluateAll((trs) => trs.map((t) => (t as HTMLElement).dataset.shape)), [TS_COMPLETION, TS_REFACTOR]);
    assert.equal(await frame.locator('[data-figure="routing-total"]').innerText(), 'Against the static table (estimate): no task has started off the static table yet');
    assert.equal(await ruleOpen(), true);
    assert.equal(await frame.locator(':focus').getAttribute('id'), 'estimate-rule-toggle');
    await screenshot(ui.page, 'routing-view-after-reset-light');
  });
});
