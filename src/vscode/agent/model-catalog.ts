// Which Switchyard models VS Code may list (Auto, Fast, Deep), with the limits each
// takes from the lanes behind it, and why a missing one is missing. No vscode import:
// the unit tests check it against the policy directly.
import { providerKeyEnv } from '../../core/lane-keys.ts';
import type { PolicyConfig } from '../../core/policy-config.ts';
import { LANE_ENV, type LaneSettings } from '../../core/settings.ts';
import { LANES, type LaneId } from '../../core/task.ts';
import type { AgentModel } from '../../pipeline/agent/agent-types.ts';

/** The vendor VS Code knows the models by (package.json's languageModelChatProviders). */
export const VENDOR = 'switchyard';

/** What the provider returns for one model: VS Code's LanguageModelChatInformation, plus which model it is. */
export interface SwitchyardModelInfo {
  readonly id: string;
  readonly name: string;
  /** `auto`, `fast` or `deep`: what a caller selects by (`selectChatModels({vendor, family})`). */
  readonly family: AgentModel;
  /** The lane models behind it, e.g. `gemini-3.5-flash` or `gemini-3.5-flash+gpt-5.5`. */
  readonly version: string;
  readonly detail: string;
  readonly tooltip: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: { readonly toolCalling: boolean; readonly imageInput: boolean };
}

export interface MissingModel {
  readonly family: AgentModel;
  readonly name: string;
  /** A sentence: which lane is missing what, and how to give it. */
  readonly reason: string;
}

export interface ModelCatalog {
  readonly models: readonly SwitchyardModelInfo[];
  readonly missing: readonly MissingModel[];
}

export const MODEL_NAMES: Readonly<Record<AgentModel, string>> = { auto: 'Switchyard Auto', fast: 'Switchyard Fast', deep: 'Switchyard Deep' };

export const modelId = (family: AgentModel): string => `switchyard-${family}`;

/** The family a model id names, or undefined for an id this provider never listed. */
export function familyOf(id: string): AgentModel | undefined {
  return (['auto', 'fast', 'deep'] as const).find((f) => modelId(f) === id);
}

/**
 * Input tokens a request on this lane is accepted with: the agent kind's prompt budget
 * (switchyard.promptTokens.agent), within the lane's context budget. A pinned fast lane
 * is routed past its context budget (the user chose it; see route() in core/policy.ts),
 * so only the agent budget bounds it.
 */
function laneInput(policy: PolicyConfig, lane: LaneId, pinned: boolean): number {
  const agent = policy.tokenBudgets.agent.prompt;
  return pinned && lane === 'fast' ? agent : Math.min(agent, policy.lanes[lane].contextBudgetTokens);
}

/** The agent kind's output cap on this lane (the lane model's own limit bounds it). */
function laneOutput(policy: PolicyConfig, lane: LaneId): number {
  return Math.min(policy.tokenBudgets.agent.output, policy.lanes[lane].maxOutputTokens);
}

function describeLane(policy: PolicyConfig, lane: LaneId): string {
  return `${policy.lanes[lane].model} (${lane} lane)`;
}

/** Why a lane cannot serve: it has neither a key of its own nor a keyless local endpoint. */
export function laneMissingReason(lane: LaneId, settings: LaneSettings): string {
  const provider = providerKeyEnv(settings);
  const where = settings.baseUrl ? ` at ${settings.baseUrl}` : '';
  const env = [LANE_ENV[lane].apiKey, ...(provider ? [provider] : [])].join(' or ');
  return `the ${lane} lane (${settings.model}${where}) has no key: run "Switchyard: Set ${lane === 'fast' ? 'Fast' : 'Deep'} Lane Key…" or set ${env}`;
}

/**
 * The models to list for these ready lanes. Auto needs one lane at least; Fast and Deep need
 * their own. Auto's limits are what its lanes together allow: any request may be served by
 * either lane (routing, escalation, fallback), so its output cap is the smaller lane's; its
 * input is the larger lane's, because a request over the fast lane's context budget is routed
 * to the deep lane rather than refused.
 */
export function modelCatalog(policy: PolicyConfig, ready: Readonly<Record<LaneId, boolean>>, settings: Readonly<Record<LaneId, LaneSettings>>): ModelCatalog {
  const models: SwitchyardModelInfo[] = [];
  const missing: MissingModel[] = [];
  const lanes = LANES.filter((l) => ready[l]);
  const absent = LANES.filter((l) => !ready[l]);
  const info = (family: AgentModel, over: readonly LaneId[], detail: string, tooltip: string): SwitchyardModelInfo => ({
    id: modelId(family),
    name: MODEL_NAMES[family],
    family,
    version: over.map((l) => policy.lanes[l].model).join('+'),
    detail,
    tooltip,
    maxInputTokens: Math.max(...over.map((l) => laneInput(policy, l, family !== 'auto'))),
    maxOutputTokens: Math.min(...over.map((l) => laneOutput(policy, l))),
    capabilities: { toolCalling: true, imageInput: false },
  });

  if (lanes.length === 2) {
    models.push(info('auto', lanes, `routes each request: ${policy.lanes.fast.model} or ${policy.lanes.deep.model}`,
      'Switchyard routes every request: acting steps (following a plan, the next tool call, small edits) go to the fast lane, '
      + 'thinking steps (planning, a failed tool, a loop, a large context) go to the deep lane, and a malformed fast-lane tool call '
      + 'is answered by the deep lane instead. Each request is metered in the usage panel.'));
  } else if (lanes.length === 1) {
    const [only] = lanes as [LaneId];
    const why = laneMissingReason(absent[0]!, settings[absent[0]!]);
    models.push(info('auto', lanes, `${only} lane only: ${policy.lanes[only].model}`,
      `Only the ${describeLane(policy, only)} can serve, so nothing is routed: ${why}.`));
  } else {
    missing.push({ family: 'auto', name: MODEL_NAMES.auto, reason: `neither lane can serve: ${absent.map((l) => laneMissingReason(l, settings[l])).join('; ')}` });
  }
  for (const lane of LANES) {
    const family = lane;
    if (ready[lane]) {
      models.push(info(family, [lane], `${policy.lanes[lane].model}, pinned`,
        `Every request goes to the ${describeLane(policy, lane)}, without routing; it is metered in the usage panel.`));
    } else {
      missing.push({ family, name: MODEL_NAMES[family], reason: laneMissingReason(lane, settings[lane]) });
    }
  }
  return { models, missing };
}
