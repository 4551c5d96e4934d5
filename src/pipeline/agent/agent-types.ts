// What an agent (VS Code's chat, another extension through vscode.lm, the replay
// benchmark) hands the pipeline for one request, and what it gets back.
import type { ChatMessage, ToolCall, ToolMode, ToolSpec } from '../../core/provider-types.ts';
import type { Blocked, LaneId } from '../../core/task.ts';
import type { LedgerRecord } from '../../core/ledger-record.ts';
import type { TaskFailureKind } from '../task-types.ts';

/** `auto` routes each request (Switchyard Auto); a lane pins it (Switchyard Fast / Deep). */
export type AgentModel = 'auto' | LaneId;

export interface AgentTurnRequest {
  readonly model: AgentModel;
  readonly system?: string;
  /** The whole conversation so far, oldest first; the last message is the user's (text or tool results). */
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ToolSpec[];
  readonly toolMode: ToolMode;
  /** Groups a conversation's requests as one ledger task; default: a stable hash of the first user message. */
  readonly conversationId?: string;
  readonly signal?: AbortSignal;
  /** The user saw the estimate and confirmed a request at or over a budget cap. */
  readonly confirmedOverBudget?: boolean;
}

/** A tool call that parsed and matched its tool's input schema. */
export interface CheckedToolCall extends ToolCall {
  readonly input: Readonly<Record<string, unknown>>;
}

/** Where the answer goes as it arrives. */
export interface AgentTurnSink {
  /** Text, streamed as the model writes it. */
  text(delta: string): void;
  /** Tool calls, only after the attempt's whole answer was checked: a malformed call never reaches the caller. */
  toolCall(call: CheckedToolCall): void;
}

export type AgentTurnResult =
  | { readonly ok: true; readonly lane: LaneId; readonly model: string; readonly reason: string; readonly records: readonly LedgerRecord[] }
  | {
    readonly ok: false;
    readonly kind: TaskFailureKind;
    /** A sentence for the user: what happened and what to do. */
    readonly message: string;
    readonly blocked?: Blocked;
    readonly records: readonly LedgerRecord[];
  };
