import { MISSING, type PatternTable } from './patterns.ts';

/** A square contingency table of two coders' ratings: rows first coder, columns second. */
export type Contingency = readonly (readonly number[])[];

/** Contingency table of coders `a` and `b` over the units both rated. */
export function pairContingency(table: PatternTable, a: number, b: number): number[][] {
  const q = table.categories;
  const out = Array.from({ length: q }, () => new Array<number>(q).fill(0));
  table.patterns.forEach((values, i) => {
    const va = values[a] ?? MISSING;
    const vb = values[b] ?? MISSING;
    if (va === MISSING || vb === MISSING) return;
    const row = out[va];
    if (row) row[vb] = (row[vb] ?? 0) + (table.weights[i] ?? 0);
  });
  return out;
}

/** Row and column totals and the grand total of a contingency table. */
export function margins(table: Contingency): { rows: number[]; cols: number[]; n: number; diagonal: number } {
  const q = table.length;
  const rows = new Array<number>(q).fill(0);
  const cols = new Array<number>(q).fill(0);
  let n = 0;
  let diagonal = 0;
  table.forEach((row, i) =>
    row.forEach((x, j) => {
      rows[i] = (rows[i] ?? 0) + x;
      cols[j] = (cols[j] ?? 0) + x;
      n += x;
      if (i === j) diagonal += x;
    }),
  );
  return { rows, cols, n, diagonal };
}

/** All unordered coder pairs `[a, b]` with `a < b`. */
export function coderPairs(coders: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let a = 0; a < coders; a++) for (let b = a + 1; b < coders; b++) pairs.push([a, b]);
  return pairs;
}
