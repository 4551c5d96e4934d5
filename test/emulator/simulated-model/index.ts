// The simulated model: when no reply is scripted, the emulator answers the
// extension's own requests (completion, quick edit, refactor, AST transform)
// with valid output, or refuses in words the user sees. Prompts the extension
// did not build get undefined, and the emulator's generic reply.
import { simulateCompletion } from './completion.ts';
import { readAsk } from './prompt-reader.ts';
import { simulateQuickEdit } from './quick-edit.ts';
import { simulateRefactor } from './refactor.ts';
import { simulateTransform } from './transform.ts';
import { Refusal } from './understood.ts';

export { Refusal } from './understood.ts';
export { UNDERSTOOD } from './understood.ts';
export { CANNED_MESSAGE } from './completion.ts';
export { warmUp } from './syntax.ts';

export type SimulatedAnswer = { text: string } | { refusal: string };

/** `fastModel`: the request is for the fast lane's (Gemini protocol) simulated model, the weaker of the two. */
export async function simulatedAnswer(texts: readonly string[], fastModel = false): Promise<SimulatedAnswer | undefined> {
  const ask = readAsk(texts);
  if (!ask) return undefined;
  let out: unknown;
  switch (ask.kind) {
    case 'completion': out = await simulateCompletion(ask); break;
    case 'quickEdit': out = await simulateQuickEdit(ask, fastModel); break;
    case 'refactor': out = await simulateRefactor(ask); break;
    case 'transform': out = simulateTransform(ask); break;
  }
  if (out instanceof Refusal) return { refusal: out.message };
  return { text: typeof out === 'string' ? out : JSON.stringify(out) };
}
