// `npm run docs`: regenerates the README's diagnostic codes table.

import { readFileSync, writeFileSync } from 'node:fs';
import { withCodesTable } from '../helpers/codesTable';

const readme = readFileSync('README.md', 'utf8');
const updated = withCodesTable(readme);
if (updated !== readme) writeFileSync('README.md', updated);
console.log(updated === readme ? 'README.md codes table is up to date' : 'README.md codes table updated');
