// The estimate a face shows before sending names the lane learned routing then takes: the same
// shape (the task's language) and the same exploration draw (the task's id), through the real
// pipeline, SDKs and emulator.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LedgerRecord } from '../../../src/core/ledger-record.ts';
import { RoutingStats } from '../../../src/core/routing-stats.ts';
import { shapeOf } from '../../../src/core/routing-shape.ts';
import { readSettings, type SettingKey } from '../../../src/core/settings.ts';
import { createPipeline, type Pipeline } from '../../../src/pipeline/create-pipeline.ts';
import { runWithConfirmation } from '../../../src/pipeline/run-with-confirmation.ts';
import { fixedSettings } from '../../../src/pipeline/settings-snapshot.ts';
import type { PipelineTask } from '../../../src/pipeline/task-types.ts';
import { record } from '../helpers/ledger-fixtures.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';

const SHAPE = shapeOf({ kind: 'quickEdit', language: 'python', editLines: 50, inputTokens: 0 }).key;

/** Quick edits of 50 Python lines that failed on the fast lane and succeeded on the deep one, in the last hours. */
function learnedFailures(now: number): RoutingStats {
  const stats = new RoutingStats({ halfLifeDays: 14 });
  for (let i = 0; i < 6; i++) {
    const time = new Date(now - (i + 1) * 3_600_000).toISOString();
    const note = { shape: SHAPE, staticLane: 'fast' as const, basis: 'prior' as const };
    const fast: LedgerRecord = record({ id: `f${i}`, taskId: `t${i}`, kind: 'quickEdit', lane: 'fast', outcome: 'escalated', time, language: 'python', routing: note });
    stats.addRecord(fast);
    stats.addRecord(record({ id: `d${i}`, taskId: `t${i}`, attempt: 1, kind: 'quickEdit', lane: 'deep', provider: 'openai', model: 'gpt-5.5', outcome: 'ok', time, language: 'python', costNanos: 9_000_000, routing: note }));
  }
  return stats;
}

const quickEdit = (language: string): PipelineTask<string> => ({
  kind: 'quickEdit', language, editLines: 50, inputTokens: 1_500,
  prompt: () => ({ system: 'Rewrite the range.', prompt: 'rename the loop variable' }),
  validate: (out) => ({ ok: true, value: out }),
});

describe('estimates under learned routing', () => {
  let emu: Emulator;
  let pipeline: Pipeline;
  before(async () => {
    emu = await startEmulator({ instant: true });
    emu.script({ match: { protocol: 'gemini' }, text: 'fine', repeat: 1_000 }, { match: { protocol: 'responses' }, text: 'fine', repeat: 1_000 });
    const stats = learnedFailures(Date.now());
    // Exploration at its maximum, so that many tasks draw it: the estimate must draw the same.
    const values: Partial<Record<SettingKey, unknown>> = { 'fastLane.baseUrl': emu.url, 'deepLane.baseUrl': emu.openaiBaseUrl, 'routing.exploration': 0.5 };
    pipeline = createPipeline({
      settings: fixedSettings(readSettings((k) => values[k])), keys: { own: (lane) => ({ key: `${lane}-key`, source: 'test' }) },
      env: {}, ledger: { append: async () => {} }, simulated: true, learned: () => stats,
    });
  });
  after(async () => { await emu.close(); });

  it('the lane estimated is the lane the first attempt takes, exploring or not, and follows the task\'s language', async () => {
    const pairs: [string, string][] = [];
    for (let i = 0; i < 24; i++) {
      let estimated = '';
      const result = await runWithConfirmation(quickEdit('python'), { pipeline, confirm: async () => true, onEvent: (e) => { if (e.type === 'estimated') estimated = e.estimate.lane; } });
      assert.ok(result.ok, JSON.stringify(result));
      pairs.push([estimated, result.records[0]!.lane]);
    }
    assert.deepEqual(pairs.filter(([e, r]) => e !== r), [], 'no task ran on another lane than its estimate');
    const lanes = new Set(pairs.map(([, r]) => r));
    assert.deepEqual([...lanes].sort(), ['deep', 'fast'], `both the learned deep lane and explored fast lane occur (${pairs.map(([, r]) => r).join(' ')})`);
    // Another language is another shape: nothing learned there, so the static table's fast lane.
    let other = '';
    await runWithConfirmation({ ...quickEdit('go'), taskId: 'fixed-task' }, { pipeline, confirm: async () => true, onEvent: (e) => { if (e.type === 'estimated') other = e.estimate.lane; } });
    assert.equal(other, 'fast');
  });
});
