import { describe, expect, it } from 'vitest';
import { alternate, pairedRatio, repeat, rotate, spreadOf } from '../../bench/samples.ts';
import { compared, printTable } from '../../bench/table.ts';

describe('benchmark samples', () => {
  it('summarise as median with range', () => {
    expect(spreadOf([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, n: 3 });
    expect(spreadOf([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, n: 4 });
    expect(() => spreadOf([])).toThrow(RangeError);
  });

  it('take a ratio as the median of ratios of runs made together, not the ratio of medians', () => {
    // Round 2 ran on a busy moment that slowed both sides alike: the pairs keep it out.
    const a = [10, 12, 30, 11, 10];
    const b = [20, 24, 60, 11, 20];
    expect(pairedRatio(a, b)).toEqual({ median: 0.5, min: 0.5, max: 1, n: 5 });
    expect(() => pairedRatio([1], [1, 2])).toThrow(/unpaired/);
  });

  it('alternate the order between rounds after a warm-up that is dropped', async () => {
    const order: string[] = [];
    let count = 0;
    const side = (name: string) => async () => {
      order.push(name);
      return `${name}${count++}`;
    };
    const { a, b } = await alternate(side('a'), side('b'), { rounds: 4, warmups: 1 });
    expect(order).toEqual(['b', 'a', 'a', 'b', 'b', 'a', 'a', 'b', 'b', 'a']);
    expect(a).toEqual(['a2', 'a5', 'a6', 'a9']);
    expect(b).toEqual(['b3', 'b4', 'b7', 'b8']);
  });

  it('rotate the order of several sides, each round pairing every side once', async () => {
    const order: number[] = [];
    const sides = [0, 1, 2].map((s) => async () => (order.push(s), s));
    const results = await rotate(sides, { rounds: 3, warmups: 0 });
    expect(order).toEqual([0, 1, 2, 1, 2, 0, 2, 0, 1]);
    expect(results).toEqual([
      [0, 0, 0],
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(await repeat(() => 7, { rounds: 5 })).toEqual([7, 7, 7, 7, 7]);
  });

  it('print the median, the range and the paired ratio', () => {
    let printed = '';
    const out = { write: (s: string) => ((printed += s), true) } as unknown as NodeJS.WritableStream;
    printTable(
      'T',
      [{ name: 'throughput', unit: 'upd/s', ...compared([110, 90, 100], [100, 100, 100]) }],
      out,
    );
    expect(printed).toContain('100 upd/s (90.0–110, n=3)');
    expect(printed).toContain('1.00× (0.90–1.10, n=3)');
  });

  it('print a column for each other server a row names, empty where a row has none', () => {
    let printed = '';
    const out = { write: (s: string) => ((printed += s), true) } as unknown as NodeJS.WritableStream;
    printTable(
      'T',
      [
        { name: 'lost', unit: 'updates', value: 0, reference: 1000, peers: { Hocuspocus: 1000 } },
        { name: 'throughput', unit: 'upd/s', value: 5, reference: 4 },
      ],
      out,
    );
    const lines = printed.split('\n');
    const header = lines.find((l) => l.startsWith('measure'))!;
    expect(header.split(/\s{2,}/)).toEqual([
      'measure',
      'concord',
      'reference',
      'Hocuspocus',
      'ratio',
      'target',
      'met',
    ]);
    const column = header.indexOf('Hocuspocus');
    expect(lines.find((l) => l.startsWith('lost'))!.slice(column)).toMatch(/^1000 updates/);
    expect(
      lines
        .find((l) => l.startsWith('throughput'))!
        .slice(column)
        .trimStart(),
    ).toMatch(/^1\.25×/);
  });
});
