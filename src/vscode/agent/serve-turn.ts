// One chat request through runAgentTurn, the budget question included, and what the
// caller is told when it does not succeed. No vscode import: the provider turns a
// failure into a LanguageModelError, and the unit tests drive this with fakes.
import type { Blocked } from '../../core/task.ts';
import type { AgentTurnRequest, AgentTurnResult, AgentTurnSink } from '../../pipeline/agent/agent-types.ts';

export interface ServeTurnOptions {
  /** runAgentTurn. */
  run(request: AgentTurnRequest, sink: AgentTurnSink): Promise<AgentTurnResult>;
  /** Asks whether to send a request a budget cap held; false for no, or once the request's signal aborts. */
  confirm(blocked: Blocked): Promise<boolean>;
}

export type Served = AgentTurnResult & {
  /** The budget asked, and what the user said. */
  readonly asked?: 'yes' | 'no';
};

/**
 * Runs the turn; a budget cap that needs confirmation is asked about once (the chat user is
 * waiting, so a modal is the right place) and, on yes, the same request is sent again
 * confirmed. Nothing was streamed before a block, so a second run cannot repeat text.
 */
export async function serveTurn(request: AgentTurnRequest, sink: AgentTurnSink, opts: ServeTurnOptions): Promise<Served> {
  const first = await opts.run(request, sink);
  if (first.ok || first.blocked?.code !== 'needs_confirmation' || request.signal?.aborted) return first;
  const yes = await opts.confirm(first.blocked);
  if (request.signal?.aborted) return { ok: false, kind: 'cancelled', message: 'Cancelled; nothing was sent.', records: first.records };
  if (!yes) return { ...first, message: `Switchyard did not send this request: ${first.blocked.reason}.`, asked: 'no' };
  const second = await opts.run({ ...request, confirmedOverBudget: true }, sink);
  return { ...second, records: [...first.records, ...second.records], asked: 'yes' };
}

/** LanguageModelError's codes this provider uses: Blocked for refusals, Unknown (no code) for failures. */
export type TurnErrorCode = 'Blocked' | 'Unknown';

/** What the caller is told about a turn that did not succeed, or undefined when it was cancelled. */
export function turnError(result: AgentTurnResult): { code: TurnErrorCode; message: string } | undefined {
  if (result.ok || result.kind === 'cancelled') return undefined;
  return { code: result.kind === 'blocked' ? 'Blocked' : 'Unknown', message: result.message };
}
