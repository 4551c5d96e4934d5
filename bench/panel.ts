// Usage panel benchmark (issue 8): the real webview bundle (dist/webview.js) in
// Debian's chromium, fed 100,000 ledger records through the real protocol
// messages (RecordEncoder, the host's chunk size) by a stub acquireVsCodeApi.
// Measures: host-side encoding, time to first rendered rows, time until every
// record is loaded, a filter over all records, and frame times while scrolling.
//   node scripts/build.mjs && node bench/panel.ts [--records N] [--shot file.png]
// One record in ten is an agent request (features and tool calls travel with it); BENCH_NO_AGENT=1
// leaves them out, for a same-machine comparison of what they cost.
import { createServer } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LedgerRecord } from '../src/core/ledger-record.ts';
import { RecordEncoder } from '../src/core/ledger-rows.ts';
import type { HostMessage, PanelSummary } from '../src/core/panel-messages.ts';
import { launchBrowser } from '../test/harness/browser.ts';
import { resultPath } from './_results.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const N = Number(arg('--records') ?? 100_000);
const CHUNK = 5_000; // as src/vscode/usage-panel.ts
const RUNS = 5;

/** A deterministic month of plausible records: mostly fast completions, some deep refactors, agent requests with tool calls, a few failures. */
function syntheticRecords(n: number): LedgerRecord[] {
  let seed = 42;
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const end = Date.now();
  const start = end - 20 * 86_400_000;
  const out: LedgerRecord[] = [];
  for (let i = 0; i < n; i++) {
    const deep = rand() < 0.15;
    const agent = rand() < (process.env.BENCH_NO_AGENT ? 0 : 0.1);
    const kind = agent ? 'agent' : deep ? (rand() < 0.7 ? 'refactor' : 'astTransform') : (rand() < 0.85 ? 'completion' : 'quickEdit');
    const r = rand();
    const outcome = r < 0.9 ? 'ok' : r < 0.94 ? 'escalated' : r < 0.97 ? 'cancelled' : 'error:rate_limited';
    const first = deep ? 1500 + rand() * 3000 : 150 + rand() * 400;
    const endMs = first + (deep ? rand() * 60_000 : rand() * 1200);
    const input = Math.round(deep ? 5000 + rand() * 50_000 : 300 + rand() * 1500);
    const output = Math.round(deep ? 500 + rand() * 6000 : 10 + rand() * 200);
    out.push({
      v: 1, id: `r${i}`, taskId: `t${Math.floor(i / 1.1)}`, attempt: 0,
      time: new Date(start + ((end - start) * i) / n).toISOString(),
      kind, lane: deep ? 'deep' : 'fast', provider: deep ? 'openai' : 'gemini', model: deep ? 'gpt-5.5' : 'gemini-3.5-flash',
      reason: deep ? 'refactor spans 4 files, so the deep lane' : 'completion: the fast lane answers in time',
      outcome, timings: { queuedMs: 1, sentMs: 5, firstTokenMs: Math.min(first, endMs), endMs },
      tokens: { input, cached: Math.round(input * 0.3), output, reasoning: deep ? Math.round(output * 0.4) : 0 },
      costNanos: Math.round(deep ? input * 1250 + output * 10_000 : input * 300 + output * 2500),
      estimateNanos: Math.round(deep ? input * 1300 + output * 9000 : input * 300 + output * 2400),
      counterfactualNanos: Math.round(deep ? input * 300 + output * 2500 : input * 1250 + output * 10_000),
      simulated: false,
      // An agent conversation is one task of many requests; each carries its features and tool calls.
      ...(agent ? {
        taskId: `conv${Math.floor(i / 300)}`,
        toolCalls: { made: 1 + Math.floor(rand() * 3), malformed: rand() < 0.08 ? 1 : 0 },
        agent: {
          turn: 1 + (i % 300), asksForPlan: false, toolResults: 1, failedToolResults: rand() < 0.1 ? 1 : 0, repeatedCall: false,
          lastUserChars: 40, contextTokens: input, tools: 3, toolMode: 'auto' as const, fastFailedTools: [], step: deep ? 'think' as const : 'act' as const,
        },
      } : {}),
    });
  }
  return out;
}

