// The router reads what the ledger taught it: a pipeline wired as VS Code wires it (the ledger
// service's statistics as its `learned` source) and the CLI's pipeline and `route --explain` agree
// on the lane for a shape after the same history, run for real through the SDKs and the emulator.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSettings, type SettingKey } from '../../../src/core/settings.ts';
import { shapeOf } from '../../../src/core/routing-shape.ts';
import { openDeepLane } from '../../../src/cli/commands/deep-lane-setup.ts';
import { runCli } from '../../../src/cli/run.ts';
import { createPipeline, type Pipeline } from '../../../src/pipeline/create-pipeline.ts';
import { fixedSettings } from '../../../src/pipeline/settings-snapshot.ts';
import type { PipelineTask } from '../../../src/pipeline/task-types.ts';
import { LedgerService } from '../../../src/ledger/service.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';

const KEYS = { fast: 'test-gemini-key', deep: 'sk-test-openai' } as const;
const SHAPE = shapeOf({ kind: 'quickEdit', language: 'python', editLines: 50, inputTokens: 0 }).key;

/** A quick edit of 50 Python lines: the static table sends it to the fast lane (under 80 lines). An answer saying BAD fails validation. */
const quickEdit = (n: number): PipelineTask<string> => ({
  kind: 'quickEdit', language: 'python', editLines: 50, inputTokens: 1_500, file: 'src/m.py',
  prompt: () => ({ system: 'Rewrite the range.', prompt: `edit ${n}: rename the loop variable` }),
  validate: (out) => (out.includes('BAD') ? { ok: false, failure: 'parse_errors', message: 'the rewrite does not parse' } : { ok: true, value: out }),
});

/** Built as src/vscode/services.ts builds it: the ledger service is the sink and the learned source. */
function vscodeLikePipeline(emu: Emulator, ledger: LedgerService, overrides: Partial<Record<SettingKey, unknown>> = {}): Pipeline {
  const values: Partial<Record<SettingKey, unknown>> = { 'fastLane.baseUrl': emu.url, 'deepLane.baseUrl': emu.openaiBaseUrl, ...overrides };
  return createPipeline({
    settings: fixedSettings(readSettings((k) => values[k])),
    keys: { own: (lane) => ({ key: KEYS[lane], source: 'test' }) },
    env: {}, ledger, simulated: true,
    expectedOutputTokens: (kind) => ledger.recentOutputTokens(kind),
    learned: () => ledger.routing,
  });
}

describe('learned routing, wired', () => {
  let emu: Emulator;
  let dir: string;
  before(async () => {
    emu = await startEmulator({ instant: true });
    dir = mkdtempSync(join(tmpdir(), 'switchyard-learned-'));
  });
  after(async () => { await emu.close(); rmSync(dir, { recursive: true, force: true }); });

  it('the router sees the statistics while learning is on, and not when the setting turns it off', async () => {
    const ledger = new LedgerService(join(dir, 'state'));
    try {
      assert.equal(vscodeLikePipeline(emu, ledger).router.state().learned, ledger.routing);
      assert.equal(vscodeLikePipeline(emu, ledger, { 'routing.learning': false }).router.state().learned, undefined);
      const without = createPipeline({ settings: fixedSettings(readSettings(() => undefined)), keys: { own: () => undefined }, env: {}, ledger });
      assert.equal(without.router.state().learned, undefined, 'no learned source: the static table');
    } finally {
      await ledger.dispose();
    }
  });

  it('after quick edits of one shape keep failing on the fast lane, VS Code\'s pipeline, the CLI\'s and route --explain all pick the deep lane', async () => {
    const ledgerDir = join(dir, 'agree');
    emu.reset();
    emu.script({ match: { protocol: 'gemini' }, text: 'BAD rewrite', repeat: 1_000 }, { match: { protocol: 'responses' }, text: 'good rewrite', repeat: 1_000 });
    // Quality: the decision rests on the success rate alone. Balanced and cost also weigh the lanes' times, which the
    // instant emulator makes noise (either lane may answer first), so they would not decide the same way every run.
    // No exploration: a task id drawn into it would try the fast lane first.
    const quality = { 'switchyard.routing.preference': 'quality', 'switchyard.routing.exploration': 0 };
    const config = join(dir, 'quality.json');
    writeFileSync(config, JSON.stringify(quality));
    const ledger = new LedgerService(ledgerDir);
    await ledger.start();
    const pipeline = vscodeLikePipeline(emu, ledger, { 'routing.preference': 'quality', 'routing.exploration': 0 });
    const firstLanes: string[] = [];
    try {
      for (let i = 0; i < 12; i++) {
        const result = await pipeline.run(quickEdit(i));
        assert.ok(result.ok, JSON.stringify(result));
        firstLanes.push(result.records[0]!.lane);
      }
      assert.equal(firstLanes[0], 'fast', 'a new shape starts at the static table');
      assert.equal(firstLanes.at(-1), 'deep', `the fast lane's failures moved the shape (first lanes: ${firstLanes.join(' ')})`);
      const last = (await pipeline.run(quickEdit(99))).records[0]!;
      assert.equal(last.lane, 'deep');
      assert.equal(last.routing?.shape, SHAPE);
      assert.equal(last.routing?.basis, 'learned');
    } finally {
      await ledger.dispose();
    }

    // The CLI, on the same ledger folder: its pipeline routes the same shape to the same lane.
    const io = { out: () => {}, err: () => {}, cwd: dir, env: {} };
    const lane = await openDeepLane({ config, 'ledger-dir': ledgerDir, 'base-url': emu.openaiBaseUrl, key: KEYS.deep, 'fast-base-url': emu.url, 'fast-key': KEYS.fast }, io, dir);
    try {
      const result = await lane.pipeline.run(quickEdit(100));
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual([result.records[0]!.lane, result.records[0]!.routing?.basis], ['deep', 'learned']);
    } finally {
      await lane.close();
    }

    // And the table the CLI prints says the same.
    let out = '';
    const code = await runCli(['route', '--explain', '--json', '--config', config, '--ledger-dir', ledgerDir], { out: (t) => { out += t; }, err: () => {}, cwd: dir, env: {} }, dir);
    assert.equal(code, 0);
    const row = (JSON.parse(out) as { rows: { shape: string; lane: string }[] }).rows.find((x) => x.shape === SHAPE);
    assert.equal(row?.lane, 'deep');
  });
});
