/**
 * Child process of the PDF benchmark: reads the text of a generated PDF of `<pages>` pages once,
 * as an import does (a new worker thread loading PDF.js), and prints the time it took and the
 * process's resident memory: before, and its peak (worker included: it is a thread of this
 * process). A fresh process per run, so the peak belongs to this one reading.
 *
 * `node --import tsx bench/pdfChild.ts <pages>`
 */
import { extractPdfText } from '../server/services/import/pdf.ts';
import { manyPagePdf } from '../test/helpers/pdf.ts';

const PAGES = Number(process.argv[2] ?? 200);
const { pdf, pageTexts } = manyPagePdf(PAGES);
const before = process.memoryUsage().rss;
const started = performance.now();
const { text, pages } = await extractPdfText(pdf, 'bench.pdf');
const ms = performance.now() - started;
if (text !== pageTexts.join('\n\n') || pages.length !== PAGES) throw new Error('the text read differs');
process.stdout.write(
  `${JSON.stringify({
    pages: PAGES,
    fileMB: pdf.byteLength / 2 ** 20,
    codePoints: [...text].length,
    ms,
    rssBeforeMB: before / 2 ** 20,
    // maxRSS is in KiB.
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
