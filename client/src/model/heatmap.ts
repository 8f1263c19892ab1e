/**
 * Heat-map shading and wording for the co-occurrence table and the matrix. Pure. Every cell also
 * prints its number, so the colour only helps the eye and never carries the figure alone.
 */
import { hslLuminance } from './colors.ts';

/** A cell's background and the text colour that stays readable on it (WCAG AA, 4.5:1). */
export interface Shade {
  background: string;
  color: string;
}

/**
 * The two scales a heat map may use: blue for counts compared across the table, grey for the
 * co-occurrence diagonal, which counts something else (a code's codings) on a scale of its own;
 * a different colour keeps a diagonal 3 from reading as dark as a pair's 1.
 */
export type HeatTone = 'blue' | 'grey';

const TONES: Record<HeatTone, { hue: number; saturation: number }> = {
  blue: { hue: 210, saturation: 80 },
  grey: { hue: 0, saturation: 0 },
};

/**
 * The shade of `count` in a table whose largest count is `max`: near white for none, deepening
 * linearly to a dark shade of `tone` at `max`. The text is black or white, whichever contrasts
 * more with the background; one of them always keeps at least 4.5:1.
 */
export function heatShade(count: number, max: number, tone: HeatTone = 'blue'): Shade {
  const t = max > 0 ? Math.min(1, Math.max(0, count / max)) : 0;
  const lightness = Math.round(97 - 65 * t);
  const { hue, saturation } = TONES[tone];
  const background = `hsl(${hue}, ${saturation}%, ${lightness}%)`;
  const l = hslLuminance(hue, saturation, lightness);
  // Contrast with black is (l + 0.05) / 0.05, with white 1.05 / (l + 0.05).
  const black = (l + 0.05) / 0.05 >= 1.05 / (l + 0.05);
  return { background, color: black ? '#000000' : '#ffffff' };
}

/** The largest number in a table of counts (0 for an empty one). */
export function maxCount(rows: readonly (readonly number[])[]): number {
  let max = 0;
  for (const row of rows) for (const n of row) if (n > max) max = n;
  return max;
}

/** The co-occurrence table's two scales: the largest pair count off the diagonal, and on it. */
export function cooccurrenceScales(counts: readonly (readonly number[])[]): {
  pairs: number;
  codings: number;
} {
  return {
    pairs: maxCount(counts.map((row, i) => row.filter((_, j) => j !== i))),
    codings: maxCount(counts.map((row, i) => [row[i] ?? 0])),
  };
}

/** One line of a heat map's legend: its colour ramp and what it counts, up to which number. */
export interface LegendEntry {
  tone: HeatTone;
  /** The ramp's two ends, for a gradient swatch. */
  from: string;
  to: string;
  text: string;
}

/** The co-occurrence legend: which cells count what, each on its own scale and up to its own largest. */
export function cooccurrenceLegend(scales: { pairs: number; codings: number }): LegendEntry[] {
  const entry = (tone: HeatTone, max: number, text: string): LegendEntry => ({
    tone,
    from: heatShade(0, max, tone).background,
    to: heatShade(max, max, tone).background,
    text,
  });
  const upTo = (max: number) => (max === 0 ? 'none yet' : `darkest at ${max}`);
  return [
    entry('grey', scales.codings, `Diagonal (grey): codings of the code, ${upTo(scales.codings)}`),
    entry('blue', scales.pairs, `Other cells (blue): overlapping pairs, ${upTo(scales.pairs)}`),
  ];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A co-occurrence cell as a screen reader announces it. */
export function cooccurrenceLabel(a: string, b: string, count: number, same: boolean): string {
  return same
    ? `${a}: ${plural(count, 'coding', 'codings')}`
    : `${a} and ${b}: ${plural(count, 'overlapping pair', 'overlapping pairs')}`;
}

/** A matrix cell as printed: "5 in 2" (codings in documents); empty cells print "0". */
export function matrixCellText(cell: { codings: number; documents: number }): string {
  return cell.codings === 0 ? '0' : `${cell.codings} in ${cell.documents}`;
}

/**
 * A matrix cell as a screen reader announces it: the printed figure first (a name must hold the
 * visible text, so speech input can say what it sees), then in words.
 */
export function matrixCellLabel(
  code: string,
  column: string,
  cell: { codings: number; documents: number },
): string {
  const words = `${plural(cell.codings, 'coding', 'codings')} in ${plural(cell.documents, 'document', 'documents')}`;
  return `${code} in ${column}: ${matrixCellText(cell)} (${words})`;
}

/** A cell of a heat-map table, by row and column index. */
export interface GridCell {
  row: number;
  col: number;
}

/**
 * Where a key moves the focus in a `rows` × `cols` table of cell buttons (one tab stop for the
 * whole table, arrows between cells): arrows one step, stopping at the edges; Home and End to
 * the row's first and last cell; Ctrl+Home and Ctrl+End to the table's. Null for other keys.
 */
export function cellAfterKey(
  at: GridCell,
  key: string,
  rows: number,
  cols: number,
  ctrl = false,
): GridCell | null {
  if (rows === 0 || cols === 0) return null;
  const clamp = (row: number, col: number) => ({
    row: Math.min(Math.max(0, row), rows - 1),
    col: Math.min(Math.max(0, col), cols - 1),
  });
  switch (key) {
    case 'ArrowUp':
      return clamp(at.row - 1, at.col);
    case 'ArrowDown':
      return clamp(at.row + 1, at.col);
    case 'ArrowLeft':
      return clamp(at.row, at.col - 1);
    case 'ArrowRight':
      return clamp(at.row, at.col + 1);
    case 'Home':
      return ctrl ? { row: 0, col: 0 } : clamp(at.row, 0);
    case 'End':
      return ctrl ? { row: rows - 1, col: cols - 1 } : clamp(at.row, cols - 1);
    default:
      return null;
  }
}
