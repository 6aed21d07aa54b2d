// Registers a feature's commands so that a failure reaches the user once, through the feature's
// own error handler, instead of VS Code's generic "command failed" toast.
import * as vscode from 'vscode';

export type CommandRegistrar = (id: string, run: (...args: never[]) => unknown) => vscode.Disposable;

export function commandRegistrar(onError: (err: unknown) => void): CommandRegistrar {
  return (id, run) =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        await run(...args);
      } catch (err) {
        onError(err);
      }
    });
}
