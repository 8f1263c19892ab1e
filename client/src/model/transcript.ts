/** Transcript structure the editor shows: speaker turns. Pure. */

/**
 * The speaker label at the start of a line (`Name: text`), as the agreement engine's `turn`
 * segmentation reads it: up to 40 characters and 4 words, no colon, the colon followed by white
 * space or the line end. Returns the label's length including the colon, or 0.
 */
export function speakerLabelLength(line: string): number {
  const m = /^([^:\n]{1,40}):(?=\s|$)/.exec(line);
  if (!m) return 0;
  const name = m[1]!.trim();
  if (name.length === 0 || name.split(/\s+/).length > 4) return 0;
  return m[0].length;
}

/**
 * The numbers a transcript's margin shows, one per line: what researchers cite. A number starts
 * each paragraph (text after a blank line, or the first text) and each speaker turn (`Name: …`);
 * blank lines and the further lines of a paragraph or turn get none (0). Paragraphs are maximal
 * runs of non-blank lines, as the agreement engine's `paragraph` segments are.
 */
export function citationNumbers(lines: readonly string[]): Uint32Array {
  const out = new Uint32Array(lines.length);
  let count = 0;
  let previousBlank = true;
  lines.forEach((line, i) => {
    const blank = line.trim() === '';
    if (!blank && (previousBlank || speakerLabelLength(line) > 0)) out[i] = ++count;
    previousBlank = blank;
  });
  return out;
}
