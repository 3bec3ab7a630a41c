// The README documents every diagnostic code exactly as the rules declare it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { withCodesTable } from '../helpers/codesTable';

test('README codes table is up to date (npm run docs)', () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.equal(readme, withCodesTable(readme));
});
