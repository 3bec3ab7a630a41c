// Validates very large documents off the server's main thread, so hover and
// completion elsewhere stay answered while a multi-megabyte file is parsed.
// Runs the same engine on its own copy of the catalog; wiring only.

import { parentPort } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { LanguageService } from './languageService';
import { chooseCatalog } from './io/catalogLoader';
import { chooseGrammar } from './io/grammarLoader';
import type { Settings } from './protocol';

export interface ValidationRequest {
  id: number;
  uri: string;
  version: number;
  text: string;
  settings: Settings;
  /** Where the main thread keeps compiled host grammars (so the worker need not compile again). */
  grammarCacheDir?: string;
}

export type ValidationReply = { id: number; diagnostics: Diagnostic[] } | { id: number; error: string };

let service: LanguageService | undefined;
let catalogKey = '';

function serviceFor(settings: Settings, grammarCacheDir: string | undefined): LanguageService {
  const key = JSON.stringify([settings.catalog, settings.schema]);
  if (!service || key !== catalogKey) {
    catalogKey = key;
    const { catalog } = chooseCatalog({ useHost: settings.catalog.useHostCpuMap, cpuMapPath: settings.catalog.cpuMapPath });
    service = new LanguageService(catalog, settings);
    service.grammar = chooseGrammar({ useHost: settings.schema.useHostSchemas, schemasPath: settings.schema.schemasPath, cacheDir: grammarCacheDir }).grammar;
  }
  service.settings = settings;
  return service;
}

parentPort?.on('message', (req: ValidationRequest) => {
  let reply: ValidationReply;
  try {
    const svc = serviceFor(req.settings, req.grammarCacheDir);
    const doc = svc.parse(TextDocument.create(req.uri, 'xml', req.version, req.text));
    reply = { id: req.id, diagnostics: svc.doValidation(doc) };
  } catch (e) {
    reply = { id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(reply);
});