const summary: PanelSummary = {
  todayNanos: 420_000_000, monthNanos: 31_000_000_000, todayCount: 5000, monthCount: N, dailyCapNanos: 5_000_000_000,
  monthlyCapNanos: 50_000_000_000, warnFraction: 0.8, level: 'ok', savingsMonthNanos: 12_000_000_000, savingsTodayNanos: 200_000_000,
  deepModel: 'gpt-5.5', simulated: false, wasteMonthNanos: 400_000_000, wasteTodayNanos: 3_000_000,
  fastSuccess: { completion: { finished: 80_000, ok: 79_000 }, quickEdit: { finished: 900, ok: 800 }, refactor: { finished: 0, ok: 0 }, astTransform: { finished: 0, ok: 0 }, agent: { finished: 0, ok: 0 } },
  events: { shown: 90_000, accepted: 30_000, applied: 800, rejected: 100, partly_applied: 10, undone: 5 }, cacheHits: 20_000,
  blocks: { blocked_budget: 3, blocked_confirmation: 1, blocked_cooldown: 2, blocked_context: 0, blocked_untrusted: 0 },
  lanes: {
    fast: { model: 'gemini-3.5-flash', todayNanos: 100_000_000, monthNanos: 9_000_000_000, todayCount: 4200, monthCount: 85_000, p50Ms: 620, p95Ms: 1300, ttftP50Ms: 380, toolCallsMonth: { made: 16_000, malformed: 1_200 }, toolCallsToday: { made: 800, malformed: 70 } },
    deep: { model: 'gpt-5.5', todayNanos: 320_000_000, monthNanos: 22_000_000_000, todayCount: 800, monthCount: 15_000, p50Ms: 32_000, p95Ms: 61_000, ttftP50Ms: 3000, toolCallsMonth: { made: 3_000, malformed: 4 }, toolCallsToday: { made: 0, malformed: 0 } },
  },
};

/** The messages the host sends after "ready", built as usage-panel.ts builds them. */
function hostMessages(records: LedgerRecord[]): { messages: HostMessage[]; encodeMs: number; firstChunkEncodeMs: number } {
  const encoder = new RecordEncoder();
  const newestFirst = [...records].reverse();
  const messages: HostMessage[] = [{ type: 'init', summary, keysConfigured: { fast: true, deep: true }, total: records.length }];
  const t0 = performance.now();
  let firstChunkEncodeMs = 0;
  for (let i = 0; i < newestFirst.length; i += CHUNK) {
    messages.push({ type: 'records', reset: i === 0, done: i + CHUNK >= newestFirst.length, ...encoder.encode(newestFirst.slice(i, i + CHUNK)) });
    if (i === 0) firstChunkEncodeMs = performance.now() - t0;
  }
  return { messages, encodeMs: performance.now() - t0, firstChunkEncodeMs };
}

// Dark Modern's main colours, so the page looks like the panel (a harness, not a theme test).
const THEME = `--vscode-foreground:#cccccc;--vscode-editor-background:#1f1f1f;--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;
--vscode-descriptionForeground:#9d9d9d;--vscode-widget-border:#313131;--vscode-panel-border:#2b2b2b;--vscode-editorWidget-background:#202020;
--vscode-button-background:#0078d4;--vscode-button-foreground:#fff;--vscode-button-secondaryBackground:#313131;--vscode-button-secondaryForeground:#ccc;
--vscode-focusBorder:#0078d4;--vscode-list-hoverBackground:#2a2d2e;--vscode-list-activeSelectionBackground:#04395e;--vscode-list-inactiveSelectionBackground:#37373d;
--vscode-charts-blue:#3794ff;--vscode-charts-orange:#d18616;--vscode-charts-green:#89d185;--vscode-charts-yellow:#cca700;--vscode-charts-red:#f14c4c;--vscode-charts-purple:#b180d7;
--vscode-charts-lines:rgba(204,204,204,0.25);--vscode-dropdown-background:#313131;--vscode-dropdown-foreground:#ccc;--vscode-dropdown-border:#3c3c3c;
--vscode-badge-background:#616161;--vscode-badge-foreground:#f8f8f8;--vscode-errorForeground:#f85149;--vscode-editorWarning-foreground:#cca700;
--vscode-textBlockQuote-background:#2b2b2b;--vscode-input-background:#313131;--vscode-panelTitle-activeBorder:#0078d4;--vscode-editorGroup-border:#2b2b2b`;

const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/media/panel.css">
<style>html{${THEME}}</style></head><body><main id="app"></main>
<script>
  window.__bench = { posted: [] };
  window.acquireVsCodeApi = () => ({
    getState: () => undefined, setState: () => {},
    postMessage: (m) => { window.__bench.posted.push(m); if (m.type === 'ready') for (const msg of window.__bench.messages) window.postMessage(msg, '*'); },
  });
  window.__bench.start = async () => {
    window.__bench.messages = await (await fetch('/messages.json')).json();
    window.__bench.t0 = performance.now();
    const s = document.createElement('script'); s.src = '/dist/webview.js'; document.body.append(s);
  };
