// "Send Sample Requests": one fast-lane and one deep-lane request through the real
// pipeline. Registered only when the lanes are simulated (npm start, tests), so a
// user with real keys never spends money on it; it fills the meter and the panel.
import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import type { Container } from '../container.ts';
import { trackDeepTask } from './activity.ts';
import { COMMANDS } from '../command-ids.ts';


export async function sendSampleRequests(services: Services): Promise<{ ok: number; failed: number }> {
  const nonEmpty = (out: string) => (out.trim() ? { ok: true as const, value: out } : { ok: false as const, failure: 'empty' as const, message: 'the reply was empty' });
  const fast = await services.pipeline.run({
    kind: 'quickEdit', inputTokens: 120, editLines: 3, language: 'typescript',
    prompt: () => ({ prompt: 'Rename the variable x to count.' }),
    validate: nonEmpty,
  });
  const deep = await trackDeepTask(services.pipeline.run({
    kind: 'refactor', inputTokens: 2_400, fileCount: 3, language: 'typescript',
    prompt: () => ({ prompt: 'Extract the shared parsing code into a helper.' }),
    validate: nonEmpty,
  }));
  const results = [fast, deep];
  return { ok: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
}

export function registerSampleRequests(container: Container, services: Services | undefined): void {
  if (!services?.simulated) return;
  void vscode.commands.executeCommand('setContext', 'switchyard.simulated', true);
  container.own(vscode.commands.registerCommand(COMMANDS.sendSampleRequests, async () => {
    const r = await sendSampleRequests(services);
    void vscode.window.setStatusBarMessage(`Switchyard: ${r.ok} simulated request(s) done, ${r.failed} failed`, 5_000);
    return r;
  }));
}
