// runWithConfirmation's decision table, shared by both faces' tests: the pipeline's
// (answers yes / no) and the CLI's (answers from flags). Each row runs a real
// pipeline on the emulator and reports who was asked what, what was sent, what
// the ledger holds.
import type { SettingKey } from '../../../src/core/settings.ts';
import { runWithConfirmation, type Confirm, type ConfirmQuestion, type ConfirmedResult, type RunEvent } from '../../../src/pipeline/run-with-confirmation.ts';
import type { PipelineTask } from '../../../src/pipeline/task-types.ts';
import { rig } from '../pipeline/helpers.ts';

/** A refactor-sized task, frozen: assigning to it throws, so any mutation fails the test. */
export function frozenTask(signal?: AbortSignal, kind: PipelineTask<string>['kind'] = 'refactor'): PipelineTask<string> {
  return Object.freeze({
    kind, inputTokens: 2_000, fileCount: 2, language: 'typescript', file: 'src/a.ts',
    ...(signal ? { signal } : {}),
    prompt: () => ({ system: 'Plan the change.', prompt: 'rename f to g' }),
    validate: (out: string) => ({ ok: true as const, value: out }),
  });
}

export type Scenario = 'cheap' | 'over threshold' | 'at budget cap' | 'both';

// A cap any request passes, under a hard ceiling none does: the cap's question is asked, and a yes sends.
export const AT_CAP = { 'budget.dailyUsd': 0.000001, 'budget.hardCeilingPercent': 1e12 } as const;

const SETTINGS: Record<Scenario, Partial<Record<SettingKey, unknown>>> = {
  cheap: {},
  'over threshold': {},
  'at budget cap': AT_CAP,
  both: AT_CAP,
};
// A refactor's low estimate is about $0.19: a threshold of 0 asks about any cost, a dollar never does.
const THRESHOLD: Record<Scenario, number> = { cheap: 1e9, 'over threshold': 0, 'at budget cap': 1e9, both: 0 };

export interface Row {
  scenario: Scenario;
  /** The questions, in order, whatever the answers. */
  asked: ConfirmQuestion['cause'][];
  /** Every question answered yes. */
  yes: { ledger: string[]; requests: number };
  /** Every question answered no. */
  no: { outcome: string; ledger: string[] };
}

export const TABLE: readonly Row[] = [
  { scenario: 'cheap', asked: [], yes: { ledger: ['ok'], requests: 1 }, no: { outcome: 'ok', ledger: ['ok'] } },
  { scenario: 'over threshold', asked: ['threshold'], yes: { ledger: ['ok'], requests: 1 }, no: { outcome: 'declined', ledger: [] } },
  // The router blocks first (so the block is in the ledger), then the question, then one confirmed send.
  { scenario: 'at budget cap', asked: ['budget'], yes: { ledger: ['blocked_confirmation', 'ok'], requests: 1 }, no: { outcome: 'declined', ledger: ['blocked_confirmation'] } },
  // Over the threshold and at the cap: one question, the budget's.
  { scenario: 'both', asked: ['budget'], yes: { ledger: ['blocked_confirmation', 'ok'], requests: 1 }, no: { outcome: 'declined', ledger: ['blocked_confirmation'] } },
];

export interface Observed {
  result: ConfirmedResult<string>;
  questions: ConfirmQuestion[];
  events: RunEvent[];
  requests: number;
  ledger: string[];
}

export async function observe(scenario: Scenario, confirm: Confirm, signal?: AbortSignal): Promise<Observed> {
  const r = await rig(SETTINGS[scenario]);
  try {
    r.emu.script({ match: { protocol: 'responses' }, text: 'renamed', repeat: 3 });
    const questions: ConfirmQuestion[] = [];
    const events: RunEvent[] = [];
    const result = await runWithConfirmation(frozenTask(), {
      pipeline: r.pipeline, signal, confirmAboveNanos: THRESHOLD[scenario],
      confirm: (q, s) => { questions.push(q); return confirm(q, s); },
      onEvent: (e) => events.push(e),
    });
    const stored = await r.store.readMonth(r.store.currentMonth());
    return { result, questions, events, requests: r.emu.requests.length, ledger: stored.records.map((x) => x.outcome) };
  } finally {
    await r.close();
  }
}
