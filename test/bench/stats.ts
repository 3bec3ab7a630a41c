// What the bench modules (benchGrammar.ts, benchSchemas.ts) report to bench.ts, and their percentiles.

export interface Result {
  name: string;
  ms?: number;
  p50?: number;
  p99?: number;
  figure?: string;
}

export function percentiles(samples: number[]): { p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: s[Math.floor(0.5 * s.length)], p99: s[Math.min(s.length - 1, Math.floor(0.99 * s.length))] };
}
