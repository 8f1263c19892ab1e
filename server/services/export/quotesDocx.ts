/**
 * The illustrative-quotes table as a Word document (the `docx` package), laid out as a journal
 * table: caption, header row repeated on every page, the theme cell merged down its codes.
 */
import {
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  VerticalMergeType,
  WidthType,
} from 'docx';
import { xmlSafe } from '../../../shared/interchange/xml.ts';
import { journalBorders, textRun } from './docxTable.ts';
import { quoteCitation, quotesCaption, quotesLeftOut, quoteTime, type QuotesTable } from './quotes.ts';

const borders = journalBorders;

function cell(paragraphs: Paragraph[], width: number, merge?: 'restart' | 'continue'): TableCell {
  return new TableCell({
    children: paragraphs,
    width: { size: width, type: WidthType.PERCENTAGE },
    borders,
    ...(merge === 'restart' ? { verticalMerge: VerticalMergeType.RESTART } : {}),
    ...(merge === 'continue' ? { verticalMerge: VerticalMergeType.CONTINUE } : {}),
  });
}

const text = textRun;

/** Writes the table as a .docx file. */
export async function quotesDocx(table: QuotesTable): Promise<Buffer> {
  const header = new TableRow({
    tableHeader: true,
    children: ['Theme', 'Code', 'Illustrative quotes'].map((label, i) =>
      cell([new Paragraph({ children: [text(label, { bold: true })] })], [18, 20, 62][i]!),
    ),
  });
  const rows: TableRow[] = [header];
  for (const theme of table.themes) {
    theme.codes.forEach((code, i) => {
      rows.push(
        new TableRow({
          cantSplit: false,
          children: [
            cell(
              [new Paragraph({ children: i === 0 ? [text(theme.name, { bold: true })] : [] })],
              18,
              theme.codes.length > 1 ? (i === 0 ? 'restart' : 'continue') : undefined,
            ),
            cell([new Paragraph({ children: [text(code.name, { italics: true })] })], 20),
            cell(
              code.quotes.map(
                (q) =>
                  new Paragraph({
                    spacing: { after: 120 },
                    children: [
                      text(`“${q.text}” `),
                      text(`(${quoteCitation(q)})`, { italics: true }),
                      ...(quoteTime(q) === null ? [] : [text(` ${quoteTime(q)}`)]),
                    ],
                  }),
              ),
              62,
            ),
          ],
        }),
      );
    });
  }
  if (table.themes.length === 0) {
    rows.push(
      new TableRow({
        children: [
          cell([new Paragraph('—')], 18),
          cell([new Paragraph('—')], 20),
          cell([new Paragraph('No passages were coded in this layer.')], 62),
        ],
      }),
    );
  }
  const leftOut = quotesLeftOut(table);
  const document = new Document({
    creator: 'Concord',
    title: xmlSafe(quotesCaption(table)),
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          new Paragraph({ spacing: { after: 200 }, children: [text(quotesCaption(table), { bold: true })] }),
          new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
          ...(table.note.trim() === ''
            ? []
            : [
                new Paragraph({
                  spacing: { before: 200 },
                  children: [text(table.note.trim(), { italics: true })],
                }),
              ]),
          ...(leftOut === null
            ? []
            : [new Paragraph({ spacing: { before: 200 }, children: [text(leftOut, { italics: true })] })]),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
