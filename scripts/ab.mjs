// Interleaved A/B timing of two shell commands: A, B, A, B… N times each, so a
// machine whose speed drifts (this project's VMs do, by up to 30% within an
// hour) slows both alike; prints the median of each and their ratio.
// Usage: node scripts/ab.mjs N 'command A' 'command B'
// Output of the commands is discarded; a failing command is reported, not fatal
// (the linter exits 1 when it finds errors).

import { spawnSync } from 'node:child_process';

const [n, a, b] = [Number(process.argv[2]), process.argv[3], process.argv[4]];
if (!Number.isInteger(n) || n < 1 || !a || !b) {
  console.error("usage: node scripts/ab.mjs N 'command A' 'command B'");
  process.exit(2);
}

const statuses = new Set();
function time(command) {
  const t0 = performance.now();
  const r = spawnSync(command, { shell: true, stdio: 'ignore' });
  statuses.add(`${r.status}`);
  return performance.now() - t0;
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const ta = [];
const tb = [];
for (let i = 0; i < n; i++) {
  ta.push(time(a));
  tb.push(time(b));
}
const [ma, mb] = [median(ta), median(tb)];
console.log(`A median ${ma.toFixed(1)} ms | B median ${mb.toFixed(1)} ms | B/A ${(mb / ma).toFixed(3)} (${n} pairs; exit statuses seen: ${[...statuses].join(', ')})`);
