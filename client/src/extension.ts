// VS Code entry point: starts the libvirt XML language server (dist/server.js) over node IPC
// and wires settings, the catalog status bar item, commands and crash handling to it.
import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { catalogInfoNotification, type CatalogInfo } from '../../server/src/protocol';
import { CatalogStatus } from './catalogStatus';
import { configurationMiddleware, notifyConfigurationChanged } from './configuration';
import { CrashHandler } from './crashHandler';

const showOutputCommand = 'libvirtXml.showOutput';
const restartServerCommand = 'libvirtXml.restartServer';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('libvirt XML', { log: true });
  const showOutput = () => output.show(true);
  const crashes = new CrashHandler(showOutput);
  const status = new CatalogStatus(showOutputCommand);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  // The server itself ignores XML that is not libvirt's (pom.xml and the like).
  // vscode-vfs: GitHub/Remote Repositories, so virtual workspaces get the same features.
  const documentSelector = ['xml', 'libvirt-xml'].flatMap((language) =>
    ['file', 'untitled', 'vscode-vfs'].map((scheme) => ({ language, scheme })),
  );
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    errorHandler: crashes,
    middleware: { workspace: configurationMiddleware() },
  };
  // The id 'libvirtXml' makes the client read its trace level from `libvirtXml.trace.server`.
  const languageClient = new LanguageClient('libvirtXml', 'libvirt XML', serverOptions, clientOptions);
  client = languageClient;

  context.subscriptions.push(
    output,
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

  // Not awaited: activation must not wait for the server's initialize round trip.
  languageClient.start().catch((error) => output.error('Starting the language server failed', error));
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  // A server still starting is waited for briefly (stop() needs a running one).
  if (c.state === State.Starting) await Promise.race([c.start().catch(() => {}), new Promise((r) => setTimeout(r, 2000))]);
  if (c.state === State.Running) await c.stop().catch(() => {});
}
