/**
 * Where a passage sits in its transcript, as researchers cite it: the paragraph or speaker-turn
 * number the coding view's margin shows, and the speaker of that turn. One pure definition, used
 * by the margin (client) and by the quotes export (server), so a citation in a paper matches what
 * the coder saw.
 */

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

/** Where a passage starts: its paragraph or turn number (0 before any text) and its speaker. */
export interface Citation {
  /** The margin's number of the paragraph or speaker turn holding the passage's first character. */
  number: number;
  /** The speaker's name when that paragraph is a speaker turn (`Nurse: …`), else null. */
  speaker: string | null;
}

/**
 * The citations of passages in one transcript. Build once per text (it splits the lines), then
 * ask for any number of offsets. Lines are split at `\n` (a `\r` before it stays in the line and
 * is white space to the rules above), matching the editor's lines.
 */
export class CitationIndex {
  private readonly lineStarts: number[] = [];
  /** Per line: the citation of a passage starting on it. */
  private readonly byLine: Citation[] = [];

  constructor(text: string) {
    const lines = text.split('\n');
    const numbers = citationNumbers(lines);
    let offset = 0;
    let current: Citation = { number: 0, speaker: null };
    lines.forEach((line, i) => {
      this.lineStarts.push(offset);
      offset += line.length + 1;
      const n = numbers[i]!;
      if (n > 0) {
        const label = speakerLabelLength(line);
        current = { number: n, speaker: label > 0 ? line.slice(0, label - 1).trim() : null };
      }
      this.byLine.push(current);
    });
    // A passage starting on a blank line is cited by the paragraph after it, where its text begins.
    let next: Citation | null = null;
    for (let i = lines.length - 1; i >= 0; i--) {
      if (lines[i]!.trim() === '') {
        if (next) this.byLine[i] = next;
      } else next = this.byLine[i]!;
    }
  }

  /** The citation of the passage starting at `offset` (UTF-16 code units into the text). */
  at(offset: number): Citation {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.byLine[lo] ?? { number: 0, speaker: null };
  }
}

/**
 * A citation as papers print it inside parentheses, on screen and in every export alike:
 * "interview01, ¶12, Nurse" (no number before any text; no speaker outside speaker turns).
 */
export function citationText(source: string, paragraph: number, speaker: string | null): string {
  const parts = [source];
  if (paragraph > 0) parts.push(`¶${paragraph}`);
  if (speaker !== null) parts.push(speaker);
  return parts.join(', ');
}
