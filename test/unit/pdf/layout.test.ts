import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { describe, expect, it } from 'vitest';
import { layoutPage, type PdfTextItem } from '../../../shared/pdf/layout.ts';
import { simplePdf } from '../../helpers/simplePdf.ts';

/** A text item as PDF.js gives one: `str` at (x, y), 12 units high, `width` wide. */
function item(str: string, x: number, y: number, width: number, hasEOL = false): PdfTextItem {
  return { str, hasEOL, transform: [12, 0, 0, 12, x, y], width, height: 12 };
}

/** The text each item's characters were placed at, to compare with the item's own string. */
function placedText(layout: { text: string; items: number[][] }, i: number): string {
  const row = layout.items[i]!;
  return [...layout.text].slice(row[0], row[row.length - 1]).join('');
}

describe('PDF page layout', () => {
  it('puts a space between items on a line with a gap, none where they touch, and a line break when the line ends', () => {
    const layout = layoutPage([
      item('Nurses', 72, 700, 40),
      item('said', 120, 700, 24),
      item('it', 144, 700, 8, true),
      item('helped.', 72, 684, 40),
    ]);
    expect(layout.text).toBe('Nurses saidit\nhelped.');
    expect(layout.items).toEqual([
      [0, 1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11],
      [11, 12, 13],
      [14, 15, 16, 17, 18, 19, 20, 21],
    ]);
  });

  it('starts a new line where an item sits lower, without hasEOL', () => {
    const layout = layoutPage([item('First line', 72, 700, 60), item('second line', 72, 684, 60)]);
    expect(layout.text).toBe('First line\nsecond line');
  });

  it('expands ligatures, each ligature character spanning the letters it stands for', () => {
    const layout = layoutPage([item('\uFB01ne e\uFB03cacy', 72, 700, 80)]);
    expect(layout.text).toBe('fine efficacy');
    // ﬁ (index 0) covers "fi" [0, 2); ﬃ (index 5) covers "ffi" [6, 9).
    expect(layout.items[0]!.slice(0, 3)).toEqual([0, 2, 3]);
    expect(layout.items[0]!.slice(5, 7)).toEqual([6, 9]);
  });

  it('joins a word hyphenated at the end of a line, dropping the hyphen and the break', () => {
    const layout = layoutPage([item('a multi-', 72, 700, 50, true), item('disciplinary team', 72, 684, 100)]);
    expect(layout.text).toBe('a multidisciplinary team');
    // The dropped hyphen takes no room: it starts and ends where "disciplinary" starts.
    expect(layout.items[0]!.slice(7)).toEqual([7, 7]);
    expect(placedText(layout, 1)).toBe('disciplinary team');
  });

  it('keeps a hyphen before a capital or a number: that is not a broken word', () => {
    const layout = layoutPage([item('COVID-', 72, 700, 40, true), item('19 wards', 72, 684, 50)]);
    expect(layout.text).toBe('COVID-\n19 wards');
  });

  it('drops whitespace at line ends and keeps one space of a run', () => {
    const layout = layoutPage([item('two  spaces ', 72, 700, 70, true), item(' next', 72, 684, 30)]);
    expect(layout.text).toBe('two spaces\nnext');
    expect(placedText(layout, 1)).toBe('next');
  });

  it('counts code points, so a character outside the BMP is one position', () => {
    const layout = layoutPage([item('a 😀 b', 72, 700, 30)]);
    expect(layout.items[0]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('lays out what PDF.js reads from a real PDF, each item placed at its own text', async () => {
    const lines = [
      ['Interview 3, page one.', 'The ward (east) was a multi-', 'disciplinary team of nine.'],
      ['Page two begins here.', 'It ends here.'],
    ];
    const pdf = await getDocument({ data: simplePdf(lines), isEvalSupported: false }).promise;
    try {
      const texts: string[] = [];
      for (let n = 1; n <= pdf.numPages; n++) {
        const content = await (await pdf.getPage(n)).getTextContent();
        const items = content.items.filter((i): i is TextItem => 'str' in i);
        const layout = layoutPage(items);
        texts.push(layout.text);
        items.forEach((it, i) => {
          if (it.str.trim() !== '' && !it.str.endsWith('-')) expect(placedText(layout, i)).toBe(it.str);
        });
      }
      expect(texts).toEqual([
        'Interview 3, page one.\nThe ward (east) was a multidisciplinary team of nine.',
        'Page two begins here.\nIt ends here.',
      ]);
    } finally {
      await pdf.destroy();
    }
  });
});
