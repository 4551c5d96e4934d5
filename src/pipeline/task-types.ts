// What a feature hands the pipeline, and what it gets back.
import type { AgentFeatures } from '../core/agent-features.ts';
import type { ValidationFailure } from '../core/policy-config.ts';
import type { ProviderRequest, ToolCall } from '../core/provider-types.ts';
import type { LedgerRecord } from '../core/ledger-record.ts';
import type { Blocked, LaneId, TaskKind, TaskOverride } from '../core/task.ts';

/** What the model is asked, minus the output cap (the router sets it per lane). */
export type LanePrompt = Omit<ProviderRequest, 'maxOutputTokens'>;

export interface AttemptInfo {
  lane: LaneId;
  model: string;
  /** 0 for the first attempt. */
  attempt: number;
  /** Set on a repair attempt: the rejected output and why, so the model can fix it. */
  previousFailure?: { output: string; message: string };
  /** How the attempt's answer ended (`length`: cut off at the output cap); set when it is validated. */
  finishReason?: string;
}

export type Validation<T> =
  | { ok: true; value: T }
  | { ok: false; failure: ValidationFailure; message: string; malformedToolCalls?: number };

/**
 * What a feature hands the pipeline. Immutable: a face that needs a changed task
 * (a signal, a confirmation, a progress hook) makes a copy with spread.
 */
export type PipelineTask<T> = Readonly<TaskFields<T>>;

interface TaskFields<T> {
  kind: TaskKind;
  /** Groups several requests as one ledger task (an agent's conversation); default: a new id per task. */
  taskId?: string;
  /** The number the first attempt's record gets, so a conversation's records number on across requests. */
  firstAttempt?: number;
  /** An agent request's conversation features: Auto routes on them, and every record keeps them. */
  agent?: AgentFeatures;
  /** Prompt tokens of the built context, counted with the real tokenizer. */
  inputTokens: number;
  prompt(info: AttemptInfo): LanePrompt;
  /**
   * The same request as fill-in-the-middle (`prompt` the text before the cursor, `suffix` the text
   * after it), for a lane whose completions speak it (switchyard.completions.protocol).
   */
  fim?(info: AttemptInfo): LanePrompt;
  /** Parses and checks the model's whole output (its text, and any tool calls) before anyone sees it. */
  validate(output: string, info: AttemptInfo, toolCalls: readonly ToolCall[]): Validation<T> | Promise<Validation<T>>;
  language?: string;
  /** Workspace-relative path, forward slashes. */
  file?: string;
  /** The workspace folder `file` is in (multi-root workspaces): the gate applies that folder's ignores. */
  folder?: string;
  fileCount?: number;
  editLines?: number;
  /** Output tokens sized by the builder from what it would rewrite; the estimate uses it until the ledger has history. */
  outputTokensHint?: number;
  override?: TaskOverride;
  confirmedOverBudget?: boolean;
  /** Streamed text as it arrives (progress, previews); the result is only the validated value. */
  onText?(delta: string, info: AttemptInfo): void;
  /** Called before each attempt is sent (progress messages). */
  onAttempt?(info: AttemptInfo, reason: string): void;
  signal?: AbortSignal;
  /** Extra ledger fields known once the output is validated (e.g. files a transform touched). */
  recordExtras?(value: T): Pick<LedgerRecord, 'filesTouched'>;
}

export type TaskFailureKind = 'blocked' | 'cancelled' | 'rejected' | 'provider';

export type TaskResult<T> =
  | { ok: true; value: T; output: string; lane: LaneId; model: string; reason: string; records: LedgerRecord[] }
  | {
    ok: false;
    kind: TaskFailureKind;
    /** A sentence for the user: what happened and what to do. */
    message: string;
    /** Provider error kind, when kind is 'provider'. */
    errorKind?: string;
    blocked?: Blocked;
    records: LedgerRecord[];
  };
