// VS Code entry point: starts the libvirt XML language server (dist/server.js) over node IPC
// and wires settings, the catalog status bar item, commands and crash handling to it.
import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type CancellationToken,
  type LanguageClientOptions,
  type MessageSignature,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { catalogInfoNotification, serverNodeOptions, type CatalogInfo } from '../../server/src/protocol';
import { CatalogStatus } from './catalogStatus';
import { configurationMiddleware, notifyConfigurationChanged } from './configuration';
import { CrashHandler } from './crashHandler';
import { registerHosts } from './hosts';
import { registerTopologyView } from './topologyView';
import { registerLive } from './live/index';
import { liveScheme } from './live/liveUri';

const showOutputCommand = 'libvirtXml.showOutput';
const restartServerCommand = 'libvirtXml.restartServer';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
/** Set when deactivation starts: requests still in flight then answer nothing instead of failing loudly. */
let stopping = false;

/**
 * A language client that stays quiet about requests failing while it shuts
 * down: VS Code still sends code actions and symbols as a window closes, and
 * those caught between `stop()` and the closed connection would otherwise be
 * logged as errors (with VS Code's own "provider FAILED" on top).
 */
class LibvirtLanguageClient extends LanguageClient {
  override handleFailedRequest<T>(type: MessageSignature, token: CancellationToken | undefined, error: unknown, defaultValue: T, showNotification?: boolean, throwOnCancel?: boolean): T {
    if (stopping || this.state !== State.Running) return defaultValue;
    return super.handleFailedRequest(type, token, error, defaultValue, showNotification, throwOnCancel);
  }

  /**
   * Document notifications (didChange of a closing editor, e.g. a `libvirt:`
   * document reverted as its window goes away) that fail because the
   * connection is already closing are expected, not errors: logged as info.
   */
  override error(message: string, data?: unknown, showNotification?: boolean | 'force'): void {
    if ((stopping || this.state !== State.Running) && message.startsWith('Sending document notification')) {
      this.info(`${message} (the server connection was closing)`);
      return;
    }
    super.error(message, data, showNotification);
  }
}

/**
 * Middleware that drops editor requests once the extension is being shut down
 * (VS Code disposes our output channel while the client is still rejecting
 * them, which otherwise logs provider errors on every window close).
 */
function shutdownGuard(): NonNullable<LanguageClientOptions['middleware']> {
  return {
    provideCodeActions: (doc, range, ctx, token, next) => (stopping ? null : next(doc, range, ctx, token)),
    provideCompletionItem: (doc, pos, ctx, token, next) => (stopping ? null : next(doc, pos, ctx, token)),
    provideHover: (doc, pos, token, next) => (stopping ? null : next(doc, pos, token)),
    provideDocumentSymbols: (doc, token, next) => (stopping ? null : next(doc, token)),
    provideFoldingRanges: (doc, ctx, token, next) => (stopping ? null : next(doc, ctx, token)),
    provideSelectionRanges: (doc, positions, token, next) => (stopping ? null : next(doc, positions, token)),
    didOpen: (doc, next) => (stopping ? Promise.resolve() : next(doc)),
    didChange: (event, next) => (stopping ? Promise.resolve() : next(event)),
    didClose: (doc, next) => (stopping ? Promise.resolve() : next(doc)),
  };
}

export function activate(context: vscode.ExtensionContext): void {
  stopping = false;
  const channel = vscode.window.createOutputChannel('libvirt XML', { log: true });
  output = channel;
  const showOutput = () => channel.show(true);
  const crashes = new CrashHandler(showOutput);
  const status = new CatalogStatus(showOutputCommand);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...serverNodeOptions] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...serverNodeOptions, '--nolazy', '--inspect=6011'] } },
  };
  // The server itself ignores XML that is not libvirt's (pom.xml and the like).
  // vscode-vfs: GitHub/Remote Repositories, so virtual workspaces get the same features;
  // libvirt: definitions opened from a libvirt connection (client/src/live).
  const documentSelector = ['xml', 'libvirt-xml'].flatMap((language) =>
    ['file', 'untitled', 'vscode-vfs', liveScheme].map((scheme) => ({ language, scheme })),
  );
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: channel,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: crashes,
    middleware: { ...shutdownGuard(), workspace: configurationMiddleware() },
    // Where the server keeps the grammars it compiles from the host's schemas, across restarts.
    initializationOptions: { storagePath: context.globalStorageUri.fsPath },
  };
  // The id 'libvirtXml' makes the client read its trace level from `libvirtXml.trace.server`.
  const languageClient = new LibvirtLanguageClient('libvirtXml', 'libvirt XML', serverOptions, clientOptions);
  client = languageClient;

  // The output channel is disposed in deactivate(), after the client has stopped.
  context.subscriptions.push(
    status,
    languageClient.onNotification(catalogInfoNotification, (info: CatalogInfo) => status.update(info)),
    languageClient.onDidChangeState(({ newState }) => {
      if (newState === State.Starting) status.starting();
      else if (newState === State.Stopped || newState === State.StartFailed) status.stopped();
    }),
    vscode.commands.registerCommand(showOutputCommand, showOutput),
    vscode.commands.registerCommand(restartServerCommand, async () => {
      crashes.reset();
      try {
        if (languageClient.state === State.Running) await languageClient.restart();
        else if (languageClient.state === State.Starting) void vscode.window.showInformationMessage('The libvirt XML language server is already starting.');
        else await languageClient.start();
      } catch (error) {
        languageClient.error('Restarting the language server failed', error, 'force');
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('libvirtXml')) notifyConfigurationChanged(languageClient);
    }),
    // Settings withheld in Restricted Mode become visible: let the server pull them again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => notifyConfigurationChanged(languageClient)),
  );

  registerHosts(context, languageClient);
  registerTopologyView(context, languageClient);
  registerLive(context);

  // Not awaited: activation must not wait for the server's initialize round trip.
  languageClient.start().catch((error) => channel.error('Starting the language server failed', error));
}

export async function deactivate(): Promise<void> {
  stopping = true;
  const c = client;
  const channel = output;
  client = undefined;
  output = undefined;
  if (c) {
    // A server still starting is waited for briefly (stop() needs a running one).
    if (c.state === State.Starting) await Promise.race([c.start().catch(() => {}), new Promise((r) => setTimeout(r, 2000))]);
    if (c.state === State.Running) await c.stop().catch(() => {});
  }
  channel?.dispose();
}
