// What the client does when the language server process dies or its connection errors:
// restart it up to 4 times in 3 minutes, saying so each time, then give up visibly.
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult, type Message } from 'vscode-languageclient/node';

const maxRestarts = 4;
const windowMs = 3 * 60 * 1000;

export class CrashHandler implements ErrorHandler {
  private crashes: number[] = [];

  /** `showOutput` reveals the log; called when the user picks "Show Output". */
  constructor(private readonly showOutput: () => void) {}

  /** Connection read/write errors: tolerate a few in a row, then shut the server down. */
  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  /** The server went away without being asked to stop. */
  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < windowMs);
    this.crashes.push(now);
    if (this.crashes.length <= maxRestarts) {
      void vscode.window.showWarningMessage('libvirt XML language server crashed; restarting');
      return {
        action: CloseAction.Restart,
        message: `Language server crashed (${this.crashes.length} of ${maxRestarts} restarts in 3 minutes); restarting.`,
        handled: true,
      };
    }
    const message = `libvirt XML language server crashed ${this.crashes.length} times in 3 minutes and will not be restarted. Run "libvirt XML: Restart Language Server" to try again.`;
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
      if (choice === 'Show Output') this.showOutput();
    });
    return { action: CloseAction.DoNotRestart, message, handled: true };
  }

  /** Forget past crashes (after a restart the user asked for). */
  reset(): void {
    this.crashes = [];
  }
}
