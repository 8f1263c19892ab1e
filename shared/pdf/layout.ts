/**
 * The text of one PDF page, laid out from the text items PDF.js reads from it
 * (`page.getTextContent()`, default options), and where each item's characters sit in that text.
 *
 * Pure, and shared by the server (which builds a PDF document's text from it, pages joined by a
 * blank line) and the browser's page view (which maps a selection in PDF.js's text layer, one
 * span per text item, to the same positions). Both must therefore lay out a page with this one
 * function: a position on the page is a position in the document only because they agree.
 *
 * Rules (docs/sources.md): items in the order the page draws them (PDF.js's reading order);
 * a new line where an item ends a line (`hasEOL`) or starts lower on the page; a space between
 * items on one line separated by a visible gap; ligatures (U+FB00–U+FB06) expanded; a word
 * hyphenated at a line's end joined with the next line's start; whitespace at a line's ends
 * dropped and runs of spaces kept to one. Positions are code points of the page's text.
 */

/** The parts of a PDF.js `TextItem` the layout reads. */
export interface PdfTextItem {
  str: string;
  /** The item ends its line. */
  hasEOL: boolean;
  /** PDF transformation matrix `[a, b, c, d, e, f]`: `e`, `f` are the origin in page units. */
  transform: number[];
  /** Advance width and font height in page units. */
  width: number;
  height: number;
}

/** A page's text and, per item (same order as the input), where its code points sit. */
export interface PageLayout {
  text: string;
  /**
   * `items[i][k]` is the code-point offset in `text` where item `i`'s `k`-th code point starts;
   * `items[i][n]` (n = the item's code points) is where its last one ends. A character the layout
   * drops (a line-end hyphen, doubled or line-end whitespace) starts and ends at the same offset.
   */
  items: number[][];
}

/** Ligature code points and what they stand for. */
const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
};

/** A gap wider than this share of the font height between two items on a line is a space. */
const SPACE_GAP = 0.15;
/** A baseline lower by more than this share of the font height starts a new line. */
const NEW_LINE = 0.5;

const HYPHENS = new Set(['-', '\u2010', '\u00AD']);
const isSpace = (c: string) => /\s/u.test(c);
const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);

/** Lays out one page's text items (see the module's rules). */
export function layoutPage(items: readonly PdfTextItem[]): PageLayout {
  // Characters of the page with their source (item, code point index), before line-end fixes.
  const chars: { c: string; item: number; k: number }[] = [];
  const ends: { item: number; k: number }[] = [];
  let lineBreakPending = false;
  let prev: PdfTextItem | null = null;
  items.forEach((item, i) => {
    const points = [...item.str];
    if (prev && points.length > 0) {
      if (lineBreakPending || startsLowerLine(prev, item)) pushBreak(chars);
      else if (gapAfter(prev, item) && !endsInSpace(chars) && !isSpace(points[0]!))
        chars.push({ c: ' ', item: -1, k: 0 });
      lineBreakPending = false;
    }
    points.forEach((p, k) => {
      const expanded = LIGATURES[p] ?? p;
      for (const c of expanded) chars.push({ c, item: i, k });
    });
    ends.push({ item: i, k: points.length });
    if (points.length > 0) prev = item;
    if (item.hasEOL && prev) lineBreakPending = true;
  });
  return place(items, clean(chars));
}

/** Whether `next` starts on a lower line than `prev` (PDF y grows upwards). */
function startsLowerLine(prev: PdfTextItem, next: PdfTextItem): boolean {
  const height = Math.max(prev.height, next.height, 1);
  return prev.transform[5]! - next.transform[5]! > height * NEW_LINE;
}

/** Whether there is a visible gap between the end of `prev` and the start of `next` on one line. */
function gapAfter(prev: PdfTextItem, next: PdfTextItem): boolean {
  const height = Math.max(prev.height, next.height, 1);
  return next.transform[4]! - (prev.transform[4]! + prev.width) > height * SPACE_GAP;
}

function endsInSpace(chars: { c: string }[]): boolean {
  const last = chars[chars.length - 1];
  return last !== undefined && isSpace(last.c);
}

function pushBreak(chars: { c: string; item: number; k: number }[]): void {
  chars.push({ c: '\n', item: -1, k: 0 });
}

/**
 * Drops whitespace at line ends and doubled spaces, and joins a word hyphenated at a line's end
 * (letter, hyphen, line break, lower-case letter) by dropping the hyphen and the break.
 */
function clean(chars: { c: string; item: number; k: number }[]): { c: string; item: number; k: number }[] {
  const out: { c: string; item: number; k: number }[] = [];
  for (let j = 0; j < chars.length; j++) {
    const ch = chars[j]!;
    if (ch.c === '\n') {
      while (out.length > 0 && isSpace(out[out.length - 1]!.c)) out.pop();
      const hyphen = out[out.length - 1];
      const next = nextNonSpace(chars, j + 1);
      if (
        hyphen &&
        HYPHENS.has(hyphen.c) &&
        isLetter(out[out.length - 2]?.c) &&
        next !== null &&
        /\p{Ll}/u.test(chars[next]!.c)
      ) {
        out.pop();
        j = next - 1;
        continue;
      }
      if (out.length > 0) out.push(ch);
      j = (nextNonSpace(chars, j + 1) ?? chars.length) - 1;
      continue;
    }
    if (isSpace(ch.c) && (out.length === 0 || isSpace(out[out.length - 1]!.c))) continue;
    out.push(isSpace(ch.c) ? { ...ch, c: ' ' } : ch);
  }
  while (out.length > 0 && isSpace(out[out.length - 1]!.c)) out.pop();
  return out;
}

function nextNonSpace(chars: { c: string }[], from: number): number | null {
  for (let j = from; j < chars.length; j++) if (chars[j]!.c !== ' ' && chars[j]!.c !== '\t') return j;
  return null;
}

/** The page text and each item's code-point offsets in it. */
function place(items: readonly PdfTextItem[], chars: { c: string; item: number; k: number }[]): PageLayout {
  const text = chars.map((ch) => ch.c).join('');
  const starts: (number | undefined)[][] = items.map((item) => new Array([...item.str].length + 1));
  const lastEnd: number[] = items.map(() => -1);
  chars.forEach((ch, offset) => {
    if (ch.item < 0) return;
    const row = starts[ch.item]!;
    if (row[ch.k] === undefined) row[ch.k] = offset;
    lastEnd[ch.item] = Math.max(lastEnd[ch.item]!, offset + 1);
  });
  // Characters dropped start where the next kept one starts (or where the item's text ends).
  let after = chars.length;
  const placed: number[][] = new Array(items.length);
  for (let i = items.length - 1; i >= 0; i--) {
    const row = starts[i]!;
    const n = row.length - 1;
    row[n] = lastEnd[i]! >= 0 ? lastEnd[i]! : after;
    let next = row[n]!;
    for (let k = n - 1; k >= 0; k--) {
      if (row[k] === undefined) row[k] = next;
      next = row[k]!;
    }
    after = row[0]!;
    placed[i] = row as number[];
  }
  return { text, items: placed };
}
