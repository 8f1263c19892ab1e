/**
 * The text of a PDF page from the text items PDF.js reports for it (`page.getTextContent()`),
 * and where each item's characters sit in that text. The server stores the text of a PDF
 * document built here; the browser's page view shows the same items as text-layer spans and maps
 * a selection inside a span to the server's positions through {@link PageLayout.items}. Pure: no
 * PDF.js import, so it runs the same in Node and in the browser. Positions are Unicode code
 * points, half-open; offsets into an item's `str` are UTF-16 code units (what the DOM counts).
 *
 * The rules (docs/sources.md, "PDF documents"):
 * - Items are read in the order PDF.js gives them, which is the content stream's order: the order
 *   the PDF's producer wrote its text in, normally reading order (column by column). Right-to-left
 *   items are taken as PDF.js gives them: already in logical order.
 * - Characters: the compatibility characters PDF.js normalises by default (ligatures U+FB00–FB06
 *   → ff, fi, fl, ffi, ffl, ſt, st; no-break and typographic spaces → space; Arabic and Hebrew
 *   presentation forms) are normalised the same way, so text laid out from items read with
 *   `disableNormalization: true` (as PDF.js' own text layer reads them) is the same text.
 *   Controls are dropped; tabs and line separators become spaces; runs of spaces become one space;
 *   spaces at the start and end of a line are dropped; a soft hyphen (U+00AD) is dropped.
 * - Lines: a line ends after an item with `hasEOL`, or where the next item's baseline moves by
 *   more than half the text's size. Empty items only carry line ends; their position is not read.
 *   Vertical text ('ttb') is read column by column, a column taken as a line.
 * - Paragraphs: consecutive lines of a paragraph are joined by one space (none between two Chinese
 *   or Japanese characters, which are written without spaces); a new paragraph starts,
 *   after "\n", where the gap between baselines is more than 1.4 × the page's usual line gap (the
 *   lower median of its gaps), where the text size changes by more than a quarter (a heading),
 *   where the next line starts with a bullet (•, ◦, ▪, ●, ■, …), or where the next line is not
 *   below the previous one (a new column or box).
 * - Hyphenation: when a line inside a paragraph ends with a letter and a hyphen (U+002D, U+2010 or
 *   a soft hyphen), and the next line starts with a lower-case letter, the hyphen is dropped and
 *   the lines are joined without a space ("exam-" + "ple" → "example"). Spaces after that hyphen
 *   do not matter ("exam- " is the same). A hyphen after a space ("ward -") is a dash and stays,
 *   followed by a space; hyphens inside a line ("well-known") always stay. A compound broken at
 *   its own hyphen ("well-" + "known") loses it: without a dictionary the two cannot be told apart.
 */

/** The fields of a PDF.js `TextItem` the layout reads; other entries (marked content) are skipped. */
export interface PdfTextItem {
  str: string;
  /** 'ltr', 'rtl' or 'ttb'. */
  dir: string;
  /** Text space to user space: [a, b, c, d, e, f], the item's baseline origin at (e, f). */
  transform: number[];
  /** Width and height in user space units (PDF points). */
  width: number;
  height: number;
  /** Whether a line ends after this item. */
  hasEOL: boolean;
}

/** Where one item's characters sit in the page's text. */
export interface ItemPlacement {
  /** Code point in the page's text where the item's first kept character starts. */
  start: number;
  /** Code point in the page's text just after the item's last kept character. */
  end: number;
  /**
   * For each UTF-16 offset 0…`str.length` into the item's `str`, the code point in the page's
   * text that offset falls on: `offsets[k]` is where the character at `k` starts (a dropped
   * character has the same offset as the one after it; an offset inside a surrogate pair is its
   * character's start), `offsets[str.length] === end`. A selection from offset `i` to `j` of the
   * item's span is `[offsets[i], offsets[j])` in the page's text.
   */
  offsets: number[];
}

/** One page's text, and for each entry of the items it was laid out from, where it sits. */
export interface PageLayout {
  text: string;
  /**
   * By index of the items given: the placement of a text item, null for an entry that is not
   * text (marked content). Spaces and line ends the layout inserts between items belong to no
   * item: they lie between one item's `end` and the next one's `start`.
   */
  items: (ItemPlacement | null)[];
}

/**
 * The characters PDF.js normalises by default (its `normalizeUnicode`, PDF.js 5): each becomes
 * its NFKC form, except U+FB05 (ﬅ), which becomes "ſt".
 */
const NORMALISED =
  /^[\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb04\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]$/u;
