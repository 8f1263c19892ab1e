/**
 * The page view and the server agree on every position: PDF.js' text layer reads a page's items
 * with marked content and without normalisation (ligatures stay U+FB01), the server reads them
 * with PDF.js' defaults in a worker; laid out by shared/pdf/layout.ts, both give the server's
 * page text, and every character of every item the text layer shows maps to the same character
 * of that text.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { itemSpan, layoutPage, type ItemPlacement, type PdfTextItem } from '../../../shared/pdf/layout.ts';
import { extractPdfText } from '../../../server/services/import/pdf.ts';
import { twoPagePdf } from '../../helpers/pdf.ts';

const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

describe('text layer and server', () => {
  it('lay out the same text from the items the text layer reads, and map each shown character to it', async () => {
    const data = twoPagePdf();
    const server = await extractPdfText(data, 'ward.pdf');
    const text = [...server.text];
    const doc = await getDocument({
      data,
      standardFontDataUrl: `${join(root, 'standard_fonts')}/`,
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
    let ligatures = 0;
    for (const [index, range] of server.pages.entries()) {
      const page = await doc.getPage(index + 1);
      const content = await page.getTextContent({ includeMarkedContent: true, disableNormalization: true });
      const layout = layoutPage(content.items);
      expect(layout.text).toBe(text.slice(range.start, range.end).join(''));
      for (const [i, entry] of content.items.entries()) {
        if (!('str' in entry)) continue;
        const item = entry as PdfTextItem;
        const placement = layout.items[i] as ItemPlacement;
        const points = [...layout.text];
        for (let k = 0; k < item.str.length;) {
          const char = String.fromCodePoint(item.str.codePointAt(k)!);
          const next = k + char.length;
          const shown = points.slice(placement.offsets[k], placement.offsets[next]).join('');
          if (char === '\ufb01' || char === '\ufb02') ligatures++;
          // Each character shows itself as the server normalised it, or nothing when dropped;
          // and the part of the item that shows those positions is that character.
          if (shown !== '') {
            expect(shown).toBe(char.normalize('NFKC'));
            expect(itemSpan(item.str, placement, placement.offsets[k]!, placement.offsets[next]!)).toEqual({
              from: k,
              to: next,
            });
          }
          k = next;
        }
      }
    }
    expect(ligatures).toBe(2);
    await doc.destroy();
  });
});
