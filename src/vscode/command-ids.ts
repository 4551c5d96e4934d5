// Every command id the extension registers, once. package.json's
// contributes.commands must list exactly the public ones (a unit test checks).
export const COMMANDS = {
  showPanel: 'switchyard.showPanel',
  setFastLaneKey: 'switchyard.setFastLaneKey',
  setDeepLaneKey: 'switchyard.setDeepLaneKey',
  clearKeys: 'switchyard.clearKeys',
  setOtlpHeaders: 'switchyard.setOtlpHeaders',
  showLog: 'switchyard.showLog',
  exportUsageCsv: 'switchyard.exportUsageCsv',
  exportUsageJson: 'switchyard.exportUsageJson',
  sendSampleRequests: 'switchyard.sendSampleRequests',
  refactor: 'switchyard.refactor',
  astTransform: 'switchyard.astTransform',
  toggleCompletions: 'switchyard.toggleCompletions',
  quickEdit: 'switchyard.quickEdit',
  quickEditAccept: 'switchyard.quickEdit.accept',
  quickEditReject: 'switchyard.quickEdit.reject',
  manageModels: 'switchyard.manageModels',
} as const;

/** Registered but not in the command palette: the inline completion's accept hook. */
export const INTERNAL_COMMANDS = {
  completionAccepted: 'switchyard.completionAccepted',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
