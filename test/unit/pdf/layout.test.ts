/**
 * The text of a PDF page from its PDF.js text items, by the rules in shared/pdf/layout.ts
 * (docs/sources.md, "PDF documents"). Items are written as PDF.js 5 reports them: a baseline
 * origin in `transform[4..5]` (PDF points, y up), `height` the text size, `hasEOL` after a line.
 * Expected texts and offsets are worked out by hand; positions are code points.
 */
import { describe, expect, it } from 'vitest';
import {
  itemSpan,
  joinPages,
  layoutPage,
  type ItemPlacement,
  type PdfTextItem,
} from '../../../shared/pdf/layout.ts';

function item(
  str: string,
  y: number,
  options: { x?: number; size?: number; hasEOL?: boolean; dir?: string } = {},
): PdfTextItem {
  const { x = 72, size = 12, hasEOL = true, dir = 'ltr' } = options;
  return {
    str,
    dir,
    transform: [size, 0, 0, size, x, y],
    width: str.length * size * 0.5,
    height: size,
    hasEOL,
  };
}

/** Each kept character of each item, read back from the text through its offsets. */
function readBack(items: PdfTextItem[], text: string): string[][] {
  const points = [...text];
  const { items: placed } = layoutPage(items);
  return items.map((it, i) => {
    const { offsets } = placed[i]!;
    const chars: string[] = [];
    for (let k = 0; k < it.str.length;) {
      const width = String.fromCodePoint(it.str.codePointAt(k)!).length;
      chars.push(points.slice(offsets[k], offsets[k + width]).join(''));
      k += width;
    }
    return chars;
  });
}

describe('layoutPage', () => {
  it('expands ligature characters, and leaves text PDF.js already normalised as it is', () => {
    const raw = [
      item('The \ufb01rst \ufb02oor: e\ufb00ort, o\ufb03ce, ba\ufb04e, \ufb05, \ufb06', 700, {
        hasEOL: false,
      }),
    ];
    const layout = layoutPage(raw);
    expect(layout.text).toBe('The first floor: effort, office, baffle, ſt, st');
    // "The " 0–3, ﬁ → "fi" at 4–5, so "rst" starts at 6; ﬂ at 10 → 10–11, "oor" from 12.
    expect(layout.items[0]!.offsets.slice(0, 14)).toEqual([0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 13, 14, 15]);
    expect(layout.items[0]!.end).toBe(47);
    expect(readBack(raw, layout.text)[0]!.slice(4, 5)).toEqual(['fi']);

    const normalised = [item('The first floor: effort, office, baffle, ſt, st', 700, { hasEOL: false })];
    expect(layoutPage(normalised).text).toBe(layout.text);
  });

  it('joins a word hyphenated at a line end, keeps hyphens inside a line and dashes at its end', () => {
    const items = [
      item('an exam-', 700),
      item('ple of a well-known ward -', 686),
      item('then a mis- ', 672),
      item('take, a soft\u00adhy\u00ad', 658),
      item('phen and Exam-', 644),
      item('Ple.', 630, { hasEOL: false }),
    ];
    const layout = layoutPage(items);
    expect(layout.text).toBe('an example of a well-known ward - then a mistake, a softhyphen and Exam- Ple.');
    // The dropped hyphen of "exam-" sits where "ple" starts: no space was inserted.
    expect(layout.items[0]).toEqual({ start: 0, end: 7, offsets: [0, 1, 2, 3, 4, 5, 6, 7, 7] });
    expect(layout.items[1]!.start).toBe(7);
    // "then a mis- ": hyphen and the space after it dropped, so the item ends at "mis".
    expect(layout.items[2]!.start).toBe(34);
    expect(layout.items[2]!.offsets).toEqual([34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 44, 44]);
    expect(readBack(items, layout.text)[3]).toEqual([...'take, a soft', '', 'h', 'y', '']);
  });

  it('starts a paragraph at a wider gap, a change of text size, a bullet or a move up the page', () => {
    const items = [
      item('Heading', 740, { size: 18 }),
      item('first line', 710),
      item('second line', 696),
      item('after a gap', 660),
      item('next line', 646),
      item('next column', 740, { x: 320 }),
      item('• a bullet', 726, { x: 320 }),
      item('that goes on', 712, { x: 330 }),
      item('• another', 698, { x: 320, hasEOL: false }),
    ];
    expect(layoutPage(items).text).toBe(
      'Heading\nfirst line second line\nafter a gap next line\nnext column\n• a bullet that goes on\n• another',
    );
  });

  it('ends a line where the baseline moves even without hasEOL, and skips empty items and marked content', () => {
    const items: unknown[] = [
      { type: 'beginMarkedContentProps', tag: 'P', id: 'p1' },
      item('  one  ', 700, { hasEOL: false }),
      item('', 650, { hasEOL: true }),
      item('two', 686, { hasEOL: false }),
      item(' three', 686, { x: 100, hasEOL: false }),
      { type: 'endMarkedContent' },
    ];
    const layout = layoutPage(items);
    expect(layout.text).toBe('one two three');
    expect(layout.items[0]).toBeNull();
    expect(layout.items[5]).toBeNull();
    // Spaces at the ends of "  one  " are dropped: each sits where the next kept character does.
    expect(layout.items[1]).toEqual({ start: 0, end: 3, offsets: [0, 0, 0, 1, 2, 3, 3, 3] });
    // The empty item only ends a line; its position is where the item before it ends.
    expect(layout.items[2]).toEqual({ start: 3, end: 3, offsets: [3] });
    // The space between "one" and "two" is inserted between lines and belongs to no item.
    expect(layout.items[3]).toEqual({ start: 4, end: 7, offsets: [4, 5, 6, 7] });
    expect(layout.items[4]).toEqual({ start: 7, end: 13, offsets: [7, 8, 9, 10, 11, 12, 13] });
  });

  it('counts characters outside the Basic Multilingual Plane as one position each', () => {
    const items = [item('𠮷 and 😀.', 700, { hasEOL: false })];
    const layout = layoutPage(items);
    expect(layout.text).toBe('𠮷 and 😀.');
    // UTF-16 offsets 0,1 (𠮷), 2 ' ', 3–5 'and', 6 ' ', 7,8 (😀), 9 '.', end 10.
    expect(layout.items[0]!.offsets).toEqual([0, 0, 1, 2, 3, 4, 5, 6, 6, 7, 8]);
  });

  it('keeps right-to-left items in the logical order PDF.js gives them', () => {
    const items = [
      item('שלום עולם', 700, { dir: 'rtl', x: 400 }),
      item('ועוד שורה', 686, { dir: 'rtl', x: 400, hasEOL: false }),
    ];
    const layout = layoutPage(items);
    expect(layout.text).toBe('שלום עולם ועוד שורה');
    expect(layout.items[1]!.start).toBe(10);
  });

  it('drops controls and makes tabs and no-break spaces one space', () => {
    const items = [item('a\u0000b\tc\u00a0\u00a0d\u200be', 700, { hasEOL: false })];
    const layout = layoutPage(items);
    expect(layout.text).toBe('ab c de');
    expect(layout.items[0]!.offsets).toEqual([0, 1, 1, 2, 3, 4, 5, 5, 6, 6, 7]);
  });

  it('gives an empty page an empty text', () => {
    expect(layoutPage([])).toEqual({ text: '', items: [] });
    expect(layoutPage([item(' ', 700)]).text).toBe('');
  });
});

