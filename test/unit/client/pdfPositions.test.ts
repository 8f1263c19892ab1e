import { describe, expect, it } from 'vitest';
import {
  documentOffset,
  itemSpans,
  pageAt,
  type LaidOutPage,
} from '../../../client/src/model/pdfPositions.ts';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import { layoutPage, type PdfTextItem } from '../../../shared/pdf/layout.ts';

function item(str: string, x: number, y: number, width: number, hasEOL = false): PdfTextItem {
  return { str, hasEOL, transform: [12, 0, 0, 12, x, y], width, height: 12 };
}

// Page 1 holds an emoji (two UTF-16 units, one code point), so page 2's UTF-16 offsets are one
// more than its code points: the mapping must convert, not copy.
const page1Items = [item('Hello 😀 world', 72, 700, 80)];
const page2Items = [
  item('The ward was a multi-', 72, 700, 120, true),
  item('disciplinary team.', 72, 684, 100),
];
const page1 = layoutPage(page1Items);
const page2 = layoutPage(page2Items);
const text = `${page1.text}\n\n${page2.text}`;
const index = new CodePointIndex(text);
const page2Start = [...page1.text].length + 2;
const pages: LaidOutPage[] = [
  {
    range: { page: 1, start: 0, end: [...page1.text].length },
    layout: page1,
    strings: page1Items.map((i) => i.str),
  },
  {
    range: { page: 2, start: page2Start, end: page2Start + [...page2.text].length },
    layout: page2,
    strings: page2Items.map((i) => i.str),
  },
];

describe('PDF page positions', () => {
  it('maps a point in a text-layer span to the same UTF-16 offset the transcript editor uses', () => {
    // "team" in the second item of page 2.
    const utf16InItem = 'disciplinary '.length;
    const at = documentOffset(pages[1]!, 1, utf16InItem, index);
    expect(text.slice(at, at + 4)).toBe('team');
    // After the emoji on page 1: code point 8, UTF-16 offset 9.
    expect(text.slice(documentOffset(pages[0]!, 0, 'Hello 😀 '.length, index))).toMatch(/^world/);
  });

  it('finds the parts of items a coding covers, across a joined hyphenated word', () => {
    const from = text.indexOf('multidisciplinary');
    const spans = itemSpans(pages[1]!, from, from + 'multidisciplinary'.length, index);
    // The line-end hyphen is not in the text, but is drawn with the word it breaks.
    expect(spans.map((s) => pages[1]!.strings[s.item]!.slice(s.from, s.to))).toEqual([
      'multi-',
      'disciplinary',
    ]);
    const multi = itemSpans(pages[1]!, from, from + 'multi'.length, index);
    expect(multi).toEqual([{ item: 0, from: 'The ward was a '.length, to: 'The ward was a multi'.length }]);
  });

  it('finds nothing of a coding on another page, and the page holding a position', () => {
    const from = text.indexOf('world');
    expect(itemSpans(pages[1]!, from, from + 5, index)).toEqual([]);
    expect(itemSpans(pages[0]!, from, from + 5, index)).toEqual([{ item: 0, from: 9, to: 14 }]);
    expect(
      pageAt(
        pages.map((p) => p.range),
        page2Start + 3,
      )?.page,
    ).toBe(2);
    // In the blank line between pages: the page before.
    expect(
      pageAt(
        pages.map((p) => p.range),
        page2Start - 1,
      )?.page,
    ).toBe(1);
  });
});
