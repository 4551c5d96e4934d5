import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asNoticeMemory, budgetNoticeDue, budgetNoticeText, type NoticeMemory } from '../../../src/core/policy-budget-notice.ts';
import { budgetLevel, EMPTY_BUDGET, withSpend } from '../../../src/core/policy-budget.ts';
import { DEFAULT_POLICY } from '../../../src/core/policy-config.ts';

const cfg = DEFAULT_POLICY.budget;

describe('budget notifications: one per threshold per day', () => {
  it('says nothing under the warn level', () => {
    assert.equal(budgetNoticeDue('2026-11-26', 'ok', undefined), undefined);
  });

  it('warns once, then stays quiet at the same level that day', () => {
    const first = budgetNoticeDue('2026-11-26', 'warn', undefined);
    assert.deepEqual(first, { threshold: 'warn', memory: { day: '2026-11-26', shown: ['warn'] } });
    assert.equal(budgetNoticeDue('2026-11-26', 'warn', first!.memory), undefined);
  });

  it('the cap after the warning is a notice of its own, and only once', () => {
    const warned: NoticeMemory = { day: '2026-11-26', shown: ['warn'] };
    const capped = budgetNoticeDue('2026-11-26', 'capped', warned);
    assert.deepEqual(capped, { threshold: 'capped', memory: { day: '2026-11-26', shown: ['warn', 'capped'] } });
    assert.equal(budgetNoticeDue('2026-11-26', 'capped', capped!.memory), undefined);
    assert.equal(budgetNoticeDue('2026-11-26', 'warn', capped!.memory), undefined, 'a cap raised back into the warn zone says nothing more');
  });

  it('reaching the cap first covers the warning too', () => {
    const capped = budgetNoticeDue('2026-11-26', 'capped', undefined);
    assert.equal(capped?.threshold, 'capped');
    assert.equal(budgetNoticeDue('2026-11-26', 'warn', capped!.memory), undefined);
  });

  it('a new day forgets what was shown', () => {
    const yesterday: NoticeMemory = { day: '2026-11-25', shown: ['warn', 'capped'] };
    assert.equal(budgetNoticeDue('2026-11-26', 'warn', yesterday)?.threshold, 'warn');
    assert.equal(budgetNoticeDue('2026-11-26', 'capped', yesterday)?.threshold, 'capped');
  });

  it('reads back only a well-formed memory (globalState may hold anything)', () => {
    assert.equal(asNoticeMemory(undefined), undefined);
    assert.equal(asNoticeMemory({ day: 3, shown: [] }), undefined);
    assert.deepEqual(asNoticeMemory({ day: '2026-11-26', shown: ['warn', 'loud', 7] }), { day: '2026-11-26', shown: ['warn'] });
  });
});

describe('budget notification text', () => {
  it('the warning names the cap, the share used and what each kind does now', () => {
    const state = withSpend(EMPTY_BUDGET, 4_100_000_000, 4_100_000_000);
    assert.equal(budgetLevel(state, cfg), 'warn');
    assert.equal(budgetNoticeText('warn', state, cfg),
      'Switchyard has used 82% of its daily budget ($4.10 of $5.00). Above 80%, completions, quick edits and agent requests stay on the fast lane; '
      + 'refactors and AST transforms ask first.');
  });

  it('the cap names the hard ceiling', () => {
    const state = withSpend(EMPTY_BUDGET, 2_000_000_000, 50_500_000_000);
    assert.equal(budgetLevel(state, cfg), 'capped');
    assert.equal(budgetNoticeText('capped', state, cfg),
      'Switchyard reached its monthly budget ($50.50 of $50.00). Only requests you confirm are sent, completions stop, '
      + 'and nothing is sent past the hard ceiling of $60.00.');
    assert.match(budgetNoticeText('capped', state, { ...cfg, completionsAtCap: 'fastLane' }), /completions stay on the fast lane/);
  });
});
