import * as vscode from 'vscode';
import { describeError } from '../core/log.ts';
import { COMMANDS } from './command-ids.ts';
import { FEATURE_COMMANDS, unavailableMessage, type FeatureName } from './feature-commands.ts';
import { createChannelLogger, type ChannelLogger } from './logger.ts';

/** How a feature's start went: its value, or the first failure it traces back to. */
export type Started<T> = { ok: true; value: T } | { ok: false; cause: string };

type Values<D extends readonly Started<unknown>[]> = { [K in keyof D]: D[K] extends Started<infer V> ? V : never };

/** What a command of an unavailable feature returns to a caller (tests, other extensions). */
export interface UnavailableResult { applied: false; status: 'unavailable'; message: string }

export interface ContainerOptions {
  /** Tests only: this feature fails right after its start ran, as if its last step threw. */
  failFeature?: string;
}

/**
 * Owns every disposable the extension creates. Each feature starts in its own
 * try/catch, so one broken feature never takes the others down; a feature that
 * cannot start leaves explainers in place of its commands, and only the failure
 * itself is notified (one notification per cause).
 */
export class Container implements vscode.Disposable {
  readonly context: vscode.ExtensionContext;
  readonly log: ChannelLogger;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly failures: FeatureName[] = [];
  private readonly notified: string[] = [];
  private readonly failFeature: string | undefined;

  constructor(context: vscode.ExtensionContext, opts: ContainerOptions = {}) {
    this.context = context;
    this.failFeature = opts.failFeature;
    this.log = createChannelLogger(this.disposables);
    // Before any feature: the log must open whatever else failed.
    this.own(vscode.commands.registerCommand(COMMANDS.showLog, () => this.log.show()));
  }

  own<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  /**
   * Starts one feature once the features it needs have started. A failure is
   * logged with its stack and shown once, never rethrown; a feature whose
   * dependency failed says nothing of its own.
   */
  feature<D extends readonly Started<unknown>[], T>(name: FeatureName, needs: D, start: (c: Container, ...deps: Values<D>) => T): Started<T> {
    for (const need of needs) {
      if (need.ok) continue;
      this.log.warn(`feature unavailable: ${name}, because ${need.cause}`);
      this.unavailable(name, need.cause);
      return { ok: false, cause: need.cause };
    }
    const mark = this.disposables.length;
    try {
      const value = start(this, ...(needs.map((n) => (n as { value: unknown }).value) as Values<D>));
      if (this.failFeature === name) throw new Error(`${name} was made to fail (SWITCHYARD_TEST_FAIL_FEATURE)`);
      this.log.info(`feature ready: ${name}`);
      return { ok: true, value };
    } catch (err) {
      // Undo what it registered before failing, so its explainers can take the command ids.
      this.release(mark);
      const cause = `${name} failed to start: ${describeError(err)}`;
      this.log.error(`feature failed to start: ${name}`, err);
      this.notified.push(`Switchyard: ${cause}`);
      this.offerLog(vscode.window.showErrorMessage(`Switchyard: ${cause}`, 'Show Log'));
      this.unavailable(name, describeError(err));
      return { ok: false, cause };
    }
  }

  /** Features that did not start, whether they failed or something they need did. */
  get failedFeatures(): readonly FeatureName[] {
    return this.failures;
  }

  /** The error notifications shown while starting, one per cause. */
  get startupErrors(): readonly string[] {
    return this.notified;
  }

  dispose(): void {
    this.release(0);
  }

  private unavailable(name: FeatureName, cause: string): void {
    this.failures.push(name);
    const message = unavailableMessage(name, cause);
    for (const id of FEATURE_COMMANDS[name]) {
      try {
        this.own(vscode.commands.registerCommand(id, (): UnavailableResult => {
          this.offerLog(vscode.window.showErrorMessage(message, 'Show Log'));
          return { applied: false, status: 'unavailable', message };
        }));
      } catch (err) {
        this.log.error(`could not register the explainer for ${id}`, err);
      }
    }
  }

  private offerLog(choice: Thenable<string | undefined>): void {
    void Promise.resolve(choice).then((c) => { if (c) this.log.show(); });
  }

  private release(mark: number): void {
    for (const d of this.disposables.splice(mark).reverse()) {
      try { d.dispose(); } catch { /* keep disposing the rest */ }
    }
  }
}
