import { describe, expect, it } from 'vitest';
import {
  deltaE2000,
  distinctCodeColors,
  hexToLab,
  MIN_SIBLING_DELTA_E,
  withDistinctColors,
} from '../../../client/src/model/colors.ts';
import { DEMO_CODEBOOK, readExcerpts } from '../../../server/demo/demoData.ts';

/** The demo codebook's shape (themes → codes), as the published table (`server/demo/table2.json`) gives it. */
const TABLE2 = readExcerpts();

const lab = (hex: string) => hexToLab(hex)!;

/** The smallest CIEDE2000 difference between codes under the same theme. */
function closestSiblings(
  codes: { id: string; parentId: string | null }[],
  colors: Map<string, string>,
): number {
  let min = Infinity;
  for (const a of codes)
    for (const b of codes)
      if (a.id < b.id && a.parentId === b.parentId && a.parentId !== null)
        min = Math.min(min, deltaE2000(lab(colors.get(a.id)!), lab(colors.get(b.id)!)));
  return min;
}

describe('CIEDE2000', () => {
  // Sharma, Wu & Dalal (2005), Color Res. Appl. 30:21, Table 1: pairs 1, 7, 17 and 25.
  it('matches the published test data', () => {
    const cases: [[number, number, number], [number, number, number], number][] = [
      [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
      [[50, 0, 0], [50, -1, 2], 2.3669],
      [[50, 2.5, 0], [73, 25, -18], 27.1492],
      [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
    ];
    for (const [[L1, a1, b1], [L2, a2, b2], expected] of cases) {
      expect(deltaE2000({ L: L1, a: a1, b: b1 }, { L: L2, a: a2, b: b2 })).toBeCloseTo(expected, 4);
      expect(deltaE2000({ L: L2, a: a2, b: b2 }, { L: L1, a: a1, b: b1 })).toBeCloseTo(expected, 4);
    }
  });

  it('reads #rrggbb as L*a*b* (white, black, sRGB red)', () => {
    expect(lab('#ffffff').L).toBeCloseTo(100, 1);
    expect(lab('#000000').L).toBeCloseTo(0, 5);
    const red = lab('#ff0000');
    expect([red.L, red.a, red.b].map((v) => Math.round(v))).toEqual([53, 80, 67]);
    expect(hexToLab('orange')).toBeNull();
  });
});

describe('codes under one theme are told apart', () => {
  const themes = [...new Set(TABLE2.map((r) => r.theme))];
  const demo = new Map(DEMO_CODEBOOK.map((t) => [t.name, t]));
  /** The table's codebook, coloured as the demo colours it, or with every code in its theme's colour. */
  const codebook = (colour: 'demo' | 'theme') =>
    themes.flatMap((theme) => {
      const own = demo.get(theme)!;
      const codes = [...new Set(TABLE2.filter((r) => r.theme === theme).map((r) => r.code))];
      return [
        { id: theme, parentId: null, color: own.color },
        ...codes.map((code) => ({
          id: code,
          parentId: theme,
          color: colour === 'theme' ? own.color : own.codes.find((c) => c.name === code)!.color,
        })),
      ];
    });

  it('the demo colours alone are too alike (shades of one hue)', () => {
    const codes = codebook('demo');
    expect(closestSiblings(codes, new Map(codes.map((c) => [c.id, c.color])))).toBeLessThan(
      MIN_SIBLING_DELTA_E,
    );
  });

  it(`shows the demo codebook with siblings at least ΔE ${MIN_SIBLING_DELTA_E} apart`, () => {
    for (const variant of ['demo', 'theme'] as const) {
      const codes = codebook(variant);
      const shown = distinctCodeColors(codes);
      expect(closestSiblings(codes, shown), variant).toBeGreaterThanOrEqual(MIN_SIBLING_DELTA_E);
      for (const color of shown.values()) expect(color).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it('keeps colours that are already distinct, and themes as they are', () => {
    const codes = [
      { id: 't', parentId: null, color: '#1f5f99' },
      { id: 'a', parentId: 't', color: '#d62728' },
      { id: 'b', parentId: 't', color: '#2ca02c' },
      { id: 'c', parentId: 't', color: '#1f77b4' },
    ];
    expect(distinctCodeColors(codes)).toEqual(new Map(codes.map((c) => [c.id, c.color])));
    expect(withDistinctColors(codes)[1]).toBe(codes[1]);
  });

  it('keeps the first sibling’s own colour and stays in the theme’s family', () => {
    const codes = [
      { id: 't', parentId: null, color: '#8a3b12' },
      { id: 'a', parentId: 't', color: '#c2571a' },
      { id: 'b', parentId: 't', color: '#c2571a' },
      { id: 'c', parentId: 't', color: '#c45a1c' },
    ];
    const shown = distinctCodeColors(codes);
    expect(shown.get('a')).toBe('#c2571a');
    expect(shown.get('b')).not.toBe('#c2571a');
    // Orange family: hues within 72° of the theme's (about 20°), i.e. red to yellow, never blue.
    for (const id of ['b', 'c']) {
      const { a, b } = lab(shown.get(id)!);
      expect(Math.atan2(b, a)).toBeGreaterThan(-Math.PI / 4);
    }
    expect(distinctCodeColors(codes)).toEqual(shown);
  });
});
