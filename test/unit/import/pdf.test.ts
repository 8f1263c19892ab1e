/**
 * Reading a PDF's text with PDF.js in a worker thread, on PDFs written in code
 * (test/helpers/pdf.ts): the exact text and page ranges (code points), and the refusals — not a
 * PDF, damaged, password-protected, scanned (no text layer), too many pages, too slow.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { extractPdfText } from '../../../server/services/import/pdf.ts';
import {
  buildPdf,
  flateBombPdf,
  manyPagePdf,
  scannedPdf,
  twoPagePdf,
  TWO_PAGE_TEXT,
} from '../../helpers/pdf.ts';

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return { code: (error as AppError).code, message: (error as AppError).message };
}

describe('extractPdfText', () => {
  it('reads each page in reading order, with ligatures, hyphenation, 𠮷 and Hebrew, and its code-point range', async () => {
    const { text, pages } = await extractPdfText(twoPagePdf(), 'ward.pdf');
    expect(text).toBe(
      'Interview one\nThe first nurse gave an example of a floor routine.\nA well-known ward - then the night shift.' +
        '\n\nPage two names 𠮷\nשלום',
    );
    expect(text).toBe(TWO_PAGE_TEXT.join('\n\n'));
    // Page 1 is 107 code points; the blank line takes 107–108; page 2 is 21 code points (𠮷 is one).
    expect(pages).toEqual([
      { start: 0, end: 107 },
      { start: 109, end: 130 },
    ]);
    const points = [...text];
    expect(points.slice(109, 130).join('')).toBe('Page two names 𠮷\nשלום');
  });

  it('keeps a page without text as an empty range between its neighbours', async () => {
    const line = (text: string) => ({ texts: [{ x: 72, y: 700, size: 12, text }] });
    const { text, pages } = await extractPdfText(
      buildPdf([line('First page.'), { texts: [], image: true }, line('Third page.')]),
      'gap.pdf',
    );
    expect(text).toBe('First page.\n\n\n\nThird page.');
    expect(pages).toEqual([
      { start: 0, end: 11 },
      { start: 13, end: 13 },
      { start: 15, end: 26 },
    ]);
  });

  it('refuses a scanned PDF, saying it has no text layer and that Concord runs no OCR', async () => {
    expect(await refusal(extractPdfText(scannedPdf(3), 'scan.pdf'))).toEqual({
      code: 'validation',
      message:
        'scan.pdf has no text layer — it looks like a scanned PDF; Concord does not run OCR: run OCR in your PDF tool first and import the result',
    });
  });

  it('refuses a file that is not a PDF, a damaged PDF and a password-protected PDF, naming the file', async () => {
    expect(
      await refusal(extractPdfText(new TextEncoder().encode('Interviewer: hello'), 'notes.pdf')),
    ).toEqual({
      code: 'validation',
      message:
        'notes.pdf is not a PDF file (it does not start as one); check that it opens in a PDF reader and import the PDF itself',
    });
    const damaged = await refusal(
      extractPdfText(new TextEncoder().encode('%PDF-1.7\n1 0 obj <<'), 'cut.pdf'),
    );
    expect(damaged.code).toBe('validation');
    expect(damaged.message).toMatch(
      /^cut\.pdf could not be read as a PDF \(.+\); check that it opens in a PDF reader, save it again from there and import that$/,
    );
    const secret = buildPdf([{ texts: [{ x: 72, y: 700, size: 12, text: 'Confidential.' }] }], {
      password: true,
    });
    expect(await refusal(extractPdfText(secret, 'locked.pdf'))).toEqual({
      code: 'validation',
      message:
        'locked.pdf is protected by a password; save a copy without the password in your PDF tool and import that',
    });
  });

  it('refuses more pages than the ceiling, and stops reading when the time limit passes', async () => {
    const { pdf } = manyPagePdf(5);
    expect(await refusal(extractPdfText(pdf, 'book.pdf', { maxPages: 4 }))).toEqual({
      code: 'validation',
      message:
        'book.pdf has 5 pages; Concord imports PDFs of at most 4 pages: split it in your PDF tool and import the parts',
    });
    expect(await refusal(extractPdfText(pdf, 'slow.pdf', { timeLimitMs: 1 }))).toEqual({
      code: 'validation',
      message:
        'slow.pdf took longer than 1 ms to read, so reading it was stopped; it may be damaged or built to be slow to read: save it again from a PDF reader, or split it, and import that',
    });
    // The limits applied to that reading only: the same file reads in full under the defaults.
    expect((await extractPdfText(pdf, 'book.pdf')).pages).toHaveLength(5);
  });

  it('reads a 200-page PDF while the event loop keeps turning', async () => {
    const { pdf, pageTexts } = manyPagePdf(200);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    // Turns of the event loop while the file is read: parsing on this thread would allow none
    // until it finished; in the worker, this thread only lays out one page's items at a time.
    let turns = 0;
    let reading = true;
    const tick = () => {
      turns++;
      if (reading) setImmediate(tick);
    };
    setImmediate(tick);
    const started = performance.now();
    const { text, pages } = await extractPdfText(pdf, 'report.pdf');
    reading = false;
    const ms = performance.now() - started;
    delay.disable();
    expect(text).toBe(pageTexts.join('\n\n'));
    expect(pages).toHaveLength(200);
    expect(pages[199]!.end).toBe([...text].length);
    expect(turns).toBeGreaterThan(50);
    // Timings are reported, not asserted (`npm run bench -- pdf` measures them).
    console.log(
      `200-page PDF (${(pdf.byteLength / 2 ** 20).toFixed(2)} MiB, ${[...text].length} code points): ${ms.toFixed(0)} ms, ${turns} event-loop turns, longest pause ${(delay.max / 1e6).toFixed(0)} ms`,
    );
  });

  it('stops reading a PDF whose decoded streams outgrow the memory allowed, with a message that says why', async () => {
    // Attack case: a 1 MB PDF of compressed spaces made the server grow by 2 GB; the worker's
    // heap limit does not cover the buffers PDF.js decodes streams into.
    const bomb = await flateBombPdf(300 * 2 ** 20);
    expect(bomb.byteLength).toBeLessThan(2 ** 20);
    expect(await refusal(extractPdfText(bomb, 'bomb.pdf', { memoryLimitBytes: 64 * 2 ** 20 }))).toEqual({
      code: 'validation',
      message:
        'bomb.pdf needed more memory to read than Concord allows for one PDF; it may be damaged: save it again from a PDF reader, or split it, and import that',
    });
    // The memory watched is the one passed in: a reading whose memory stays flat is not stopped.
    const flat = await extractPdfText(twoPagePdf(), 'ward.pdf', {
      memoryLimitBytes: 1,
      residentMemory: () => 0,
    });
    expect(flat.pages).toHaveLength(2);
  });
});
