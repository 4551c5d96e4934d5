// A pipeline wired to the emulator through the real SDK clients, with a real
// JSONL ledger in a temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings, type Settings, type SettingKey } from '../../../src/core/settings.ts';
import { createPipeline, type Pipeline } from '../../../src/pipeline/create-pipeline.ts';
import { fixedSettings } from '../../../src/pipeline/settings-snapshot.ts';
import type { EgressGate } from '../../../src/pipeline/egress-gate.ts';
import type { Logger } from '../../../src/core/log.ts';
import { LedgerStore } from '../../../src/ledger/store.ts';
import type { LaneId } from '../../../src/core/task.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';

export interface Rig {
  emu: Emulator;
  pipeline: Pipeline;
  store: LedgerStore;
  settings: Settings;
  close(): Promise<void>;
}

/** Settings over the defaults; a function gets the emulator first (to point a lane at one of its URLs). */
type Overrides = Partial<Record<SettingKey, unknown>>;

export async function rig(overrides: Overrides | ((emu: Emulator) => Overrides) = {}, keys: Partial<Record<LaneId, string>> = { fast: 'test-gemini-key', deep: 'sk-test-openai' }, egress?: EgressGate, log?: Logger, now?: () => number): Promise<Rig> {
  const emu = await startEmulator({ instant: true });
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-pipeline-'));
  const store = new LedgerStore(dir);
  const values: Partial<Record<SettingKey, unknown>> = {
    'fastLane.baseUrl': emu.url,
    'deepLane.baseUrl': emu.openaiBaseUrl,
    'fastLane.firstTokenTimeoutMs': 3000,
    'deepLane.firstTokenTimeoutMs': 3000,
    ...(typeof overrides === 'function' ? overrides(emu) : overrides),
  };
  const settings = readSettings((k) => values[k]);
  const pipeline = createPipeline({ settings: fixedSettings(settings), keys: { own: (lane) => (keys[lane] ? { key: keys[lane], source: 'test' } : undefined) }, env: {}, ledger: store, simulated: true, egress, log, now });
  return {
    emu, pipeline, store, settings,
    close: async () => { await store.close(); await emu.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}
