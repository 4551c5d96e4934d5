// Every command id belongs to exactly one feature (or to the container), so a
// feature that cannot start leaves an explainer for each of its commands.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS, INTERNAL_COMMANDS } from '../../../src/vscode/command-ids.ts';
import { CONTAINER_COMMANDS, FEATURE_COMMANDS, unavailableMessage } from '../../../src/vscode/feature-commands.ts';

describe('feature → commands table', () => {
  it('lists every command id once: the features own all but Show Log, which the container registers', () => {
    const listed = [...Object.values(FEATURE_COMMANDS).flat(), ...CONTAINER_COMMANDS];
    const all = [...Object.values(COMMANDS), ...Object.values(INTERNAL_COMMANDS)];
    assert.equal(new Set(listed).size, listed.length, 'an id is listed twice');
    assert.deepEqual([...listed].sort(), [...all].sort());
    assert.deepEqual([...CONTAINER_COMMANDS], [COMMANDS.showLog]);
  });

  it('the explainer names the feature and the cause', () => {
    assert.equal(unavailableMessage('refactor', 'syntax (tree-sitter) failed to start: no grammars'),
      'Switchyard: refactor is unavailable: syntax (tree-sitter) failed to start: no grammars');
  });
});
