// What the UI tests read back: the ledger the extension wrote under the run folder,
// the editor's text as shown (without ghost text), and a polling wait.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LedgerRecord } from '../../src/core/ledger-record.ts';

export const GHOST = '.monaco-editor [class*="ghost-text"]';

/** Every ledger record the extension wrote in this run (its globalStorage lives under the run folder). */
export function readLedger(runDir: string): LedgerRecord[] {
  const out: LedgerRecord[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.jsonl') && dir.endsWith('ledger')) {
        for (const line of readFileSync(p, 'utf8').split('\n')) if (line.trim()) out.push(JSON.parse(line) as LedgerRecord);
      }
    }
  };
  walk(runDir);
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
