import * as vscode from 'vscode';
import { createLogger, describeError, type Logger } from './logger.ts';

/**
 * Owns every disposable the extension creates. Each feature is started in its
 * own try/catch so one broken feature never takes the others down.
 */
export class Container implements vscode.Disposable {
  readonly context: vscode.ExtensionContext;
  readonly log: Logger;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly failures: string[] = [];

  constructor(context: vscode.ExtensionContext) {
    this.context = context;
    this.log = createLogger(this.disposables);
  }

  own<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  /** Starts one feature; a failure is logged, remembered and shown, never rethrown. */
  feature(name: string, start: (c: Container) => void): void {
    try {
      start(this);
      this.log.info(`feature ready: ${name}`);
    } catch (err) {
      this.failures.push(name);
      this.log.error(`feature failed to start: ${name}`, err);
      void vscode.window.showErrorMessage(`Switchyard: ${name} failed to start: ${describeError(err)}`, 'Show Log')
        .then((choice) => { if (choice) this.log.show(); });
    }
  }

  get failedFeatures(): readonly string[] {
    return this.failures;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try { d.dispose(); } catch { /* keep disposing the rest */ }
    }
  }
}
