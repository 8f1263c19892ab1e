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
