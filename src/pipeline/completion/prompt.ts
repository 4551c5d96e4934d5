// The completion prompt. Chat models are poor at fill-in-the-middle unless told
// exactly what to return, so the prompt marks the cursor, asks for only the
// inserted text, and says whether one line or a block is wanted. The thinking
// level is the lane's setting (fastLane.thinking, minimal by default); the
// router caps the output per lane.
import { CURSOR_MARKER, type CompletionContext } from '../../syntax/index.ts';
import type { LanePrompt } from '../task-types.ts';

export const COMPLETION_SYSTEM = [
  'You are a code completion engine inside an editor.',
  `The user's code is shown with the cursor marked ${CURSOR_MARKER}.`,
  'Reply with ONLY the text to insert at the cursor: no explanation, no markdown fences, no quotes.',
  'Never repeat text that is already before or after the cursor.',
  'Match the surrounding indentation and style. If nothing should be inserted, reply with nothing.',
].join('\n');

export function completionInstruction(ctx: Pick<CompletionContext, 'mode'>): string {
  return ctx.mode === 'single-line'
    ? 'Complete the current line only (no line break).'
    : 'Complete the current statement or block (at most about 15 lines), then stop.';
}

export function buildCompletionPrompt(ctx: Pick<CompletionContext, 'text' | 'mode'>, languageId: string): LanePrompt {
  return {
    system: COMPLETION_SYSTEM,
    prompt: `${ctx.text}\n\n## Task\nLanguage: ${languageId}. ${completionInstruction(ctx)} Text to insert at ${CURSOR_MARKER}:`,
    temperature: 0.2,
  };
}
