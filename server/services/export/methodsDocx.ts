/**
 * The methods section as a Word document (the `docx` package, as the quotes export): paragraphs,
 * the rounds table in landscape with its header repeated on every page, notes and references.
 */
import {
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  WidthType,
} from 'docx';
import { xmlSafe } from '../../../shared/interchange/xml.ts';
import { journalBorders, textRun } from './docxTable.ts';
import type { MethodsDocument } from '../../../shared/rounds/methods.ts';

const borders = journalBorders;

const text = textRun;

// Thirteen columns: a smaller type keeps them legible on a landscape page.
const cellText = (value: string, bold = false) =>
  new Paragraph({ children: [text(value, { bold, size: 16 })] });

/** Writes the methods section as a .docx file. */
export async function methodsDocx(doc: MethodsDocument): Promise<Buffer> {
  const { table } = doc;
  const width = 100 / table.header.length;
  const cell = (value: string, bold = false) =>
    new TableCell({
      children: [cellText(value, bold)],
      width: { size: width, type: WidthType.PERCENTAGE },
      borders,
    });
  const rows = [
    new TableRow({ tableHeader: true, children: table.header.map((h) => cell(h, true)) }),
    ...table.rows.map((row) => new TableRow({ children: row.map((c) => cell(c)) })),
  ];
  if (table.rows.length === 0) rows.push(new TableRow({ children: table.header.map(() => cell('—')) }));
  const document = new Document({
    creator: 'Concord',
    title: xmlSafe(doc.title),
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [text(doc.title)] }),
          ...doc.paragraphs.map((p) => new Paragraph({ spacing: { after: 160 }, children: [text(p)] })),
          new Paragraph({
            spacing: { before: 200, after: 120 },
            children: [text(table.caption, { bold: true })],
          }),
          new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
          ...table.notes.map(
            (n) =>
              new Paragraph({ spacing: { before: 120 }, children: [text(n, { italics: true, size: 18 })] }),
          ),
          new Paragraph({
            heading: HeadingLevel.HEADING_3,
            spacing: { before: 240 },
            children: [text('References')],
          }),
          ...doc.references.map((r) => new Paragraph({ spacing: { after: 80 }, children: [text(r)] })),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
