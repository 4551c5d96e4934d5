import * as vscode from 'vscode';
import type { Settings } from '../core/settings.ts';
import { createPipeline, type Pipeline } from '../pipeline/create-pipeline.ts';
import { LedgerService } from '../pipeline/ledger-service.ts';
import type { Container } from './container.ts';
import type { ApiKeys } from './secrets.ts';
import { currentSettings } from './settings.ts';

/** The shared services every feature uses: settings, keys, the ledger and the one pipeline. */
export interface Services {
  settings(): Settings;
  keys: ApiKeys;
  ledger: LedgerService;
  pipeline: Pipeline;
  /** The lanes point at the local emulator (npm start without keys, tests). */
  simulated: boolean;
}

/**
 * Development and test overrides from the environment: `npm start` and the
 * tests point the lanes at the local emulator this way. Settings win when set.
 */
function withEnvOverrides(settings: Settings): Settings {
  const fast = process.env.SWITCHYARD_FAST_BASE_URL;
  const deep = process.env.SWITCHYARD_DEEP_BASE_URL;
  return {
    ...settings,
    fastLane: { ...settings.fastLane, baseUrl: settings.fastLane.baseUrl || fast || '' },
    deepLane: { ...settings.deepLane, baseUrl: settings.deepLane.baseUrl || deep || '' },
  };
}

export function createServices(container: Container, keys: ApiKeys): Services {
  const settings = () => withEnvOverrides(currentSettings());
  const ledgerDir = vscode.Uri.joinPath(container.context.globalStorageUri, 'ledger').fsPath;
  const ledger = new LedgerService(ledgerDir);
  container.own({ dispose: () => void ledger.dispose() });
  const simulated = process.env.SWITCHYARD_SIMULATED === '1';
  const pipeline = createPipeline({
    settings,
    keys: { get: async (name) => (await keys.get(name))?.key ?? '' },
    ledger,
    simulated,
    log: (m) => container.log.info(m),
    expectedOutputTokens: (kind) => ledger.recentOutputTokens(kind),
  });
  // Budgets count spend from every window: refresh the router from the aggregates.
  const syncSpend = () => pipeline.router.setSpend(ledger.aggregate.today().all.costNanos, ledger.aggregate.month().all.costNanos);
  container.own(ledger.onRecords(syncSpend));
  void ledger.start().then(syncSpend, (err: unknown) => container.log.error('could not read the usage ledger', err));
  container.log.info(`ledger: ${ledgerDir}${simulated ? ' (simulated lanes)' : ''}`);
  return { settings, keys, ledger, pipeline, simulated };
}
