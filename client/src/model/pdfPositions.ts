/**
 * Between a PDF page's text layer (one span per PDF.js text item) and the document's text: a
 * point in an item's string becomes a position in the document, and a coding becomes the parts
 * of items it covers on a page. Pure; the page's layout comes from `shared/pdf/layout.ts`, the
 * same function the server built the document's text with, so both count alike.
 *
 * Units: `PageRange` and `PageLayout` positions are code points; offsets into an item's `str`
 * and the browser's selections and codings (`ViewCoding`, the editor's) are UTF-16 code units,
 * converted with the text's `CodePointIndex`.
 */
import type { CodePointIndex } from '../../../shared/model/codePoints.ts';
import { itemSpan, type PageLayout } from '../../../shared/pdf/layout.ts';
import type { PageRange } from '../../../shared/sources.ts';

/** A page of the document with its laid-out text. */
export interface LaidOutPage {
  range: PageRange;
  layout: PageLayout;
  /** Each item's string as the text layer shows it (`TextItem.str`), by item index. */
  strings: readonly string[];
}

/** The page holding a document position (code points); in the blank line between pages, the page before. */
export function pageAt(pages: readonly PageRange[], position: number): PageRange | null {
  let found: PageRange | null = null;
  for (const page of pages) {
    if (page.start > position) break;
    found = page;
  }
  return found ?? pages[0] ?? null;
}

/**
 * The document position (UTF-16) of a point in a text-layer span: item `item`, `utf16` code
 * units into its string.
 */
export function documentOffset(
  page: LaidOutPage,
  item: number,
  utf16: number,
  index: CodePointIndex,
): number {
  const placement = page.layout.items[item];
  if (!placement) return index.toUtf16(page.range.start);
  const inPage = placement.offsets[Math.max(0, Math.min(utf16, placement.offsets.length - 1))]!;
  return index.toUtf16(page.range.start + Math.min(inPage, page.range.end - page.range.start));
}

/** Part of an item's string a range covers: UTF-16 offsets into `TextItem.str`, half-open. */
export interface ItemSpan {
  item: number;
  from: number;
  to: number;
}

/**
 * The parts of the page's items that a document range `[from, to)` (UTF-16) covers, in item
 * order; empty when the range is not on this page.
 */
export function itemSpans(page: LaidOutPage, from: number, to: number, index: CodePointIndex): ItemSpan[] {
  const start = index.toCodePoint(from) - page.range.start;
  const end = index.toCodePoint(to) - page.range.start;
  if (end <= 0 || start >= page.range.end - page.range.start) return [];
  const spans: ItemSpan[] = [];
  page.layout.items.forEach((placement, item) => {
    if (!placement || placement.end <= start || placement.start >= end) return;
    const span = itemSpan(page.strings[item] ?? '', placement, start, end);
    if (span) spans.push({ item, ...span });
  });
  return spans;
}
