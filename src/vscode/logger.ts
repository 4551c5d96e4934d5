import * as vscode from 'vscode';

/** The one log channel. User code and keys never go in at info level. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
  debug(message: string): void;
  show(): void;
}

export function createLogger(disposables: vscode.Disposable[]): Logger {
  const channel = vscode.window.createOutputChannel('Switchyard', { log: true });
  disposables.push(channel);
  return {
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    debug: (m) => channel.debug(m),
    show: () => channel.show(true),
    error: (m, err) => channel.error(err === undefined ? m : `${m}: ${describeError(err)}`),
  };
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
