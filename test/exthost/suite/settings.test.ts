// The settings service in a real VS Code: a changed setting reaches the pipeline's
// policy through onDidChangeConfiguration, and nothing is rebuilt between changes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

interface Api {
  services(): {
    pipeline: { policy(): { escalation: { quickEditMaxLines: number }; budget: { dailyCapNanos: number | null } } };
    config: { onDidChange(listener: () => void): vscode.Disposable };
  } | undefined;
}

describe('settings service', () => {
  after(async () => {
    await vscode.workspace.getConfiguration('switchyard').update('routing.quickEditMaxLines', undefined, vscode.ConfigurationTarget.Global);
  });

  it('a changed setting reaches the pipeline\'s policy, which is otherwise built once', async () => {
    const api = await vscode.extensions.getExtension('switchyard-dev.switchyard')!.activate() as Api;
    const s = api.services()!;
    const initial = s.pipeline.policy();
    assert.equal(initial.escalation.quickEditMaxLines, 80);
    assert.equal(s.pipeline.policy(), initial, 'the same policy object while nothing changed');
    let changes = 0;
    const sub = s.config.onDidChange(() => { changes++; });
    try {
      await vscode.workspace.getConfiguration('switchyard').update('routing.quickEditMaxLines', 33, vscode.ConfigurationTarget.Global);
      for (let i = 0; i < 100 && changes === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(changes >= 1, 'the service told its listeners');
      const changed = s.pipeline.policy();
      assert.equal(changed.escalation.quickEditMaxLines, 33);
      assert.equal(changed.budget.dailyCapNanos, initial.budget.dailyCapNanos);
      assert.equal(s.pipeline.policy(), changed, 'built once for the change');
      await vscode.workspace.getConfiguration('switchyard').update('routing.quickEditMaxLines', undefined, vscode.ConfigurationTarget.Global);
      for (let i = 0; i < 100 && s.pipeline.policy().escalation.quickEditMaxLines !== 80; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(s.pipeline.policy().escalation.quickEditMaxLines, 80, 'back to the default');
    } finally {
      sub.dispose();
    }
  });
});