describe('joinPages', () => {
  it('separates pages by a blank line and gives each page its code-point range without it', () => {
    expect(joinPages(['ab', '', '𠮷c', 'd'])).toEqual({
      text: 'ab\n\n\n\n𠮷c\n\nd',
      pages: [
        { start: 0, end: 2 },
        { start: 4, end: 4 },
        { start: 6, end: 8 },
        { start: 10, end: 11 },
      ],
    });
    expect(joinPages([])).toEqual({ text: '', pages: [] });
  });
});

describe('itemSpan', () => {
  it('gives the UTF-16 part of each item that shows a range of the text, skipping what was dropped', () => {
    const items = [item('an exam-', 700), item('ple 𠮷 \ufb01t', 686, { hasEOL: false })];
    const layout = layoutPage(items);
    expect(layout.text).toBe('an example 𠮷 fit');
    const [first, second] = layout.items as ItemPlacement[];
    // "example" is 3–10: "exam" in the first item (its dropped hyphen is not part of it), "ple" in the second.
    expect(itemSpan(items[0]!.str, first!, 3, 10)).toEqual({ from: 3, to: 7 });
    expect(itemSpan(items[1]!.str, second!, 3, 10)).toEqual({ from: 0, to: 3 });
    // 𠮷 is code point 11, two UTF-16 units at 4–5 of the second item; "fi" (13–14) is one ligature unit.
    expect(itemSpan(items[1]!.str, second!, 11, 12)).toEqual({ from: 4, to: 6 });
    expect(itemSpan(items[1]!.str, second!, 14, 16)).toEqual({ from: 7, to: 9 });
    expect(itemSpan(items[0]!.str, first!, 11, 16)).toBeNull();
  });
});

describe('vertical text', () => {
  it('reads columns of vertical text from right to left as lines, joined without a space between Japanese characters', () => {
    const column = (str: string, x: number, hasEOL: boolean): PdfTextItem => ({
      str,
      dir: 'ttb',
      transform: [12, 0, 0, 12, x, 700],
      width: 12,
      height: str.length * 12,
      hasEOL,
    });
    expect(layoutPage([column('縦書き', 500, true), column('です', 486, false)]).text).toBe('縦書きです');
  });
});
