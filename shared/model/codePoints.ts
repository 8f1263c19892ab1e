/**
 * Converts between UTF-16 code-unit offsets (what JavaScript strings and Yjs count) and Unicode
 * code-point offsets (what REFI-QDA, the agreement engine and our API count).
 *
 * Only surrogate pairs differ between the two, and transcripts hold few of them, so we keep the
 * sorted list of pair starts and answer each conversion with a binary search instead of walking
 * the whole string per lookup.
 */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

/** Number of code points in `text`. */
export function codePointLength(text: string): number {
  return new CodePointIndex(text).length;
}

export class CodePointIndex {
  /** UTF-16 offsets at which a surrogate pair starts, ascending. */
  private readonly pairStarts: number[] = [];
  /** Length of the text in UTF-16 code units. */
  readonly utf16Length: number;
  /** Length of the text in code points. */
  readonly length: number;

  /** The text this index describes. */
  readonly source: string;

  constructor(text: string) {
    this.source = text;
    this.utf16Length = text.length;
    // Most transcripts have no astral characters; the native regex scan is much faster than a loop.
    const hasPairs = SURROGATE_PAIR.test(text);
    for (let i = 0; hasPairs && i < text.length - 1; i++) {
      const hi = text.charCodeAt(i);
      if (hi >= 0xd800 && hi <= 0xdbff) {
        const lo = text.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          this.pairStarts.push(i);
          i++;
        }
      }
    }
    this.length = text.length - this.pairStarts.length;
  }

  /** Code-point offset of a UTF-16 offset; an offset inside a pair maps to the pair's start. */
  toCodePoint(utf16: number): number {
    // Every pair that starts before `utf16` holds one code point in two units.
    return utf16 - countBelow(this.pairStarts, utf16);
  }

  /** UTF-16 offset of a code-point offset. */
  toUtf16(codePoint: number): number {
    // The k-th pair (0-based) starts at code point pairStarts[k] - k.
    let lo = 0;
    let hi = this.pairStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pairStarts[mid]! - mid < codePoint) lo = mid + 1;
      else hi = mid;
    }
    return codePoint + lo;
  }
}

/** Number of entries of the ascending array that are below `limit`, by binary search. */
function countBelow(sorted: number[], limit: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
