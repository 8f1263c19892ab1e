/**
 * Heat-map shading and wording for the co-occurrence table and the matrix. Pure. Every cell also
 * prints its number, so the colour only helps the eye and never carries the figure alone.
 */

/** A cell's background and the text colour that stays readable on it (WCAG AA, 4.5:1). */
export interface Shade {
  background: string;
  color: string;
}

/**
 * The shade of `count` in a table whose largest count is `max`: white-blue for none, deepening
 * linearly to a dark blue at `max`. Text is black on the lighter half and white on the darker,
 * where each keeps at least 4.5:1 contrast.
 */
export function heatShade(count: number, max: number): Shade {
  const t = max > 0 ? Math.min(1, Math.max(0, count / max)) : 0;
  const lightness = Math.round(97 - 65 * t);
  return {
    background: `hsl(210, 80%, ${lightness}%)`,
    color: lightness >= 46 ? '#000000' : '#ffffff',
  };
}

/** The largest number in a table of counts (0 for an empty one). */
export function maxCount(rows: readonly (readonly number[])[]): number {
  let max = 0;
  for (const row of rows) for (const n of row) if (n > max) max = n;
  return max;
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
