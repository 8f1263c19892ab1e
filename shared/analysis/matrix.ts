/**
 * Matrix coding: per code (rows) and per document or attribute value (columns), how many codings
 * of exactly that code (descendants are rows of their own) and in how many documents. Pure.
 */
import { attributeValue } from '../model/attributes.ts';
import type { AnalysisDocument } from './documents.ts';

/** What the columns are: one per document, or one per value of a document attribute. */
export type MatrixColumns = { kind: 'documents' } | { kind: 'attribute'; name: string };

/** A column: `key` is the document id or the attribute value; `label` what to print. */
export interface MatrixColumn {
  key: string;
  label: string;
}

/** One cell: codings of the row's code in the column, and the distinct documents holding them. */
export interface MatrixCell {
  codings: number;
  documents: number;
}

export interface Matrix {
  rows: string[];
  columns: MatrixColumn[];
  cells: MatrixCell[][];
}

/** Column key of documents that lack the attribute (attribute values are never this label). */
export const NO_VALUE_KEY = '';
/** Label of that column. */
export const NO_VALUE_LABEL = '(no value)';

/**
 * Builds the matrix for one layer. Document columns follow the documents' order; attribute columns
 * are the values found, sorted (numbers in numeric order), then a `(no value)` column (key `""`)
 * when some documents lack the attribute. Codings of other layers and codes are ignored.
 */
export function codeMatrix(
  documents: readonly AnalysisDocument[],
  codes: readonly string[],
  layer: string,
  columns: MatrixColumns,
): Matrix {
  const keyOf = (doc: AnalysisDocument): string =>
    columns.kind === 'documents' ? doc.id : (attributeValue(doc.attributes, columns.name) ?? NO_VALUE_KEY);
  let cols: MatrixColumn[];
  if (columns.kind === 'documents') cols = documents.map((d) => ({ key: d.id, label: d.title }));
  else {
    const values = [...new Set(documents.map(keyOf))];
    const present = values
      .filter((v) => v !== NO_VALUE_KEY)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    cols = present.map((v) => ({ key: v, label: v }));
    if (values.includes(NO_VALUE_KEY)) cols.push({ key: NO_VALUE_KEY, label: NO_VALUE_LABEL });
  }
  const colAt = new Map(cols.map((c, i) => [c.key, i]));
  const rowAt = new Map(codes.map((id, i) => [id, i]));
  const cells: MatrixCell[][] = codes.map(() => cols.map(() => ({ codings: 0, documents: 0 })));
  for (const doc of documents) {
    const col = colAt.get(keyOf(doc))!;
    const seen = new Set<number>();
    for (const c of doc.codings) {
      const row = rowAt.get(c.code);
      if (row === undefined || c.coder !== layer) continue;
      const cell = cells[row]![col]!;
      cell.codings++;
      if (!seen.has(row)) {
        seen.add(row);
        cell.documents++;
      }
    }
  }
  return { rows: [...codes], columns: cols, cells };
}
