// Entry point VS Code's extension host loads as extensionTestsPath. It runs the
// mocha suites and writes pass/fail counts where the runner outside can read them.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', ...(process.env.SWITCHYARD_EXTHOST_GREP ? { grep: process.env.SWITCHYARD_EXTHOST_GREP } : {}) });
  // Give the suites mocha's globals, then load them (esbuild bundles them lazily).
  mocha.suite.emit('pre-require', globalThis, 'switchyard-exthost', mocha);
  // The untrusted run (workspace trust on, not granted) has a suite of its own.
  if (process.env.SWITCHYARD_EXTHOST_SUITE === 'untrusted') {
    await import('./suite/untrusted.test.ts');
    await import('./suite/agent-untrusted.test.ts');
  } else if (process.env.SWITCHYARD_EXTHOST_SUITE === 'multiroot') {
    // A two-folder .code-workspace: indexing, ignores, scopes and the ledger per folder.
    await import('./suite/multi-root.test.ts');
  } else if (process.env.SWITCHYARD_EXTHOST_SUITE === 'degraded') {
    // One feature made to fail at start: how the rest degrades.
    await import('./suite/degraded.test.ts');
  } else {
    await import('./suite/activation.test.ts');
    await import('./suite/lanes.test.ts');
    await import('./suite/fast-lane.test.ts');
    await import('./suite/fim.test.ts');
    await import('./suite/meter.test.ts');
    await import('./suite/settings.test.ts');
    await import('./suite/deep-lane.test.ts');
    await import('./suite/plan-property.test.ts');
    await import('./suite/agent.test.ts');
    await import('./suite/routing.test.ts');
    await import('./suite/otlp.test.ts');
  }
  const { passes, failures } = await new Promise<{ passes: number; failures: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0 }));
  });
  const out = process.env.SWITCHYARD_TEST_RESULTS;
  if (out) writeFileSync(out, JSON.stringify({ passes, failures, vscodeVersion: vscode.version }));
  console.log(`extension host: ${passes} passing, ${failures} failing, VS Code ${vscode.version}`);
  if (failures > 0 || passes === 0) throw new Error(`${failures} extension-host test(s) failed`);
}
