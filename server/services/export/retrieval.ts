/**
 * Coded retrieval and matrix coding as files: retrieval as tidy CSV (one row per passage), as
 * Markdown (passages under their document, each cited "(title, ¶n, Speaker)" like the quotes
 * table), and — in retrievalDocx.ts — as Word; the matrix as long-format CSV (one row per code and
 * column) for R's readr or pandas.
 */
import { codePaths } from '../../../shared/model/codebook.ts';
import { CitationIndex } from '../../../shared/model/citations.ts';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';
import type { AnalysisDocument, Matrix, Segment } from '../../../shared/analysis/index.ts';
import type { Code } from '../../../shared/schemas.ts';
import { toCsv } from './csv.ts';
import { markdownText, quoteCitation, quoteTime, type Quote } from './quotes.ts';

/** A retrieved passage with the names and the citation a reader needs. */
export interface RetrievalRow extends Segment {
  codeName: string;
  /** "Theme › Code". */
  codePath: string;
  /** The coder's name, "Consensus", or "<name> (recode)". */
  layerName: string;
  /** The citation of where the passage starts (see `shared/model/citations.ts`). */
  quote: Quote;
}

/** The retrieval as a report: what was asked and the passages. */
export interface RetrievalReport {
  projectName: string;
  /** The codes asked for, as "Theme › Code" paths (empty: every code). */
  codes: string[];
  rows: RetrievalRow[];
}

/**
 * Names and cites each segment. `layerNames` gives a layer key's name (default the key).
 */
export function retrievalRows(
  segments: readonly Segment[],
  documents: readonly AnalysisDocument[],
  codebook: readonly Code[],
  layerNames: ReadonlyMap<string, string>,
): RetrievalRow[] {
  const paths = codePaths(codebook);
  const names = new Map(codebook.map((c) => [c.id, c.name]));
  const indexes = new Map<string, { points: CodePointIndex; citations: CitationIndex; title: string }>();
  for (const d of documents) {
    if (!segments.some((s) => s.documentId === d.id)) continue;
    indexes.set(d.id, {
      points: new CodePointIndex(d.text),
      citations: new CitationIndex(d.text),
      title: d.title,
    });
  }
  return segments.map((s) => {
    const doc = indexes.get(s.documentId)!;
    // Cite where the quoted words begin, not white space the coder happened to select first.
    const lead = Math.max(0, s.text.search(/\S/));
    const { number, speaker } = doc.citations.at(doc.points.toUtf16(s.start) + lead);
    return {
      ...s,
      codeName: names.get(s.codeId) ?? s.codeId,
      codePath: paths.get(s.codeId) ?? s.codeId,
      layerName: layerNames.get(s.layer) ?? s.layer,
      quote: {
        text: s.text.replace(/\s+/g, ' ').trim(),
        source: doc.title,
        paragraph: number,
        speaker,
        startMs: s.startMs,
      },
    };
  });
}

/** Columns of the retrieval CSV, in order. Positions are code points, half-open. */
export const RETRIEVAL_CSV_HEADER = [
  'document_id',
  'document_title',
  'paragraph',
  'speaker',
  'layer',
  'layer_name',
  'code_id',
  'code_name',
  'code_path',
  'coding_id',
  'start',
  'end',
  'text',
  'before',
  'after',
  'memo',
] as const;

/** The retrieval as CSV, one row per passage (text cells neutralised against formulas). */
export function retrievalCsv(report: RetrievalReport): string {
  return toCsv(
    RETRIEVAL_CSV_HEADER,
    report.rows.map((r) => [
      r.documentId,
      r.documentTitle,
      r.quote.paragraph,
      r.quote.speaker,
      r.layer,
      r.layerName,
      r.codeId,
      r.codeName,
      r.codePath,
      r.codingId,
      r.start,
      r.end,
      r.text,
      r.before,
      r.after,
      r.memo,
    ]),
  );
}

/** The heading of a retrieval file. */
export function retrievalCaption(report: RetrievalReport): string {
  const codes = report.codes.length === 0 ? 'every code' : report.codes.join('; ');
  // Whose coding the file holds, so a retrieval of one coder is never read as the team's.
  const layers = [...new Set(report.rows.map((r) => r.layerName))];
  const coders = layers.length === 0 ? '' : `, coded by ${layers.join('; ')}`;
  return `Coded retrieval — ${report.projectName} (${codes}${coders}): ${report.rows.length} passage${report.rows.length === 1 ? '' : 's'}`;
}

/** The passages grouped by document, in order. */
export function byDocument(rows: readonly RetrievalRow[]): { title: string; rows: RetrievalRow[] }[] {
  const groups: { id: string; title: string; rows: RetrievalRow[] }[] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last?.id === row.documentId) last.rows.push(row);
    else groups.push({ id: row.documentId, title: row.documentTitle, rows: [row] });
  }
  return groups;
}

/** The retrieval as Markdown: a section per document, each passage quoted with its citation. */
export function retrievalMarkdown(report: RetrievalReport): string {
  const lines = [`# ${markdownText(retrievalCaption(report))}`, ''];
  for (const group of byDocument(report.rows)) {
    lines.push(`## ${markdownText(group.title)}`, '');
    for (const r of group.rows) {
      const time = quoteTime(r.quote);
      lines.push(
        `> “${markdownText(r.quote.text)}” (${markdownText(quoteCitation(r.quote))})${time === null ? '' : ` ${time}`}`,
        '',
      );
      lines.push(`_${markdownText(r.codePath)} — ${markdownText(r.layerName)}_`, '');
      if (r.memo.trim() !== '') lines.push(`Memo: ${markdownText(r.memo.trim())}`, '');
    }
  }
  if (report.rows.length === 0) lines.push('No passages were coded with these codes.', '');
  return lines.join('\n');
}

/** Columns of the matrix CSV: long format, one row per code and column, with the layer counted. */
export const MATRIX_CSV_HEADER = [
  'layer',
  'layer_name',
  'code_id',
  'code_name',
  'code_path',
  'column_key',
  'column_label',
  'codings',
  'documents',
] as const;

/** The matrix as tidy CSV; `layer` is the layer counted (its key and its name). */
export function matrixCsv(
  matrix: Matrix,
  codebook: readonly Code[],
  layer: { key: string; name: string },
): string {
  const paths = codePaths(codebook);
  const names = new Map(codebook.map((c) => [c.id, c.name]));
  const rows = matrix.rows.flatMap((code, i) =>
    matrix.columns.map((col, j) => {
      const cell = matrix.cells[i]![j]!;
      return [
        layer.key,
        layer.name,
        code,
        names.get(code) ?? code,
        paths.get(code) ?? code,
        col.key,
        col.label,
        cell.codings,
        cell.documents,
      ];
    }),
  );
  return toCsv(MATRIX_CSV_HEADER, rows);
}
