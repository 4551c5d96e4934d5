// Adaptive routing in the real VS Code: the router reads the ledger service's statistics while
// switchyard.routing.learning is on; lines another process appends (a CLI reset, another window's
// outcomes) reach them; and the completion debounce of a language follows its learned acceptance.
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { learnedDebounceMs } from '../../../src/vscode/completion/inline-provider.ts';
import type { Services } from '../../../src/vscode/services.ts';
import { until } from './until.ts';

interface Api { services(): Services | undefined }

async function services(): Promise<Services> {
  const api = await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate() as Api;
  return api.services()!;
}

/** Appends lines to the extension's ledger file as another process would (one write each). */
function appendAsAnotherProcess(s: Services, lines: readonly object[]): void {
  mkdirSync(s.ledger.store.dir, { recursive: true });
  const file = join(s.ledger.store.dir, `ledger-${s.ledger.store.currentMonth()}.jsonl`);
  for (const l of lines) appendFileSync(file, `${JSON.stringify(l)}\n`);
}

const usage = { input: 1_000, cached: 0, output: 30, reasoning: 0 };

/** A request record of another window, with its routing note. */
function attempt(shape: string, kind: string, lane: 'fast' | 'deep', outcome: string, language: string): { id: string; taskId: string } & Record<string, unknown> {
  const id = randomUUID();
  return {
    v: 1, id, taskId: randomUUID(), attempt: 0, time: new Date().toISOString(), kind, lane,
    provider: lane === 'fast' ? 'gemini' : 'openai', model: lane === 'fast' ? 'gemini-3.5-flash' : 'gpt-5.5', reason: 'another window',
    outcome, timings: { endMs: 300 }, tokens: usage, costNanos: 1_770_000, estimateNanos: 1_800_000, counterfactualNanos: 5_900_000,
    language, simulated: true, routing: { shape, staticLane: 'fast', basis: 'static' },
  };
}

const event = (event: string, kind: string, over: Record<string, unknown>) =>
  ({ v: 1, type: 'event', id: randomUUID(), time: new Date().toISOString(), event, taskId: randomUUID(), kind, simulated: true, ...over });

describe('adaptive routing in VS Code', () => {
  // The run turns learning off for the other suites (their lanes must not depend on what earlier tests taught the
  // router); this suite is about learning, so it runs with it on, and puts the run's value back afterwards.
  let runValue: boolean | undefined;
  before(async () => {
    const config = vscode.workspace.getConfiguration('switchyard');
    runValue = config.inspect<boolean>('routing.learning')?.globalValue;
    await config.update('routing.learning', true, vscode.ConfigurationTarget.Global);
    const s = await services();
    await until('learning on', () => s.pipeline.router.state().learned === s.ledger.routing);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('switchyard').update('routing.learning', runValue, vscode.ConfigurationTarget.Global);
  });

  it('the router reads the ledger\'s statistics, and none while switchyard.routing.learning is off', async () => {
    const s = await services();
    assert.equal(s.pipeline.router.state().learned, s.ledger.routing);
    await vscode.workspace.getConfiguration('switchyard').update('routing.learning', false, vscode.ConfigurationTarget.Global);
    await until('learning off to reach the router', () => s.pipeline.router.state().learned === undefined);
    await vscode.workspace.getConfiguration('switchyard').update('routing.learning', true, vscode.ConfigurationTarget.Global);
    await until('learning back on', () => s.pipeline.router.state().learned === s.ledger.routing);
  });

  it('another process\'s outcomes and a reset reach the running statistics', async () => {
    const s = await services();
    const shape = 'quickEdit|rust|20-40';
    const lines = [attempt(shape, 'quickEdit', 'fast', 'escalated', 'rust'), attempt(shape, 'quickEdit', 'fast', 'escalated', 'rust'), attempt(shape, 'quickEdit', 'fast', 'ok', 'rust')];
    appendAsAnotherProcess(s, lines);
    const learned = await until('the other window\'s attempts', () => s.ledger.routing.figures(shape, Date.now())?.lanes.fast);
    assert.deepEqual([Math.round(learned.n), Math.round(learned.ok)], [3, 1]);
    appendAsAnotherProcess(s, [event('routing_reset', 'quickEdit', { shape, note: 'switchyard route --reset' })]);
    await until('the reset', () => (s.ledger.routing.figures(shape, Date.now())?.lanes.fast.n ?? 0) === 0);
  });

  it('a language whose completions go unaccepted gets a longer debounce; learning off, the configured one', async () => {
    const s = await services();
    const configured = s.settings().completions.debounceMs;
    assert.equal(learnedDebounceMs(s, 'haskell', configured), configured, 'no history: the configured debounce');
    const shape = 'completion|haskell';
    const lines: object[] = [];
    for (let i = 0; i < 60; i++) {
      const r = attempt(shape, 'completion', 'fast', 'ok', 'haskell');
      lines.push(r, event('shown', 'completion', { taskId: r.taskId, requestId: r.id }));
      if (i === 0) lines.push(event('accepted', 'completion', { taskId: r.taskId, requestId: r.id }));
    }
    appendAsAnotherProcess(s, lines);
    const longer = await until('the lengthened debounce', () => { const ms = learnedDebounceMs(s, 'haskell', configured); return ms > configured ? ms : undefined; });
    assert.ok(longer > configured, `${longer} ms`);
    await vscode.workspace.getConfiguration('switchyard').update('routing.learning', false, vscode.ConfigurationTarget.Global);
    await until('learning off', () => !s.settings().routing.learning);
    assert.equal(learnedDebounceMs(s, 'haskell', configured), configured);
  });
});
