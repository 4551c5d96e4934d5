import * as vscode from 'vscode';
import { createLogger, type Logger } from '../core/log.ts';

/** The root logger: its lines go to the one log channel, which can also be shown. */
export interface ChannelLogger extends Logger {
  show(): void;
}

/**
 * The one log channel. VS Code filters by the level the user picks with
 * "Developer: Set Log Level" (info by default), so debug lines cost nothing unless asked for.
 */
export function createChannelLogger(disposables: vscode.Disposable[]): ChannelLogger {
  const channel = vscode.window.createOutputChannel('Switchyard', { log: true });
  disposables.push(channel);
  return { ...createLogger((level, line) => channel[level](line)), show: () => channel.show(true) };
}
