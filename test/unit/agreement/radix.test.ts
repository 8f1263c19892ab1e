/**
 * The engine's radix sort against the built-in numeric sort, over the sizes and key widths the
 * sweeps and alpha_u produce (digit widths are chosen per call, so every branch is exercised).
 */
import { describe, expect, it } from 'vitest';
import { sortInPlace } from '../../../shared/agreement/radix.ts';
import { Rng } from '../../../shared/agreement/rng.ts';

describe('sortInPlace', () => {
  const sizes = [0, 1, 47, 48, 49, 200, 1_500, 20_000];
  const widths = [1, 4, 9, 16, 25, 31, 32];
  for (const n of sizes) {
    it.each(widths)(`sorts ${n} integers of up to %i bits like the built-in sort`, (width) => {
      const rng = new Rng(n * 100 + width);
      const keys = Float64Array.from({ length: n }, () => Math.floor(rng.next() * 2 ** width));
      const expected = Float64Array.from(keys).sort();
      expect(sortInPlace(keys)).toEqual(expected);
    });
  }

  it('falls back to the built-in sort for fractions and negative numbers', () => {
    expect(
      Array.from(sortInPlace(Float64Array.from([3, -1, 2.5, ...Array(60).fill(7)])).slice(0, 3)),
    ).toEqual([-1, 2.5, 3]);
  });
});
