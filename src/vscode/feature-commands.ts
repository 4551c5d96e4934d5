// Which commands each feature registers. When a feature cannot start, the
// container registers these ids as explainers, so the user reads why instead of
// "command not found". Show Log belongs to the container: it works whatever failed.
// No vscode import: the unit tests check the table against command-ids.ts.
import { COMMANDS, INTERNAL_COMMANDS } from './command-ids.ts';

export const FEATURE_COMMANDS = {
  'API keys': [COMMANDS.setFastLaneKey, COMMANDS.setDeepLaneKey, COMMANDS.clearKeys],
  'usage ledger and pipeline': [COMMANDS.setOtlpHeaders],
  'syntax (tree-sitter)': [],
  refactor: [COMMANDS.refactor],
  'AST transform': [COMMANDS.astTransform],
  'inline completions': [COMMANDS.toggleCompletions, INTERNAL_COMMANDS.completionAccepted],
  'quick edit': [COMMANDS.quickEdit, COMMANDS.quickEditAccept, COMMANDS.quickEditReject],
  'usage panel': [COMMANDS.showPanel, COMMANDS.exportUsageCsv, COMMANDS.exportUsageJson, COMMANDS.sendSampleRequests],
  'status meter': [],
  'chat models': [COMMANDS.manageModels],
} as const satisfies Record<string, readonly string[]>;

export type FeatureName = keyof typeof FEATURE_COMMANDS;

/** Registered by the container itself, before any feature starts. */
export const CONTAINER_COMMANDS = [COMMANDS.showLog] as const;

/** What a command of an unavailable feature says when run. */
export function unavailableMessage(feature: FeatureName, cause: string): string {
  return `Switchyard: ${feature} is unavailable: ${cause}`;
}
