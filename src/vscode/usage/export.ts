// Export of this month's ledger records as CSV or JSON: a save dialog, then the file.
import * as vscode from 'vscode';
import { toCsv, toJson } from '../../ledger/export.ts';
import type { Container } from '../container.ts';
import type { Services } from '../services.ts';
import { COMMANDS } from '../command-ids.ts';
import { folderFor } from '../workspace-folders.ts';


export type ExportFormat = 'csv' | 'json';

/**
 * Writes the export and returns where, or undefined when the user cancelled.
 * `target` skips the dialog (tests, and callers that already chose a file).
 */
export async function exportUsage(services: Services, format: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  await services.ledger.start();
  const records = services.ledger.records();
  const month = new Date().toISOString().slice(0, 7);
  // The dialog opens in the active file's folder (else the first): the ledger itself is one for the whole workspace.
  const folder = folderFor(vscode.window.activeTextEditor?.document.uri)?.uri;
  const name = `switchyard-usage-${month}.${format}`;
  const uri = target ?? await vscode.window.showSaveDialog({
    title: `Export this month's Switchyard usage (${records.length} requests) as ${format.toUpperCase()}`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    saveLabel: 'Export',
  });
  if (!uri) return undefined;
  const events = services.ledger.events();
  const text = format === 'csv' ? toCsv(records, events) : toJson(records, events);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

async function exportCommand(container: Container, services: Services | undefined, format: ExportFormat, target?: unknown): Promise<vscode.Uri | undefined> {
  if (!services) {
    void vscode.window.showErrorMessage('Switchyard: the usage ledger did not start, so there is nothing to export. See Switchyard: Show Log.');
    return undefined;
  }
  try {
    const uri = await exportUsage(services, format, target instanceof vscode.Uri ? target : undefined);
    if (uri && !(target instanceof vscode.Uri)) {
      void vscode.window.showInformationMessage(`Switchyard: usage exported to ${vscode.workspace.asRelativePath(uri)}.`, 'Open')
        .then((choice) => { if (choice) void vscode.window.showTextDocument(uri); });
    }
    return uri;
  } catch (err) {
    container.log.error('usage export failed', err);
    void vscode.window.showErrorMessage(`Switchyard: could not export usage: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

export function registerExportCommands(container: Container, services: Services | undefined): void {
  container.own(vscode.commands.registerCommand(COMMANDS.exportUsageCsv, (target?: unknown) => exportCommand(container, services, 'csv', target)));
  container.own(vscode.commands.registerCommand(COMMANDS.exportUsageJson, (target?: unknown) => exportCommand(container, services, 'json', target)));
}
