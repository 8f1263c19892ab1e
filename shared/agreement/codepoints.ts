/**
 * Positions in Concord's agreement input count Unicode code points (as REFI-QDA does); JavaScript
 * strings index UTF-16 code units. These helpers convert at that boundary.
 */

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

/** Number of code points in `text`. */
export function codePointLength(text: string): number {
  // Most transcripts have no astral characters; the native regex scan is much faster than a loop.
  if (!SURROGATE_PAIR.test(text)) return text.length;
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n -= 1;
        i += 1;
      }
    }
  }
  return n;
}

/** Maps UTF-16 indices of `text` to code point offsets. */
export function utf16ToCodePoints(text: string): (index: number) => number {
  if (!SURROGATE_PAIR.test(text)) return (index) => index;
  const map = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
      map[i + 1] = cp;
      i += 1;
    }
    cp += 1;
  }
  map[text.length] = cp;
  return (index) => map[index] ?? cp;
}
