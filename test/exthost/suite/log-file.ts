// Reads the Switchyard log channel's file, waiting for lines VS Code has not flushed yet.
import * as vscode from 'vscode';

export interface LogApi { logFile(): vscode.Uri }

export async function logText(api: LogApi, until: (text: string) => boolean, ms = 10_000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const text = await vscode.workspace.fs.readFile(api.logFile()).then((b) => new TextDecoder().decode(b), () => '');
    if (until(text) || Date.now() > end) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
}
