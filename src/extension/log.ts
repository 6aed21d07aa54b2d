// The one "Local Focus" log channel; worker log lines arrive here with their level.
import * as vscode from 'vscode';
import { LogLevel } from '../core/protocol';

export class Log implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor() {
    this.channel = vscode.window.createOutputChannel('Local Focus', { log: true });
  }

  write(level: LogLevel, message: string): void {
    this.channel[level](message);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