const SPACE = /^\s$/u;
const LETTER = /^\p{L}$/u;
const LOWER = /^\p{Ll}/u;
/** Characters that start a list item: a line starting with one starts a paragraph. */
const BULLETS = new Set(['•', '◦', '▪', '▫', '‣', '⁃', '●', '○', '■', '□', '►', '➢']);
/** Chinese and Japanese characters and punctuation, written without spaces between words. */
const WIDE =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]$/u;
const HYPHENS = new Set(['-', '\u2010', '\u00ad']);
const SOFT_HYPHEN = '\u00ad';

/** C0 and C1 controls but tab, line feed and the like; zero-width space; byte-order mark. */
function isControl(code: number): boolean {
  return (
    (code < 0x20 && (code < 0x09 || code > 0x0d)) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200b ||
    code === 0xfeff
  );
}

/** What one character of an item becomes in the page's text. */
function normalise(char: string): string {
  if (char === '\ufb05') return 'ſt';
  if (NORMALISED.test(char)) return char.normalize('NFKC');
  if (isControl(char.codePointAt(0)!)) return '';
  if (SPACE.test(char)) return ' ';
  return char;
}

/** One character of an item: where it is in `str`, and what it becomes (possibly nothing). */
interface Unit {
  item: number;
  /** UTF-16 offset in the item's `str`. */
  at: number;
  /** The character as it is in `str`. */
  char: string;
  out: string;
}

interface Line {
  units: Unit[];
  /** Baseline across the text direction (PDF points; larger is higher on the page). */
  baseline: number;
  /** Largest text size on the line (PDF points). */
  size: number;
}

/**
 * The baseline of an item measured across its writing direction, and its size. Vertical text
 * ('ttb') runs in columns from right to left: its "baseline" is its x, so the next column is
 * "below" the previous one as the next line is in horizontal text.
 */
function geometry(item: PdfTextItem): { baseline: number; size: number } {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
  if (item.dir === 'ttb') return { baseline: e, size: item.width > 0 ? item.width : Math.hypot(a, b) };
  const angle = Math.atan2(b, a);
  return {
    baseline: -e * Math.sin(angle) + f * Math.cos(angle),
    size: item.height > 0 ? item.height : Math.hypot(c, d),
  };
}

function isText(item: unknown): item is PdfTextItem {
  return typeof item === 'object' && item !== null && typeof (item as PdfTextItem).str === 'string';
}

/** Groups the text items into lines of characters, in the order given. */
function linesOf(items: readonly unknown[]): Line[] {
  const lines: Line[] = [];
  let line: Line | null = null;
  let ended = true;
  for (const [index, item] of items.entries()) {
    if (!isText(item)) continue;
    if (item.str !== '') {
      const { baseline, size } = geometry(item);
      const moved = line !== null && Math.abs(baseline - line.baseline) > 0.5 * Math.max(size, line.size);
      if (line === null || ended || moved) {
        line = { units: [], baseline, size };
        lines.push(line);
      }
      line.size = Math.max(line.size, size);
      ended = false;
      for (let at = 0; at < item.str.length;) {
        const char = String.fromCodePoint(item.str.codePointAt(at)!);
        line.units.push({ item: index, at, char, out: normalise(char) });
        at += char.length;
      }
    }
    if (item.hasEOL) ended = true;
  }
  return lines;
}

/** Drops spaces at the ends of a line and spaces after a space. */
function trimSpaces(line: Line): void {
  let previousSpace = true;
  for (const unit of line.units) {
    if (unit.out === ' ') {
      if (previousSpace) unit.out = '';
      previousSpace = true;
    } else if (unit.out !== '') previousSpace = false;
  }
  for (let i = line.units.length - 1; i >= 0; i--) {
    const unit = line.units[i]!;
    if (unit.out === '') continue;
    if (unit.out !== ' ') break;
    unit.out = '';
  }
}

/** The kept characters of a line, last first (skipping dropped ones). */
function keptFromEnd(line: Line): Unit[] {
  return line.units.filter((u) => u.out !== '').reverse();
}

/** The lower median of the gaps between consecutive baselines that go down the page. */
function usualGap(lines: Line[]): number | null {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const gap = lines[i - 1]!.baseline - lines[i]!.baseline;
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return null;
  gaps.sort((x, y) => x - y);
  return gaps[Math.floor((gaps.length - 1) / 2)]!;
}

function startsParagraph(previous: Line, next: Line, usual: number | null): boolean {
  const gap = previous.baseline - next.baseline;
  const size = Math.max(previous.size, next.size);
  if (gap <= 0.1 * size) return true;
  if (Math.max(previous.size, next.size) > 1.25 * Math.min(previous.size, next.size)) return true;
  if (BULLETS.has(next.units.find((u) => u.out !== '')?.out ?? '')) return true;
  // With one gap on the page there is nothing to compare with: take 1.2 × size as the usual gap.
  const reference = usual === null || usual === gap ? Math.min(gap, 1.2 * size) : usual;
  return gap > 1.4 * reference;
}

