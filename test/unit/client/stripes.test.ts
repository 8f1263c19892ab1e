import { describe, expect, it } from 'vitest';
import { layoutStripes, segmentsByLine, type StripeItem } from '../../../client/src/model/stripes.ts';

const item = (id: string, group: string, startLine: number, endLine: number): StripeItem => ({
  id,
  group,
  startLine,
  endLine,
});

describe('coding stripes', () => {
  it('uses as many lanes as codings overlap on one line, per coder, and keeps a coding in one lane', () => {
    const layout = layoutStripes(
      [item('a', 'ann', 1, 5), item('b', 'ann', 3, 4), item('c', 'ann', 6, 8), item('d', 'bob', 2, 2)],
      ['ann', 'bob'],
    );
    const lanes = Object.fromEntries(layout.stripes.map((s) => [s.id, s.lane]));
    // a and b overlap: two lanes for ann; c reuses a's lane after it ends; bob's block follows.
    expect(lanes).toEqual({ a: 0, b: 1, c: 0, d: 2 });
    expect(layout.laneCount).toBe(3);
    expect(layout.groupOffsets).toEqual(
      new Map([
        ['ann', 0],
        ['bob', 2],
      ]),
    );
  });

  it('never puts two overlapping codings in the same lane', () => {
    // A deterministic pseudo-random mix of spans.
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const items = Array.from({ length: 200 }, (_, i) => {
      const start = (next() % 100) + 1;
      return item(`i${i}`, i % 3 === 0 ? 'x' : 'y', start, start + (next() % 10));
    });
    const layout = layoutStripes(items, ['x', 'y'], 100);
    const placed = layout.stripes;
    for (const p of placed) {
      for (const q of placed) {
        if (p.id < q.id && p.lane === q.lane) {
          expect(p.endLine < q.startLine || q.endLine < p.startLine).toBe(true);
        }
      }
    }
    // Optimal: the lanes of a group equal its deepest overlap.
    for (const group of ['x', 'y']) {
      const own = items.filter((i) => i.group === group);
      let deepest = 0;
      for (let line = 1; line <= 110; line++) {
        deepest = Math.max(deepest, own.filter((i) => i.startLine <= line && line <= i.endLine).length);
      }
      const lanes = new Set(placed.filter((p) => p.group === group).map((p) => p.lane));
      expect(lanes.size).toBe(deepest);
    }
  });

  it('counts codings beyond the lane cap as overflow on their lines', () => {
    const layout = layoutStripes(
      [item('a', 'g', 1, 2), item('b', 'g', 1, 1), item('c', 'g', 2, 3)],
      ['g'],
      1,
    );
    expect(layout.stripes.find((s) => s.id === 'a')!.lane).toBe(0);
    expect(layout.overflow).toEqual(
      new Map([
        [1, 1],
        [2, 1],
        [3, 1],
      ]),
    );
    const lines = segmentsByLine(layout);
    expect(lines.get(1)).toEqual([{ id: 'a', lane: 0, first: true, last: false }]);
    expect(lines.get(2)).toEqual([{ id: 'a', lane: 0, first: false, last: true }]);
    expect(lines.has(3)).toBe(false);
  });

  it('ignores codings of layers not shown', () => {
    expect(layoutStripes([item('a', 'hidden', 1, 1)], ['shown']).stripes).toEqual([]);
  });
});
