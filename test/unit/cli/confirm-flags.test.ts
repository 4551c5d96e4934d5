// The CLI is runWithConfirmation's other face: its flags must give the outcome of
// the answer they stand for, row by row of the same table the pipeline's tests use.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliConfirm, flagFor, type LaneFlags } from '../../../src/cli/commands/deep-lane-setup.ts';
import { observe, TABLE } from '../helpers/confirmation-table.ts';

describe('the CLI\'s answers to runWithConfirmation', () => {
  for (const row of TABLE) {
    for (const flags of [{}, { yes: true }, { 'confirm-over-budget': true }] as LaneFlags[]) {
      it(`${row.scenario} with ${JSON.stringify(flags)}`, async () => {
        const o = await observe(row.scenario, cliConfirm(flags));
        const saidYes = o.questions.every((q) => flags.yes === true || (q.cause === 'budget' && flags['confirm-over-budget'] === true));
        assert.deepEqual(o.questions.map((q) => q.cause), row.asked);
        assert.equal(o.result.ok ? 'ok' : o.result.kind, saidYes ? 'ok' : row.no.outcome);
        assert.deepEqual(o.ledger, saidYes ? row.yes.ledger : row.no.ledger);
        assert.equal(o.requests, saidYes ? row.yes.requests : 0);
        if (!o.result.ok && o.result.kind === 'declined') {
          assert.equal(flagFor(o.result.question), row.asked[0] === 'budget' ? '--confirm-over-budget' : '--yes');
        }
      });
    }
  }
});
