// Runs one provider call to its terminal event and gathers what the ledger and
// the validator need. Never throws: every way a call can end is a value.
import type { ProviderClient, ProviderError, ProviderRequest, TimingMarks, ToolCall, Usage } from '../core/provider-types.ts';
import { ZERO_USAGE } from '../core/provider-types.ts';

export interface AttemptOutcome {
  /** Text deltas and structured-output deltas, concatenated. */
  output: string;
  /** Whole tool calls, in the order the model made them (agent requests). */
  toolCalls: ToolCall[];
  usage: Usage;
  timing: TimingMarks;
  error?: ProviderError;
  finishReason?: string;
  /** The call ended normally but the provider reported no usage (a server that ignores include_usage). */
  noUsage?: true;
}

export async function collectAttempt(
  client: ProviderClient,
  request: ProviderRequest,
  signal: AbortSignal | undefined,
  onText: (delta: string) => void,
): Promise<AttemptOutcome> {
  let output = '';
  const toolCalls: ToolCall[] = [];
  let usage: Usage = ZERO_USAGE;
  let reported = false;
  const start = performance.now();
  try {
    for await (const event of client.stream(request, signal)) {
      switch (event.type) {
        case 'text':
        case 'json':
          output += event.delta;
          onText(event.delta);
          break;
        case 'tool_call':
          toolCalls.push(event.call);
          break;
        case 'usage':
          usage = event.usage;
          reported = true;
          break;
        case 'end':
          return { output, toolCalls, usage, timing: event.timing, finishReason: event.finishReason, ...(reported ? {} : { noUsage: true as const }) };
        case 'error':
          return { output, toolCalls, usage, timing: event.timing, error: event.error };
      }
    }
  } catch (err) {
    // A client must not throw; if one does, it is still an attempt with an outcome.
    const message = err instanceof Error ? err.message : String(err);
    return { output, toolCalls, usage, timing: { start, end: performance.now() }, error: { kind: signal?.aborted ? 'cancelled' : 'network', message } };
  }
  const end = performance.now();
  // A stream that ends without a terminal event is never a success.
  return { output, toolCalls, usage, timing: { start, end }, error: { kind: signal?.aborted ? 'cancelled' : 'network', message: 'The stream ended before the provider finished.' } };
}
