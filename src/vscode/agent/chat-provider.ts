// Switchyard Auto / Fast / Deep as VS Code language models. Each request goes
// through runAgentTurn (the one pipeline); text streams back as it arrives, tool
// calls once checked, and a refusal or failure becomes a LanguageModelError whose
// message is the pipeline's sentence.
import * as vscode from 'vscode';
import { countTokens } from '../../core/tokens.ts';
import type { Logger } from '../../core/log.ts';
import type { PolicyConfig } from '../../core/policy-config.ts';
import type { LaneSettings } from '../../core/settings.ts';
import type { Blocked, LaneId } from '../../core/task.ts';
import { describeEstimate } from '../../pipeline/estimate.ts';
import type { AgentTurnRequest, AgentTurnResult, AgentTurnSink, CheckedToolCall } from '../../pipeline/agent/agent-types.ts';
import { CallMemory } from './call-memory.ts';
import { messageText, toAgentRequest, type PartClasses } from './convert-request.ts';
import { familyOf, modelCatalog, type ModelCatalog, type SwitchyardModelInfo } from './model-catalog.ts';
import { serveTurn, turnError } from './serve-turn.ts';

export const VSCODE_PARTS: PartClasses = {
  text: vscode.LanguageModelTextPart,
  toolCall: vscode.LanguageModelToolCallPart,
  toolResult: vscode.LanguageModelToolResultPart,
  data: vscode.LanguageModelDataPart,
};

/** What the provider needs from the services: the lanes as they are now, and the one pipeline's agent turn. */
export interface ChatProviderDeps {
  catalog(): Promise<ModelCatalog>;
  run(request: AgentTurnRequest, sink: AgentTurnSink): Promise<AgentTurnResult>;
  /** Fires when keys or lane settings change, so VS Code asks for the models again. */
  onDidChangeLanes: vscode.Event<void>;
  log: Logger;
}

/** Reads the current catalog from the pipeline's view of the lanes. */
export async function currentCatalog(pipeline: {
  policy(): PolicyConfig;
  laneReady(lane: LaneId): Promise<boolean>;
  laneSettings(lane: LaneId): LaneSettings;
}): Promise<ModelCatalog> {
  const ready = { fast: await pipeline.laneReady('fast'), deep: await pipeline.laneReady('deep') };
  return modelCatalog(pipeline.policy(), ready, { fast: pipeline.laneSettings('fast'), deep: pipeline.laneSettings('deep') });
}

async function askToSend(blocked: Blocked, token: vscode.CancellationToken): Promise<boolean> {
  const send = 'Send';
  const question = vscode.window.showWarningMessage(
    `Switchyard: ${blocked.reason}. Send this agent request anyway?`,
    { modal: true, detail: describeEstimate(blocked) }, send,
  );
  // A cancelled request no longer waits for the answer (the modal may stay open; its answer is ignored).
  let sub: vscode.Disposable | undefined;
  const cancelled = new Promise<undefined>((resolve) => { sub = token.onCancellationRequested(() => resolve(undefined)); });
  try {
    return (await Promise.race([Promise.resolve(question), cancelled])) === send && !token.isCancellationRequested;
  } finally {
    sub?.dispose();
  }
}

export class SwitchyardChatProvider implements vscode.LanguageModelChatProvider<SwitchyardModelInfo> {
  readonly #deps: ChatProviderDeps;
  readonly #memory = new CallMemory();
  #missing = '';
  readonly onDidChangeLanguageModelChatInformation: vscode.Event<void>;

  constructor(deps: ChatProviderDeps) {
    this.#deps = deps;
    this.onDidChangeLanguageModelChatInformation = deps.onDidChangeLanes;
  }

  async provideLanguageModelChatInformation(): Promise<SwitchyardModelInfo[]> {
    const { models, missing } = await this.#deps.catalog();
    // VS Code asks often (each change, each picker): say what is missing once per change.
    const said = missing.map((m) => `${m.name} is not listed: ${m.reason}`);
    if (said.join('\n') !== this.#missing) for (const line of said) this.#deps.log.info(line);
    this.#missing = said.join('\n');
    return [...models];
  }

  async provideLanguageModelChatResponse(
    model: SwitchyardModelInfo, messages: readonly vscode.LanguageModelChatRequestMessage[], options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>, token: vscode.CancellationToken,
  ): Promise<void> {
    const family = familyOf(model.id);
    if (!family) throw vscode.LanguageModelError.NotFound(`Switchyard has no model ${model.id}.`);
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    if (token.isCancellationRequested) controller.abort();
    try {
      const { request, dropped } = toAgentRequest(family, messages, options, VSCODE_PARTS, this.#memory);
      for (const why of dropped) this.#deps.log.debug(`${model.name}: left out ${why}`);
      const sink: AgentTurnSink = {
        text: (delta) => { if (delta) progress.report(new vscode.LanguageModelTextPart(delta)); },
        toolCall: (call: CheckedToolCall) => {
          this.#memory.remember(call.id, { name: call.name, ...(call.signature ? { signature: call.signature } : {}) });
          progress.report(new vscode.LanguageModelToolCallPart(call.id, call.name, call.input));
        },
      };
      const result = await serveTurn({ ...request, signal: controller.signal }, sink, {
        run: this.#deps.run,
        confirm: (blocked) => askToSend(blocked, token),
      });
      this.#deps.log.debug(`${model.name}: ${result.ok ? `served by the ${result.lane} lane (${result.reason})` : `${result.kind}: ${result.message}`}; ${result.records.length} ledger record(s)`);
      // A cancelled request just ends: the caller asked for it (a thrown CancellationError is logged by VS Code as a failure).
      const error = token.isCancellationRequested ? undefined : turnError(result);
      if (error) throw error.code === 'Blocked' ? vscode.LanguageModelError.Blocked(error.message) : new vscode.LanguageModelError(error.message);
    } finally {
      sub.dispose();
    }
  }

  async provideTokenCount(_model: SwitchyardModelInfo, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return countTokens(typeof text === 'string' ? text : messageText(text, VSCODE_PARTS));
  }
}
