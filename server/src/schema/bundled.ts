// The grammar shipped with the extension (data/grammar.json, libvirt 11.3),
// bundled into the server and CLI by esbuild; built on first use.

import grammarJson from '../../../data/grammar.json';
import type { GrammarData } from './format';
import { Grammar } from './grammar';

let bundled: Grammar | undefined;

export function bundledGrammar(): Grammar {
  bundled ??= new Grammar(grammarJson as unknown as GrammarData);
  return bundled;
}
