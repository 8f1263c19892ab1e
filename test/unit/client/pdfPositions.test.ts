import { describe, expect, it } from 'vitest';
import {
  documentOffset,
  itemSpans,
  pageAt,
  type LaidOutPage,
} from '../../../client/src/model/pdfPositions.ts';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import { joinPages, layoutPage, type PdfTextItem } from '../../../shared/pdf/layout.ts';

/** A text item as PDF.js gives one: `str` with its baseline at (x, y), 12 points high. */
function item(str: string, x: number, y: number, width: number, hasEOL = false): PdfTextItem {
  return { str, dir: 'ltr', hasEOL, transform: [12, 0, 0, 12, x, y], width, height: 12 };
}

// Page 1 holds an emoji (two UTF-16 units, one code point), so page 2's UTF-16 offsets are one
// more than its code points: the mapping must convert, not copy.
const page1Items = [item('Hello 😀 world', 72, 700, 80)];
const page2Items = [
  item('The ward was a multi-', 72, 700, 120, true),
  item('disciplinary team.', 72, 686, 100),
];
const layouts = [layoutPage(page1Items), layoutPage(page2Items)];
const joined = joinPages(layouts.map((l) => l.text));
const text = joined.text;
const index = new CodePointIndex(text);
const pages: LaidOutPage[] = [page1Items, page2Items].map((items, i) => ({
  range: { page: i + 1, ...joined.pages[i]! },
  layout: layouts[i]!,
  strings: items.map((it) => it.str),
}));

describe('PDF page positions', () => {
  it('maps a point in a text-layer span to the UTF-16 offset the transcript editor uses', () => {
    const at = documentOffset(pages[1]!, 1, 'disciplinary '.length, index);
    expect(text.slice(at, at + 4)).toBe('team');
    // After the emoji on page 1: code point 8, UTF-16 offset 9.
    expect(text.slice(documentOffset(pages[0]!, 0, 'Hello 😀 '.length, index))).toMatch(/^world/);
  });

  it('finds the parts of items a coding covers, across a word joined over a line end', () => {
    const from = text.indexOf('multidisciplinary');
    expect(from).toBeGreaterThan(0);
    const spans = itemSpans(pages[1]!, from, from + 'multidisciplinary'.length, index);
    expect(spans.map((s) => pages[1]!.strings[s.item]!.slice(s.from, s.to))).toEqual([
      'multi',
      'disciplinary',
    ]);
  });

  it('finds nothing of a coding on another page, and the page holding a position', () => {
    const from = text.indexOf('world');
    expect(itemSpans(pages[1]!, from, from + 5, index)).toEqual([]);
    expect(itemSpans(pages[0]!, from, from + 5, index)).toEqual([{ item: 0, from: 9, to: 14 }]);
    const ranges = pages.map((p) => p.range);
    expect(pageAt(ranges, ranges[1]!.start + 3)?.page).toBe(2);
    // In the blank line between pages: the page before.
    expect(pageAt(ranges, ranges[1]!.start - 1)?.page).toBe(1);
  });
});
