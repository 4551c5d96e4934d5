// Runs OTLP export of the ledger while `switchyard.otlp.endpoint` is set: restarted when the
// endpoint, the file-path choice, a lane's base URL or the secret headers change; nudged by
// every new ledger line. Export failures are logged (with the retry time), never shown on a
// request's path: the ledger keeps the records and the exporter backfills them.
import * as vscode from 'vscode';
import type { Settings } from '../../core/settings.ts';
import type { LedgerService } from '../../ledger/service.ts';
import { OtlpExporter, tracesUrl } from '../../ledger/otlp-export.ts';
import { hostOf } from '../../ledger/otlp-span.ts';
import type { Container } from '../container.ts';
import { OTLP_HEADERS_SECRET, registerOtlpHeadersCommand } from '../secrets.ts';
import type { SettingsService } from '../settings.ts';

interface Wanted {
  url: string;
  includeFile: boolean;
  gateway: { fast?: string; deep?: string };
  headers: string;
}

function wanted(s: Settings, headers: string): Wanted | string | undefined {
  if (!s.otlp.endpoint) return undefined;
  try {
    return {
      url: tracesUrl(s.otlp.endpoint), includeFile: s.otlp.includeFilePath, headers,
      // A lane with a base URL is a gateway or local server unless the record names the provider itself.
      gateway: { fast: hostOf(s.fastLane.baseUrl), deep: hostOf(s.deepLane.baseUrl) },
    };
  } catch (err) {
    return `switchyard.otlp.endpoint ${JSON.stringify(s.otlp.endpoint)} is not usable (${err instanceof Error ? err.message : String(err)}); nothing is exported`;
  }
}

export function startOtlpExport(container: Container, config: SettingsService, ledger: LedgerService, ledgerDir: string): void {
  registerOtlpHeadersCommand(container);
  const log = container.log.child('otlp');
  const version = String(container.context.extension.packageJSON.version);
  let running: { exporter: OtlpExporter; key: string } | undefined;
  let applying = Promise.resolve();
  let warned = '';

  const apply = async () => {
    const headerText = (await container.context.secrets.get(OTLP_HEADERS_SECRET)) ?? '';
    const want = wanted(config.current().settings, headerText);
    if (typeof want === 'string' && want !== warned) {
      warned = want;
      log.warn(want);
      void vscode.window.showWarningMessage(`Switchyard: ${want}.`);
    }
    const key = typeof want === 'object' ? JSON.stringify(want) : '';
    if (running?.key === key) return;
    const old = running;
    running = undefined;
    await old?.exporter.stop();
    if (typeof want !== 'object') return;
    const headers = want.headers ? (await import('../../ledger/otlp-sdk.ts')).parseHeaders(want.headers) : {};
    let failures = 0;
    const exporter = new OtlpExporter({
      dir: ledgerDir, url: want.url, headers, serviceVersion: version,
      // A collector new to this ledger starts at this month; `switchyard usage --otlp` backfills older months.
      startMonth: ledger.store.currentMonth(),
      span: { includeFile: want.includeFile, gatewayName: (lane) => want.gateway[lane] },
      onError: (err, retryInMs) => {
        // The first failure of a streak and every tenth: an outage does not flood the log.
        if (failures++ % 10 === 0) log.warn(`export to ${want.url} failed; retrying in ${Math.round(retryInMs / 1000)} s (the ledger keeps every record)`, err);
      },
    });
    running = { exporter, key };
    exporter.start();
    log.info(`exporting the usage ledger as OTLP spans to ${want.url}`);
  };
  const reapply = () => {
    applying = applying.then(apply).catch((err: unknown) => log.error('could not start OTLP export', err));
  };

  reapply();
  container.own(config.onDidChange(reapply));
  container.own(container.context.secrets.onDidChange((e) => { if (e.key === OTLP_HEADERS_SECRET) reapply(); }));
  const nudge = ledger.onRecords(() => running?.exporter.nudge());
  container.own({ dispose: () => { nudge.dispose(); void applying.then(() => running?.exporter.stop()); } });
}