/**
 * Whether a line break falls between two Chinese or Japanese characters, where it is dropped
 * rather than read as a space (as CSS Text 3, §4.1.3, drops such segment breaks).
 */
function bothWide(previous: Line, next: Line): boolean {
  const [last] = keptFromEnd(previous);
  const first = next.units.find((u) => u.out !== '');
  return !!last && !!first && WIDE.test(last.out) && WIDE.test([...first.out][0]!);
}

/** Whether `previous` ends with a word broken by a hyphen that `next` continues. */
function hyphenated(previous: Line, next: Line): Unit | null {
  const [last, beforeLast] = keptFromEnd(previous);
  if (!last || !beforeLast || !HYPHENS.has(last.char) || !LETTER.test(beforeLast.out)) return null;
  const first = next.units.find((u) => u.out !== '');
  return first && LOWER.test(first.out) ? last : null;
}

/**
 * Lays out one page's text from its PDF.js text items (`(await page.getTextContent()).items`,
 * with or without `includeMarkedContent` and `disableNormalization`), by the rules above.
 */
export function layoutPage(items: readonly unknown[]): PageLayout {
  const lines = linesOf(items);
  for (const line of lines) trimSpaces(line);
  const kept = lines.filter((line) => line.units.some((u) => u.out !== ''));
  const usual = usualGap(kept);
  // What follows each kept line but the last: a space, a line end, or nothing (a joined word).
  const after = new Map<Line, string>();
  for (let i = 1; i < kept.length; i++) {
    const previous = kept[i - 1]!;
    const next = kept[i]!;
    if (startsParagraph(previous, next, usual)) after.set(previous, '\n');
    else {
      const hyphen = hyphenated(previous, next);
      if (hyphen) hyphen.out = '';
      else if (!bothWide(previous, next)) after.set(previous, ' ');
    }
  }
  for (const line of kept) for (const unit of line.units) if (unit.char === SOFT_HYPHEN) unit.out = '';

  const placements: (ItemPlacement | null)[] = items.map((item) =>
    isText(item) ? { start: 0, end: 0, offsets: new Array<number>(item.str.length + 1).fill(0) } : null,
  );
  let text = '';
  let position = 0;
  // Every character of a non-empty item is on exactly one line, and an item never spans two
  // lines, so walking the lines sets every offset of those items.
  for (const line of lines) {
    for (const unit of line.units) {
      const offsets = placements[unit.item]!.offsets;
      for (let k = 0; k < unit.char.length; k++) offsets[unit.at + k] = position;
      text += unit.out;
      position += [...unit.out].length;
      offsets[unit.at + unit.char.length] = position;
    }
    const separator = after.get(line);
    if (separator) {
      text += separator;
      position += 1;
    }
  }
  // An empty item (one that only ends a line) sits where the text item before it ends.
  let previousEnd = 0;
  for (const [index, placement] of placements.entries()) {
    if (!placement) continue;
    if ((items[index] as PdfTextItem).str === '') placement.offsets[0] = previousEnd;
    placement.start = placement.offsets[0]!;
    placement.end = placement.offsets[placement.offsets.length - 1]!;
    previousEnd = placement.end;
  }
  return { text, items: placements };
}

/**
 * The pages' texts joined by a blank line ("\n\n"), and each page's range in the joined text:
 * `[start, end)` in code points, without the separator; an empty page has `start === end`.
 */
export function joinPages(pages: readonly string[]): {
  text: string;
  pages: { start: number; end: number }[];
} {
  const ranges: { start: number; end: number }[] = [];
  let position = 0;
  for (const [i, page] of pages.entries()) {
    if (i > 0) position += 2;
    const start = position;
    position += [...page].length;
    ranges.push({ start, end: position });
  }
  return { text: pages.join('\n\n'), pages: ranges };
}

/**
 * The part of an item's `str` that shows the code points `[start, end)` of the page's text: UTF-16
 * offsets `[from, to)` into `str`, or null when the item shows none of them (what the page view
 * highlights in that item's span for a coding). The inverse of {@link ItemPlacement.offsets};
 * characters the layout dropped are never part of it, characters outside the BMP stay whole.
 */
export function itemSpan(
  str: string,
  placement: ItemPlacement,
  start: number,
  end: number,
): { from: number; to: number } | null {
  const { offsets } = placement;
  let from = -1;
  let to = -1;
  for (let k = 0; k < str.length;) {
    const next = k + (str.codePointAt(k)! > 0xffff ? 2 : 1);
    // The character at k shows [offsets[k], offsets[next]); a dropped one shows nothing.
    const shown = offsets[next]! > offsets[k]!;
    if (shown && offsets[k]! < end && offsets[next]! > start) {
      if (from < 0) from = k;
      to = next;
    }
    k = next;
  }
  return from < 0 ? null : { from, to };
}
