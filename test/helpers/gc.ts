// V8's gc() however node was started (npm test and npm run bench pass no --expose-gc):
// for tests and benchmarks that need a collection at a known moment.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export type Gc = (options?: { type: 'minor' | 'major' }) => void;

/** The gc() function; a full collection unless `{ type: 'minor' }`. */
export function exposedGc(): Gc {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Gc;
}
