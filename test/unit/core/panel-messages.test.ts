import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWebviewMessage } from '../../../src/core/panel-messages.ts';

describe('panel messages', () => {
  it('accepts only well-formed webview messages', () => {
    assert.ok(isWebviewMessage({ type: 'ready' }));
    assert.ok(isWebviewMessage({ type: 'export', format: 'csv' }));
    assert.ok(isWebviewMessage({ type: 'command', command: 'openBudgetSettings' }));
    assert.ok(!isWebviewMessage({ type: 'export', format: 'xml' }));
    assert.ok(!isWebviewMessage({ type: 'command', command: 'workbench.action.reloadWindow' }));
    assert.ok(!isWebviewMessage(null));
    assert.ok(!isWebviewMessage('ready'));
  });
});
