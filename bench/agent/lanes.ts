// How each simulated lane answers a step. The deep lane answers every step
// correctly. The fast lane answers act steps correctly, cannot do think steps
// (it answers with the step's valid-but-wrong call), and writes a malformed call
// at a set rate whatever the step.
import type { LaneId } from '../../src/core/task.ts';
import { unit } from './draw.ts';
import type { Call, Move, Step } from './scenarios.ts';

export const MALFORMED_RATE = 0.08;

/** A tool call as the emulator sends it: a string is sent verbatim (so it can be broken JSON). */
export interface WireCall {
  readonly name: string;
  readonly arguments: unknown;
}

export interface LaneAnswer {
  readonly text: string;
  readonly toolCalls: readonly WireCall[];
  /** The call's arguments do not parse or do not match the tool's schema. */
  readonly malformed: boolean;
}

/** The ways models get a call wrong in practice: cut-off JSON, a misnamed or missing field, a wrong type. */
function malformedArguments(call: Call, draw: number): unknown {
  const json = JSON.stringify(call.input);
  if (draw < 0.5) return json.slice(0, Math.max(1, Math.floor(json.length * (0.4 + draw)))); // cut off mid-value
  if (call.name === 'readFile') return { file: call.input.path };
  if (call.name === 'editFile') return { path: call.input.path, search: call.input.search };
  return { filter: [call.input.filter ?? 'test'] };
}

/**
 * The answer of `lane` to `step`. `key` names this request among the run's (task, step
 * and how many times the lane was asked for the step), so a malformed draw is seeded.
 */
export function laneAnswer(seed: number, lane: LaneId, step: Step, key: readonly (string | number)[], rate = MALFORMED_RATE): LaneAnswer {
  const move: Move = lane === 'fast' && step.kind === 'think' && step.wrong ? step.wrong : step;
  const malformed = lane === 'fast' && unit(seed, 'malformed', ...key) < rate;
  const args = malformed ? malformedArguments(move.call, unit(seed, 'how', ...key)) : move.call.input;
  return { text: move.say, toolCalls: [{ name: move.call.name, arguments: args }], malformed };
}
