// The in-editor half of the VS Code integration test: runs inside the Extension Development
// Host (loaded by runVscode.ts) and checks the extension through the VS Code API only.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { offsetAfter } from './fixtures';

const extensionId = 'libvirt-xml.libvirt-xml';
const source = 'libvirt-xml';
const timeoutMs = 30_000;

/** Entry point called by VS Code's test runner; throws when any check fails. */
export async function run(): Promise<void> {
  const checks: Array<[string, () => Promise<void>]> = [
    ['activates on an XML document', checkActivation],
    ['registers the host CPU commands', checkHostCommands],
    ['reports an unknown CPU model and an unknown feature', checkDiagnostics],
    ['completes CPU models inside <model>', checkCompletion],
    ['hovers a feature with its CPUID bit', checkHover],
    ['leaves pom.xml alone', checkForeignXml],
  ];
  const failures: string[] = [];
  for (const [name, check] of checks) {
    try {
      await check();
      console.log(`  ok   ${name}`);
    } catch (error) {
      failures.push(name);
      console.error(`  FAIL ${name}\n${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`${failures.length} of ${checks.length} checks failed: ${failures.join('; ')}`);
}

async function checkActivation(): Promise<void> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `extension ${extensionId} is not installed in the development host`);
  await open('domain.xml');
  await extension.activate();
  assert.ok(extension.isActive);
}

async function checkHostCommands(): Promise<void> {
  // The client's palette commands, and the server's executeCommand ids the language client registers.
  const wanted = ['libvirtXml.hosts.computeBaseline', 'libvirtXml.hosts.check', 'libvirtXml.hosts.reload', 'libvirtXml.computeBaseline', 'libvirtXml.checkHosts'];
  await waitFor('the host CPU commands', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    return wanted.every((c) => commands.has(c)) || undefined;
  });
}

async function checkDiagnostics(): Promise<void> {
  const uri = fixtureUri('domain.xml');
  await open('domain.xml');
  const codes = await waitFor('cpu-model-unknown and cpu-feature-unknown on domain.xml', () => {
    const found = ours(uri).map(codeOf);
    return found.includes('cpu-model-unknown') && found.includes('cpu-feature-unknown') ? found : undefined;
  });
  assert.ok(codes.length >= 2);
}

async function checkCompletion(): Promise<void> {
  const document = await open('completion.xml');
  const position = document.positionAt(offsetAfter('completion.xml', "<model fallback='allow'>"));
  await waitFor('Skylake-Client among the completions inside <model>', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    return labels.includes('Skylake-Client') || undefined;
  });
}

async function checkHover(): Promise<void> {
  const document = await open('domain.xml');
  const position = document.positionAt(offsetAfter('domain.xml', "name='avx5"));
  await waitFor('"EBX bit 16" in the hover on avx512f', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');
    return text.includes('EBX bit 16') || undefined;
  });
}

async function checkForeignXml(): Promise<void> {
  const pom = await open('pom.xml');
  assert.equal(pom.languageId, 'xml');
  // Documents are processed in order: once barrier.xml (opened after pom.xml) has its
  // diagnostics, any the server would have published for pom.xml have arrived too.
  await open('barrier.xml');
  await waitFor('diagnostics on barrier.xml', () => ours(fixtureUri('barrier.xml')).length > 0 || undefined);
  assert.deepEqual(ours(pom.uri).map(codeOf), [], 'pom.xml got libvirt-xml diagnostics');
}

function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Diagnostics on `uri` published by our server. */
function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === source);
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

/** Polls `probe` until it returns a value other than undefined; fails after `timeoutMs`. */
async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