</script></body></html>`;

async function main(): Promise<void> {
  const bundle = join(REPO, 'dist', 'webview.js');
  if (!existsSync(bundle)) throw new Error('dist/webview.js is missing: run node scripts/build.mjs first');
  const records = syntheticRecords(N);
  const { messages, encodeMs, firstChunkEncodeMs } = hostMessages(records);
  const json = JSON.stringify(messages);
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/') { res.setHeader('content-type', 'text/html'); res.end(PAGE); return; }
    if (url === '/messages.json') { res.setHeader('content-type', 'application/json'); res.end(json); return; }
    const file = join(REPO, url.replace(/^\//, ''));
    if (!file.startsWith(REPO) || !existsSync(file)) { res.statusCode = 404; res.end(); return; }
    res.setHeader('content-type', url.endsWith('.css') ? 'text/css' : 'text/javascript');
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const browser = await launchBrowser();
  const runs: Record<string, number>[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`http://127.0.0.1:${port}/`);
      // Browser-side code is passed as source text: the root tsconfig has no DOM lib.
      await page.evaluate('window.__bench.start()');
      await page.locator('.rows .row').first().waitFor({ timeout: 30_000 });
      const allCount = JSON.stringify(`${N.toLocaleString('en')} rows this month`);
      await page.waitForFunction(`document.getElementById('row-count')?.textContent?.startsWith(${allCount})`, undefined, { timeout: 60_000 });
      const loaded = await page.evaluate(`(() => {
        const t0 = window.__bench.t0;
        const first = performance.getEntriesByName('switchyard:first-rows')[0].startTime;
        return { firstRowsMs: first - t0, allLoadedMs: performance.now() - t0 };
      })()`) as Record<string, number>;
      // Scroll through the whole table in 60 steps, one per frame, recording frame times.
      const scroll = await page.evaluate(`(async () => {
        const el = document.querySelector('.table-scroll');
        const frames = [];
        let last = performance.now();
        for (let i = 1; i <= 60; i++) {
          el.scrollTop = (el.scrollHeight * i) / 60;
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          const now = performance.now();
          frames.push(now - last);
          last = now;
        }
        frames.sort((a, b) => a - b);
        return { scrollFrameP50Ms: frames[30], scrollFrameMaxMs: frames[59], renderedRows: document.querySelectorAll('.rows .row').length };
      })()`) as Record<string, number>;
      // Filter all records to the deep lane and wait for the count line.
      const t = Date.now();
      await page.selectOption('#filter-lane', 'deep');
      await page.waitForFunction(`document.getElementById('row-count')?.textContent?.includes('(filtered)')`);
      const filterMs = Date.now() - t;
      if (run === 0 && arg('--shot')) await page.screenshot({ path: arg('--shot')! });
      runs.push({ ...loaded, ...scroll, filterMs });
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const median = (k: string) => [...runs.map((r) => r[k]!)].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  const round = (v: number) => Math.round(v * 10) / 10;
  const result = {
    records: N,
    runs: RUNS,
    chunk: CHUNK,
    messageBytes: json.length,
    hostEncodeAllMs: round(encodeMs),
    hostEncodeFirstChunkMs: round(firstChunkEncodeMs),
    firstRowsMs: round(median('firstRowsMs')),
    timeToFirstRenderMs: round(median('firstRowsMs') + firstChunkEncodeMs),
    allLoadedMs: round(median('allLoadedMs')),
    scrollFrameP50Ms: round(median('scrollFrameP50Ms')),
    scrollFrameMaxMs: round(median('scrollFrameMaxMs')),
    renderedRowsInDom: median('renderedRows'),
    filter100kMs: round(median('filterMs')),
    goal: 'time to first render < 1000 ms',
    note: 'Medians of the runs. firstRowsMs: script load to first rows painted in chromium (bundle eval, ready, init, first 5,000-record chunk decoded and rendered); timeToFirstRenderMs adds the host encoding that chunk. VS Code\'s own message IPC is not included.',
    chromium: browserVersionNote,
    date: new Date().toISOString(),
  };
  writeFileSync(resultPath('panel'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
}

let browserVersionNote = '';
launchBrowser().then(async (b) => { browserVersionNote = b.version(); await b.close(); })
  .then(main)
  .catch((err: unknown) => { console.error(err); process.exitCode = 1; });
