// The tools the agent test gives Switchyard Auto, implemented for real over a temp
// folder: readFile, editFile (search and replace), runTests (one check of calc.js).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';

export const TOOLS: vscode.LanguageModelChatTool[] = [
  {
    name: 'readFile', description: 'Reads a file of the project.',
    inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
  },
  {
    name: 'editFile', description: 'Replaces the first occurrence of `search` with `replace` in a file.',
    inputSchema: {
      type: 'object', properties: { path: { type: 'string' }, search: { type: 'string' }, replace: { type: 'string' } },
      required: ['path', 'search', 'replace'], additionalProperties: false,
    },
  },
  {
    name: 'runTests', description: 'Runs the project\'s tests, optionally only those whose name contains `filter`.',
    inputSchema: { type: 'object', properties: { filter: { type: 'string' } }, additionalProperties: false },
  },
];

export const BROKEN_CALC = 'exports.add = (a, b) => a - b;\n';

/** A project with one bug (add subtracts) and the tools that work on it. */
export class AgentProject {
  readonly dir = mkdtempSync(join(tmpdir(), 'switchyard-agent-'));
  readonly calls: string[] = [];

  constructor() {
    writeFileSync(join(this.dir, 'calc.js'), BROKEN_CALC);
  }

  file(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  /** Runs a call as an agent would, and returns its result part. */
  run(call: vscode.LanguageModelToolCallPart): vscode.LanguageModelToolResultPart {
    const input = call.input as Record<string, string>;
    this.calls.push(`${call.name} ${JSON.stringify(input)}`);
    let out: string;
    try {
      switch (call.name) {
        case 'readFile': out = this.file(input.path!); break;
        case 'editFile': {
          const text = this.file(input.path!);
          if (!text.includes(input.search!)) throw new Error(`"${input.search}" is not in ${input.path}`);
          writeFileSync(join(this.dir, input.path!), text.replace(input.search!, input.replace!));
          out = `edited ${input.path}`;
          break;
        }
        case 'runTests': out = this.tests(); break;
        default: throw new Error(`no tool ${call.name}`);
      }
    } catch (err) {
      out = `Error: ${(err as Error).message}`;
    }
    return new vscode.LanguageModelToolResultPart(call.callId, [new vscode.LanguageModelTextPart(out)]);
  }

  private tests(): string {
    const mod = { exports: {} as { add?: (a: number, b: number) => number } };
    // The project's own code, evaluated fresh on each run (it was just edited).
    runInNewContext(this.file('calc.js'), { exports: mod.exports });
    const got = mod.exports.add?.(2, 3);
    return got === 5 ? '1 passing, 0 failing' : `1 failing: add(2, 3) returned ${String(got)}, expected 5 (exit code 1)`;
  }
}
