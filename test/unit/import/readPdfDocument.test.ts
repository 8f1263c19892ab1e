/**
 * A PDF read as a document by `readDocumentFile`, as the import route reads every file: its title
 * from the file name, its text and pages, no speaker turns, and the kept original passed on.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readDocumentFile } from '../../../server/services/import/documents.ts';
import { DEFAULT_ZIP_LIMITS } from '../../../server/services/import/zip.ts';
import { twoPagePdf, TWO_PAGE_TEXT } from '../../helpers/pdf.ts';

describe('readDocumentFile with a PDF', () => {
  it('gives the text, the pages, the title and file attribute, and the kept original', async () => {
    const data = Buffer.from(twoPagePdf());
    const source = {
      kind: 'pdf' as const,
      sha256: createHash('sha256').update(data).digest('hex'),
      bytes: data.byteLength,
      mediaType: 'application/pdf',
      fileName: 'Ward 3.PDF',
    };
    const read = await readDocumentFile({ name: 'uploads/Ward 3.PDF', data, source }, DEFAULT_ZIP_LIMITS);
    expect(read).toEqual({
      title: 'Ward 3',
      text: TWO_PAGE_TEXT.join('\n\n'),
      attributes: { file: 'Ward 3.PDF' },
      format: 'pdf',
      turns: 0,
      speakers: [],
      warnings: [],
      source,
      pages: [
        { start: 0, end: 107 },
        { start: 109, end: 130 },
      ],
    });
  });

  it('passes no source on when none was given', async () => {
    const read = await readDocumentFile(
      { name: 'w.pdf', data: Buffer.from(twoPagePdf()) },
      DEFAULT_ZIP_LIMITS,
    );
    expect(read.source).toBeUndefined();
    expect(read.pages).toHaveLength(2);
  });
});
