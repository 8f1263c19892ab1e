import { describe, expect, it } from 'vitest';
import { codebookCounts } from '../../../client/src/model/codebookCounts.ts';
import {
  deltaE2000,
  hexToLab,
  MIN_SIBLING_DELTA_E,
  newCodeColor,
  NEW_CODE_COLORS,
} from '../../../client/src/model/colors.ts';

const entry = (id: string, parentId: string | null, color = '#1f77b4') => ({ id, parentId, color });

describe('codebookCounts', () => {
  it('counts top-level entries as themes and the rest as codes, singular for one', () => {
    expect(codebookCounts([])).toBe('0 themes, 0 codes');
    expect(codebookCounts([entry('t', null)])).toBe('1 theme, 0 codes');
    expect(codebookCounts([entry('t', null), entry('c', 't')])).toBe('1 theme, 1 code');
    const book = [
      ...['a', 'b', 'c'].map((t) => entry(t, null)),
      ...['1', '2', '3', '4', '5', '6'].map((c, i) => entry(c, ['a', 'b', 'c'][i % 3]!)),
    ];
    expect(codebookCounts(book)).toBe('3 themes, 6 codes');
    // A code under a code is still a code; one whose theme is gone shows (and counts) as a theme.
    expect(codebookCounts([entry('t', null), entry('c', 't'), entry('d', 'c'), entry('o', 'gone')])).toBe(
      '2 themes, 2 codes',
    );
  });
});

describe('newCodeColor', () => {
  it('gives each new code under a theme a colour apart from its siblings, whatever the codebook size', () => {
    // Eight codes elsewhere used to make the ninth entry start the palette again: three blues.
    const codes = [entry('t1', null), ...Array.from({ length: 7 }, (_, i) => entry(`x${i}`, 't1'))];
    codes.push(entry('t2', null, newCodeColor(codes, null)));
    for (let i = 0; i < 6; i += 1) codes.push(entry(`n${i}`, 't2', newCodeColor(codes, 't2')));
    const siblings = codes.filter((c) => c.parentId === 't2').map((c) => hexToLab(c.color)!);
    for (const [i, a] of siblings.entries())
      for (const b of siblings.slice(i + 1))
        expect(deltaE2000(a, b)).toBeGreaterThanOrEqual(MIN_SIBLING_DELTA_E);
  });

  it('takes the first palette colour when a theme has no codes, and the furthest one when crowded', () => {
    expect(newCodeColor([entry('t', null)], 't')).toBe(NEW_CODE_COLORS[0]);
    const crowded = [entry('t', null), ...NEW_CODE_COLORS.map((color, i) => entry(`c${i}`, 't', color))];
    // Every palette colour is taken: the next comes from the hue wheel, apart from all of them.
    const next = newCodeColor(crowded, 't');
    expect(NEW_CODE_COLORS).not.toContain(next);
    const nearest = Math.min(...NEW_CODE_COLORS.map((c) => deltaE2000(hexToLab(c)!, hexToLab(next)!)));
    expect(nearest).toBeGreaterThan(10);
  });
});
