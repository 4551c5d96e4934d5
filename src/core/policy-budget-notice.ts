// When to tell the user about the budget, and what to say: one notification per threshold
// (the warn level, the cap) per local day. Pure; the VS Code face keeps the memory in globalState.
import { formatUsd } from './money.ts';
import { KIND_PLURAL } from './policy-attempts.ts';
import { capStatuses, type BudgetLevel, type BudgetState } from './policy-budget.ts';
import type { BudgetConfig } from './policy-config.ts';
import type { AboveWarn } from './settings.ts';
import { TASK_KINDS } from './task.ts';

export type BudgetThreshold = Exclude<BudgetLevel, 'ok'>;

/** Which thresholds were already notified on a day. */
export interface NoticeMemory {
  day: string;
  shown: readonly BudgetThreshold[];
}

export interface BudgetNoticeDecision {
  threshold: BudgetThreshold;
  /** The memory to keep once this notification is shown. */
  memory: NoticeMemory;
}

/** The notification due at this level on this day, if any. A new day forgets what was shown. */
export function budgetNoticeDue(day: string, level: BudgetLevel, memory: NoticeMemory | undefined): BudgetNoticeDecision | undefined {
  const shown = memory?.day === day ? memory.shown : [];
  if (level === 'ok' || shown.includes(level)) return undefined;
  // The cap notice says all the warning would have: the warning is not shown after it.
  const next: BudgetThreshold[] = level === 'capped' ? ['warn', 'capped'] : [...shown, 'warn'];
  return { threshold: level, memory: { day, shown: next } };
}

/** A memory read back from storage, or undefined when it is not one. */
export function asNoticeMemory(v: unknown): NoticeMemory | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const m = v as Partial<NoticeMemory>;
  if (typeof m.day !== 'string' || !Array.isArray(m.shown)) return undefined;
  return { day: m.day, shown: m.shown.filter((t): t is BudgetThreshold => t === 'warn' || t === 'capped') };
}

const MODE_TEXT: Readonly<Record<AboveWarn, string>> = {
  continue: 'go on as usual', fastLane: 'stay on the fast lane', ask: 'ask first', stop: 'are stopped',
};

/** "quick edits and completions stay on the fast lane; refactors and AST transforms ask first" */
function aboveWarnText(cfg: BudgetConfig): string {
  const byMode = new Map<AboveWarn, string[]>();
  for (const k of TASK_KINDS) byMode.set(cfg.aboveWarn[k], [...(byMode.get(cfg.aboveWarn[k]) ?? []), KIND_PLURAL[k]]);
  return [...byMode].map(([mode, kinds]) => `${listInWords(kinds)} ${MODE_TEXT[mode]}`).join('; ');
}

/** "a", "a and b", "a, b and c". */
function listInWords(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The notification's text: which cap, how much of it is used, and what Switchyard does now. */
export function budgetNoticeText(threshold: BudgetThreshold, state: BudgetState, cfg: BudgetConfig): string {
  const statuses = capStatuses(state, cfg);
  const worst = statuses.reduce<(typeof statuses)[number] | undefined>((a, s) => (!a || s.fraction > a.fraction ? s : a), undefined);
  if (!worst) return 'Switchyard: no budget cap is set.';
  const used = `${formatUsd(worst.spentNanos + worst.reservedNanos)} of ${formatUsd(worst.capNanos)}`;
  const ceiling = formatUsd(Math.round(worst.capNanos * cfg.hardCeiling));
  if (threshold === 'warn') {
    return `Switchyard has used ${Math.floor(worst.fraction * 100)}% of its ${worst.period} budget (${used}). `
      + `Above ${Math.round(cfg.warnFraction * 100)}%, ${aboveWarnText(cfg)}.`;
  }
  const completions = cfg.aboveWarn.completion === 'stop' || cfg.completionsAtCap === 'stop' ? 'completions stop'
    : 'completions stay on the fast lane';
  return `Switchyard reached its ${worst.period} budget (${used}). Only requests you confirm are sent, ${completions}, `
    + `and nothing is sent past the hard ceiling of ${ceiling}.`;
}
