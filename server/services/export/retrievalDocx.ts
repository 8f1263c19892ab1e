/**
 * Coded retrieval as a Word document (the `docx` package): the caption, then per document a
 * heading and each passage as a quote with its citation, code and coder (and memo, if any).
 */
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { xmlSafe } from '../../../shared/interchange/xml.ts';
import { textRun } from './docxTable.ts';
import { quoteCitation, quoteTime } from './quotes.ts';
import { byDocument, retrievalCaption, type RetrievalReport } from './retrieval.ts';

/** Writes the retrieval as a .docx file. */
export async function retrievalDocx(report: RetrievalReport): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [textRun(retrievalCaption(report))] }),
  ];
  for (const group of byDocument(report.rows)) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [textRun(group.title)] }));
    for (const r of group.rows) {
      children.push(
        new Paragraph({
          spacing: { before: 120 },
          indent: { left: 360 },
          children: [
            textRun(`“${r.quote.text}” `),
            textRun(`(${quoteCitation(r.quote)})`, { italics: true }),
            ...(quoteTime(r.quote) === null ? [] : [textRun(` ${quoteTime(r.quote)}`)]),
          ],
        }),
        new Paragraph({
          indent: { left: 360 },
          children: [textRun(`${r.codePath} — ${r.layerName}`, { italics: true, size: 18 })],
        }),
      );
      if (r.memo.trim() !== '')
        children.push(
          new Paragraph({
            indent: { left: 360 },
            children: [textRun(`Memo: ${r.memo.trim()}`, { size: 18 })],
          }),
        );
    }
  }
  if (report.rows.length === 0) children.push(new Paragraph('No passages were coded with these codes.'));
  const document = new Document({
    creator: 'Concord',
    title: xmlSafe(retrievalCaption(report)),
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
