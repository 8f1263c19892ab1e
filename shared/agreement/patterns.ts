/**
 * Reliability data in aggregated form. Every agreement coefficient Concord reports is a sum over
 * units of a function of that unit's ratings, so units with identical rating patterns can be
 * stored once with their total weight (a count of units, or a length in code points when every
 * character is a unit). Pattern tables are additive, which is what makes per-document partial
 * results cheap to combine.
 */

/** Marks a coder who did not rate the unit (did not complete the document). */
export const MISSING = -1;

/**
 * Ratings of one variable by `coders` coders, each value a category index in `0…categories-1` or
 * {@link MISSING}. `weights[i]` is the number of units rated exactly as `patterns[i]`.
 */
export interface PatternTable {
  readonly coders: number;
  readonly categories: number;
  readonly patterns: readonly (readonly number[])[];
  readonly weights: readonly number[];
  /** Numeric pattern keys, when the pattern space is small (lets merging skip re-encoding). */
  readonly keys?: readonly number[] | undefined;
}

/** Largest radix product that still yields exact numeric keys. */
const SAFE_KEYS = Number.MAX_SAFE_INTEGER;
/** Pattern spaces up to this size are accumulated in a flat array instead of a map. */
const DENSE_KEYS = 4096;

/** Accumulates weighted patterns; identical patterns are merged. */
export class PatternTableBuilder {
  readonly coders: number;
  readonly categories: number;
  readonly #numericKeys: boolean;
  /** Small pattern spaces: weight and first-seen pattern per numeric key. */
  readonly #dense: { weights: Float64Array; patterns: (number[] | undefined)[] } | null;
  readonly #index = new Map<number | string, number>();
  readonly #patterns: number[][] = [];
  readonly #weights: number[] = [];

  constructor(coders: number, categories: number) {
    this.coders = coders;
    this.categories = categories;
    const space = Math.pow(categories + 1, coders);
    this.#numericKeys = space <= SAFE_KEYS;
    this.#dense = space <= DENSE_KEYS ? { weights: new Float64Array(space), patterns: [] } : null;
  }

  #key(values: readonly number[]): number | string {
    if (!this.#numericKeys) return values.join(',');
    let key = 0;
    for (const v of values) key = key * (this.categories + 1) + (v + 1);
    return key;
  }

  /** Adds `weight` units rated as `values` (the array is copied). */
  add(values: readonly number[], weight: number): void {
    if (weight === 0) return;
    const key = this.#key(values);
    const dense = this.#dense;
    if (dense && typeof key === 'number') {
      if (dense.patterns[key] === undefined) dense.patterns[key] = values.slice();
      dense.weights[key] = (dense.weights[key] ?? 0) + weight;
      return;
    }
    const at = this.#index.get(key);
    if (at === undefined) {
      this.#index.set(key, this.#patterns.length);
      this.#patterns.push(values.slice());
      this.#weights.push(weight);
    } else {
      this.#weights[at] = (this.#weights[at] ?? 0) + weight;
    }
  }

  /** Adds every pattern of `table`, each weight multiplied by `times`. */
  addTable(table: PatternTable, times = 1): void {
    const dense = this.#dense;
    const keys = table.keys;
    if (dense && keys && table.coders === this.coders && table.categories === this.categories) {
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] ?? 0;
        if (dense.patterns[key] === undefined) dense.patterns[key] = (table.patterns[i] ?? []).slice();
        dense.weights[key] = (dense.weights[key] ?? 0) + (table.weights[i] ?? 0) * times;
      }
      return;
    }
    table.patterns.forEach((values, i) => this.add(values, (table.weights[i] ?? 0) * times));
  }

  /**
   * The accumulated table, patterns sorted by key so that results do not depend on the order in
   * which units (or documents) were added.
   */
  build(): PatternTable {
    const patterns: number[][] = [];
    const weights: number[] = [];
    const dense = this.#dense;
    if (dense) {
      const keys: number[] = [];
      dense.weights.forEach((w, key) => {
        const values = dense.patterns[key];
        if (w !== 0 && values) {
          patterns.push(values);
          weights.push(w);
          keys.push(key);
        }
      });
      return { coders: this.coders, categories: this.categories, patterns, weights, keys };
    }
    const order = [...this.#index.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [, i] of order) {
      const w = this.#weights[i] ?? 0;
      if (w === 0) continue;
      patterns.push(this.#patterns[i] ?? []);
      weights.push(w);
    }
    return { coders: this.coders, categories: this.categories, patterns, weights };
  }
}

/** Sums tables of the same shape. */
export function mergePatternTables(
  coders: number,
  categories: number,
  tables: readonly PatternTable[],
): PatternTable {
  const builder = new PatternTableBuilder(coders, categories);
  for (const t of tables) builder.addTable(t);
  return builder.build();
}

/** Builds a table from one row of values per unit (`null` = missing), weight 1 each. */
export function patternTableFromUnits(
  units: readonly (readonly (number | null)[])[],
  categories: number,
): PatternTable {
  const coders = units[0]?.length ?? 0;
  const builder = new PatternTableBuilder(coders, categories);
  for (const row of units)
    builder.add(
      row.map((v) => v ?? MISSING),
      1,
    );
  return builder.build();
}

/** Builds a two-coder table from a contingency table (rows: first coder, columns: second). */
export function patternTableFromContingency(table: readonly (readonly number[])[]): PatternTable {
  const builder = new PatternTableBuilder(2, table.length);
  table.forEach((row, i) => row.forEach((n, j) => builder.add([i, j], n)));
  return builder.build();
}

/**
 * Builds a table from per-unit category counts (Fleiss' layout). Coder identities are not part of
 * such data; raters are assigned in category order, which is harmless for the measures defined on
 * counts (Fleiss, Randolph, Krippendorff, percent agreement) and meaningless for pairwise ones.
 */
export function patternTableFromCounts(counts: readonly (readonly number[])[]): PatternTable {
  const coders = Math.max(0, ...counts.map((row) => row.reduce((a, b) => a + b, 0)));
  const categories = counts[0]?.length ?? 0;
  const builder = new PatternTableBuilder(coders, categories);
  for (const row of counts) {
    const values: number[] = [];
    row.forEach((n, c) => {
      for (let k = 0; k < n; k++) values.push(c);
    });
    while (values.length < coders) values.push(MISSING);
    builder.add(values, 1);
  }
  return builder.build();
}

/** Total weight of the units rated by at least `minCoders` coders. */
export function unitsRatedBy(table: PatternTable, minCoders: number): number {
  let n = 0;
  table.patterns.forEach((values, i) => {
    if (values.filter((v) => v !== MISSING).length >= minCoders) n += table.weights[i] ?? 0;
  });
  return n;
}

/** A pattern table with the same patterns and new weights (used by the bootstrap). */
export function reweighted(table: PatternTable, weights: readonly number[]): PatternTable {
  return {
    coders: table.coders,
    categories: table.categories,
    patterns: table.patterns,
    weights,
    keys: table.keys,
  };
}
