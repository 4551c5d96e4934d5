// What the egress gate judges an editor document by, built the same way for every face that sends one.
import * as vscode from 'vscode';
import type { GateDocument } from '../pipeline/egress-gate.ts';
import type { RefusedTask } from '../pipeline/run-task.ts';
import { BINARY_SNIFF_BYTES } from '../syntax/index.ts';
import type { SyntaxServices } from './syntax-services.ts';

/** Where the document is, and its first bytes: a binary file opened with "Open Anyway" is text to VS Code. */
export function gateDocument(document: vscode.TextDocument, syntax: Pick<SyntaxServices, 'relativePath' | 'folderName'>): GateDocument {
  const { uri } = document;
  return {
    scheme: uri.scheme,
    rel: syntax.relativePath(uri),
    folder: syntax.folderName(uri),
    path: uri.path,
    head: document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(BINARY_SNIFF_BYTES))),
  };
}

/** The task a refused document would have been, for its ledger record: kind, language and path, never text. */
export function refusedTask(kind: RefusedTask['kind'], document: vscode.TextDocument, gate: GateDocument): RefusedTask {
  return { kind, inputTokens: 0, language: document.languageId, ...(gate.rel ? { file: gate.rel } : {}), ...(gate.rel && gate.folder ? { folder: gate.folder } : {}) };
}
