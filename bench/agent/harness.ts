// The agent of the replay: it sends the conversation through runAgentTurn, runs
// the calls it gets against the simulated tools, appends the results, and stops
// when the task's last step succeeded or at the turn limit.
import type { LedgerRecord } from '../../src/core/ledger-record.ts';
import type { ChatMessage, ChatPart } from '../../src/core/provider-types.ts';
import type { AgentModel, AgentTurnRequest, AgentTurnResult, AgentTurnSink, CheckedToolCall } from '../../src/pipeline/agent/agent-types.ts';
import type { Pipeline } from '../../src/pipeline/create-pipeline.ts';
import type { AgentTask } from './scenarios.ts';
import { checkCall, runTool, TOOL_SPECS } from './tools.ts';

export type RunAgentTurn = (pipeline: Pipeline, request: AgentTurnRequest, sink: AgentTurnSink) => Promise<AgentTurnResult>;

export const SYSTEM_PROMPT = 'You are a coding agent working in a TypeScript repository. Use the tools to read, edit and test; make one tool call per turn.';

/** An agent gives up after twice the turns the task needs. */
export const TURN_LIMIT_FACTOR = 2;

/** Where the task is, for the emulator's responder: the step the next request must do. */
export interface Scene {
  readonly task: AgentTask;
  step: number;
  /** Requests per lane for the current step so far (seeds the malformed draws). */
  asked: Map<string, number>;
  /** Tool results the harness has put in the conversation so far. */
  resultsSent: number;
}

export interface TaskRun {
  readonly task: string;
  readonly steps: number;
  readonly finished: boolean;
  /** Requests the harness sent (each costs it a turn, whatever came back). */
  readonly turns: number;
  /** Calls that did not parse or match their schema and were handed to the harness anyway. */
  readonly malformedDelivered: number;
  /** Turns that failed because the model's call was malformed (the caller got an error instead of a call). */
  readonly malformedFailedTurns: number;
  /** Turns that failed for any other reason, and turns that ended with no call. */
  readonly otherFailedTurns: number;
  readonly noCallTurns: number;
  /** Valid calls that were wrong for the step (the tool failed them). */
  readonly wrongCalls: number;
  readonly records: readonly LedgerRecord[];
}

const malformedLast = (records: readonly LedgerRecord[]): boolean => (records.at(-1)?.toolCalls?.malformed ?? 0) > 0;

export async function runTask(run: RunAgentTurn, pipeline: Pipeline, model: AgentModel, task: AgentTask, scene: Scene, conversationId: string): Promise<TaskRun> {
  const messages: ChatMessage[] = [{ role: 'user', content: task.prompt }];
  const records: LedgerRecord[] = [];
  const limit = TURN_LIMIT_FACTOR * task.steps.length;
  const count = { turns: 0, malformedDelivered: 0, malformedFailedTurns: 0, otherFailedTurns: 0, noCallTurns: 0, wrongCalls: 0 };
  scene.step = 0;
  scene.asked = new Map();
  scene.resultsSent = 0;
  while (scene.step < task.steps.length && count.turns < limit) {
    count.turns++;
    let text = '';
    const calls: CheckedToolCall[] = [];
    const result = await run(pipeline, { model, system: SYSTEM_PROMPT, messages: [...messages], tools: TOOL_SPECS, toolMode: 'auto', conversationId }, {
      text: (delta) => { text += delta; },
      toolCall: (call) => { calls.push(call); },
    });
    records.push(...result.records);
    if (!result.ok) {
      // The caller saw an error; it asks again with the same conversation.
      if (malformedLast(result.records)) count.malformedFailedTurns++;
      else count.otherFailedTurns++;
      continue;
    }
    if (calls.length === 0) {
      count.noCallTurns++;
      messages.push({ role: 'assistant', content: text }, { role: 'user', content: 'Continue with the next tool call.' });
      continue;
    }
    const said: ChatPart[] = text ? [{ type: 'text', text }] : [];
    messages.push({ role: 'assistant', content: [...said, ...calls.map((c): ChatPart => ({ type: 'tool_call', call: { id: c.id, name: c.name, arguments: c.arguments, ...(c.signature ? { signature: c.signature } : {}) } }))] });
    const results: ChatPart[] = [];
    for (const c of calls) {
      const checked = checkCall(c.name, c.arguments);
      if (!checked.ok) {
        count.malformedDelivered++;
        results.push({ type: 'tool_result', callId: c.id, name: c.name, content: `Error: invalid input for ${c.name}: ${checked.why}`, isError: true });
        continue;
      }
      const { answer, advances } = runTool(task, scene.step, checked.call);
      if (advances) {
        scene.step++;
        scene.asked = new Map();
      } else count.wrongCalls++;
      results.push({ type: 'tool_result', callId: c.id, name: c.name, content: answer.content, ...(answer.isError ? { isError: true } : {}) });
    }
    messages.push({ role: 'user', content: results });
    scene.resultsSent += results.length;
  }
  return { task: task.id, steps: task.steps.length, finished: scene.step === task.steps.length, ...count, records };
}
