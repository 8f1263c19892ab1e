/**
 * The codings table as an Excel workbook (write-excel-file): one sheet, header row frozen, every
 * value a typed cell, so nothing a transcript says is ever read as a formula. Characters a
 * workbook's XML cannot hold (most control characters) are left out.
 */
import writeXlsxFile, { type Row } from 'write-excel-file/node';
import { xmlSafe } from '../../../shared/interchange/xml.ts';
import type { CodingsTable } from './codingsTable.ts';

const WIDE = new Set(['text', 'memo', 'code_path']);

/** Writes the table as an .xlsx file. */
export async function codingsXlsx(table: CodingsTable): Promise<Buffer> {
  const header: Row = table.header.map((value) => ({ value, fontWeight: 'bold' as const }));
  const rows: Row[] = table.rows.map((row) =>
    row.map((value) =>
      typeof value === 'number' ? { value, type: Number } : { value: xmlSafe(value), type: String },
    ),
  );
  const columns = table.header.map((name) => ({
    width: WIDE.has(name) ? 60 : name.endsWith('_id') ? 18 : 20,
  }));
  const file = writeXlsxFile([header, ...rows], { sheet: 'codings', columns, stickyRowsCount: 1 });
  return Buffer.from(await file.toBuffer());
}
