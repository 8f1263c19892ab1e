import { describe, expect, it } from 'vitest';
import {
  cellAfterKey,
  cooccurrenceLabel,
  cooccurrenceLegend,
  cooccurrenceScales,
  heatShade,
  matrixCellLabel,
  matrixCellText,
  maxCount,
} from '../../../client/src/model/heatmap.ts';

/** WCAG relative luminance of an sRGB colour given as 0–255 channels. */
function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

function hslToRgb(css: string): number[] {
  const [h, s, l] = /hsl\((\d+), (\d+)%, (\d+)%\)/.exec(css)!.slice(1).map(Number) as [
    number,
    number,
    number,
  ];
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return 255 * (l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return [f(0), f(8), f(4)];
}

function contrast(a: number[], b: number[]): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

describe('heatShade', () => {
  it('deepens with the count and is lightest for none', () => {
    const l = (n: number) => Number(/(\d+)%\)$/.exec(heatShade(n, 10).background)![1]);
    expect(l(0)).toBeGreaterThan(l(5));
    expect(l(5)).toBeGreaterThan(l(10));
    expect(heatShade(0, 0)).toEqual(heatShade(0, 10));
  });

  it('keeps the printed number at 4.5:1 contrast or better at every count, on both scales', () => {
    for (const tone of ['blue', 'grey'] as const)
      for (let n = 0; n <= 100; n++) {
        const shade = heatShade(n, 100, tone);
        const text = shade.color === '#000000' ? [0, 0, 0] : [255, 255, 255];
        expect(contrast(hslToRgb(shade.background), text), `${tone} ${n}`).toBeGreaterThanOrEqual(4.5);
      }
  });
});

describe('co-occurrence scales', () => {
  it('shades the diagonal on its own scale, in its own colour, and says so in the legend', () => {
    const counts = [
      [3, 1],
      [1, 5],
    ];
    const scales = cooccurrenceScales(counts);
    expect(scales).toEqual({ pairs: 1, codings: 5 });
    // A pair's 1 is the darkest blue; a code's 3 codings a mid grey: not the same colour.
    expect(heatShade(1, scales.pairs).background).toBe('hsl(210, 80%, 32%)');
    expect(heatShade(3, scales.codings, 'grey').background).toBe('hsl(0, 0%, 58%)');
    expect(cooccurrenceLegend(scales).map((e) => e.text)).toEqual([
      'Diagonal (grey): codings of the code, darkest at 5',
      'Other cells (blue): overlapping pairs, darkest at 1',
    ]);
    expect(cooccurrenceLegend({ pairs: 0, codings: 2 })[1]!.text).toBe(
      'Other cells (blue): overlapping pairs, none yet',
    );
  });
});

describe('cell wording', () => {
  it('names both codes and the count for screen readers', () => {
    expect(cooccurrenceLabel('Code A', 'Code B', 3, false)).toBe('Code A and Code B: 3 overlapping pairs');
    expect(cooccurrenceLabel('Code A', 'Code B', 1, false)).toBe('Code A and Code B: 1 overlapping pair');
    expect(cooccurrenceLabel('Code A', 'Code A', 4, true)).toBe('Code A: 4 codings');
  });

  it('prints matrix cells as codings in documents', () => {
    expect(matrixCellText({ codings: 5, documents: 2 })).toBe('5 in 2');
    expect(matrixCellText({ codings: 0, documents: 0 })).toBe('0');
    expect(matrixCellLabel('Beds', 'Site B', { codings: 1, documents: 1 })).toBe(
      'Beds in Site B: 1 in 1 (1 coding in 1 document)',
    );
  });

  it('finds the largest count', () => {
    expect(maxCount([[1, 7], [3]])).toBe(7);
    expect(maxCount([])).toBe(0);
  });
});

describe('cellAfterKey', () => {
  it('moves one cell with the arrows and stops at the edges', () => {
    expect(cellAfterKey({ row: 1, col: 1 }, 'ArrowUp', 3, 4)).toEqual({ row: 0, col: 1 });
    expect(cellAfterKey({ row: 1, col: 1 }, 'ArrowRight', 3, 4)).toEqual({ row: 1, col: 2 });
    expect(cellAfterKey({ row: 0, col: 0 }, 'ArrowUp', 3, 4)).toEqual({ row: 0, col: 0 });
    expect(cellAfterKey({ row: 2, col: 3 }, 'ArrowDown', 3, 4)).toEqual({ row: 2, col: 3 });
    expect(cellAfterKey({ row: 2, col: 3 }, 'ArrowRight', 3, 4)).toEqual({ row: 2, col: 3 });
  });

  it('jumps to the row’s ends with Home and End, the table’s with Ctrl', () => {
    expect(cellAfterKey({ row: 1, col: 2 }, 'Home', 3, 4)).toEqual({ row: 1, col: 0 });
    expect(cellAfterKey({ row: 1, col: 2 }, 'End', 3, 4)).toEqual({ row: 1, col: 3 });
    expect(cellAfterKey({ row: 1, col: 2 }, 'Home', 3, 4, true)).toEqual({ row: 0, col: 0 });
    expect(cellAfterKey({ row: 1, col: 2 }, 'End', 3, 4, true)).toEqual({ row: 2, col: 3 });
  });

  it('ignores other keys and empty tables', () => {
    expect(cellAfterKey({ row: 0, col: 0 }, 'Enter', 3, 4)).toBeNull();
    expect(cellAfterKey({ row: 0, col: 0 }, 'ArrowDown', 0, 0)).toBeNull();
  });
});
