import { describe, expect, it } from 'vitest';
import { splitDocuments } from '../../../shared/rounds/split.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `doc${String(i).padStart(2, '0')}`);

describe('splitDocuments', () => {
  it('gives every document to exactly one coder, the loads differing by at most one', () => {
    for (const [n, coders] of [
      [10, ['a', 'b', 'c']],
      [7, ['a', 'b']],
      [2, ['a', 'b', 'c']],
    ] as const) {
      const split = splitDocuments(ids(n), coders, 5);
      expect(split.map((a) => a.documentId)).toEqual(ids(n));
      const load = new Map<string, number>(coders.map((c) => [c, 0]));
      for (const a of split) {
        expect(a.coders).toHaveLength(1);
        load.set(a.coders[0]!, load.get(a.coders[0]!)! + 1);
      }
      const counts = [...load.values()];
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      // The extra documents go to the first coders in the order given.
      expect(counts).toEqual(
        coders.map((_, i) => Math.floor(n / coders.length) + (i < n % coders.length ? 1 : 0)),
      );
    }
  });

  it('is reproducible: same seed, same split; another seed, another split', () => {
    const a = splitDocuments(ids(20), ['a', 'b'], 11);
    expect(splitDocuments([...ids(20)].reverse(), ['a', 'b'], 11)).toEqual(a);
    expect(splitDocuments(ids(20), ['a', 'b'], 12)).not.toEqual(a);
  });

  it('ignores repeated coders and refuses documents without coders', () => {
    const split = splitDocuments(ids(4), ['a', 'a', 'b'], 1);
    expect(split.filter((s) => s.coders[0] === 'a')).toHaveLength(2);
    expect(() => splitDocuments(ids(1), [], 1)).toThrow(RangeError);
    expect(splitDocuments([], [], 1)).toEqual([]);
  });
});
