/**
 * The text of a PDF file, page by page, as Concord stores a PDF document (docs/sources.md, "PDF
 * documents"). PDF.js (pdfjs-dist, its Node build) reads the file in a worker thread: parsing a
 * long PDF takes seconds of CPU, which on the server's own thread would hold every request and
 * every sync message, and a hostile file can make it take far longer or use far more memory. The
 * worker runs under a time limit (it is terminated when the limit passes), a heap limit and a
 * page-count ceiling. Each page's text items come back to this thread and are laid out by
 * shared/pdf/layout.ts, the same code the browser's page view maps selections with.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import { joinPages, layoutPage, type PdfTextItem } from '../../../shared/pdf/layout.ts';

/** Most pages one PDF may have. */
export const PDF_MAX_PAGES = 2000;
/** Longest one PDF may take to read, ms (a 200-page text PDF takes a few seconds). */
export const PDF_TIME_LIMIT_MS = 120_000;
/** Heap of the reading worker, MiB. */
const WORKER_HEAP_MB = 1024;

/** Most the server's memory may grow while a PDF is read, bytes. */
export const PDF_MEMORY_LIMIT_BYTES = 1024 * 2 ** 20;
/** How often the memory is looked at while a PDF is read, ms. */
const MEMORY_CHECK_MS = 50;

/**
 * Limits on reading one PDF; defaults {@link PDF_MAX_PAGES}, {@link PDF_TIME_LIMIT_MS} and
 * {@link PDF_MEMORY_LIMIT_BYTES}. The worker's heap limit does not cover the buffers PDF.js
 * decodes streams into (a few hundred bytes of compressed spaces can decode to gigabytes), so the
 * process's resident memory is watched too and the worker stopped when it grows past the limit.
 */
export interface PdfLimits {
  maxPages?: number;
  /** ms */
  timeLimitMs?: number;
  /** bytes the resident memory may grow by while reading */
  memoryLimitBytes?: number;
  /** The resident memory in bytes (default `process.memoryUsage.rss`). */
  residentMemory?: () => number;
}

/** A PDF document's text, and each page's range in it. */
export interface PdfText {
  /** The pages' texts joined by "\n\n". */
  text: string;
  /** One per page, in order: `[start, end)` in code points of `text`, without the separator. */
  pages: { start: number; end: number }[];
}

const PDFJS = (() => {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  return {
    module: pathToFileURL(join(root, 'legacy', 'build', 'pdf.mjs')).href,
    // Font metrics and character maps PDF.js reads text with; the page view passes the same, so
    // both see the same characters and the same text items.
    standardFontDataUrl: `${join(root, 'standard_fonts')}/`,
    cMapUrl: `${join(root, 'cmaps')}/`,
  };
})();

/** Messages from the worker. */
type FromWorker =
  | { type: 'pages'; count: number }
  | { type: 'page'; page: number; items: PdfTextItem[] }
  | { type: 'done' }
  | { type: 'error'; name: string; message: string };

// The worker (CommonJS evaluated from source, so it runs the same under any loader the server was
// started with): opens the PDF, reports its page count, then each page's text items, one message
// per page, keeping only the fields the layout reads.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, data, maxPages, standardFontDataUrl, cMapUrl } = workerData;
const fail = (error) =>
  parentPort.postMessage({ type: 'error', name: String(error?.name ?? 'Error'), message: String(error?.message ?? error) });
(async () => {
  const pdfjs = await import(module);
  const doc = await pdfjs.getDocument({
    data, standardFontDataUrl, cMapUrl, cMapPacked: true,
    isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0,
  }).promise;
  parentPort.postMessage({ type: 'pages', count: doc.numPages });
  if (doc.numPages > maxPages) return;
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    const items = [];
    for (const it of content.items) {
      if (typeof it.str !== 'string') continue;
      items.push({ str: it.str, dir: it.dir, transform: it.transform, width: it.width, height: it.height, hasEOL: it.hasEOL });
    }
    page.cleanup();
    parentPort.postMessage({ type: 'page', page: i, items });
  }
  await doc.destroy();
  parentPort.postMessage({ type: 'done' });
})().catch(fail);
`;

/** Whether the file says it is a PDF: "%PDF-" within its first 1024 bytes, as readers accept. */
function looksLikePdf(data: Uint8Array): boolean {
  return Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 1024))
    .toString('latin1')
    .includes('%PDF-');
}

/** A time limit in words: "2 minutes", "30 s", "500 ms". */
function duration(ms: number): string {
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} minutes`;
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** The error for what PDF.js reported, in words that say what to do. */
function refusal(what: string, name: string, message: string): AppError {
  if (name === 'PasswordException') {
    return new AppError(
      'validation',
      `${what} is protected by a password; save a copy without the password in your PDF tool and import that`,
    );
  }
  return new AppError(
    'validation',
    `${what} could not be read as a PDF (${message}); check that it opens in a PDF reader, save it again from there and import that`,
  );
}

/**
 * The text of a PDF, page by page in reading order (shared/pdf/layout.ts: ligatures expanded,
 * words hyphenated at line ends joined, paragraphs on their own lines), pages joined by "\n\n",
 * with each page's code-point range (empty pages keep theirs, `start === end`). PDF.js runs in a
 * worker thread, terminated after `limits.timeLimitMs`. `what` names the file in messages.
 * @throws AppError `validation` when the file is not a PDF or is damaged, is protected by a
 *   password, has more than `limits.maxPages` pages, takes longer than the time limit or more
 *   memory than allowed, or has no text on any page (a scanned PDF: Concord runs no OCR).
 */
export async function extractPdfText(
  data: Uint8Array,
  what: string,
  limits: PdfLimits = {},
): Promise<PdfText> {
  const {
    maxPages = PDF_MAX_PAGES,
    timeLimitMs = PDF_TIME_LIMIT_MS,
    memoryLimitBytes = PDF_MEMORY_LIMIT_BYTES,
    residentMemory = () => process.memoryUsage.rss(),
  } = limits;
  if (!looksLikePdf(data)) {
    throw new AppError(
      'validation',
      `${what} is not a PDF file (it does not start as one); check that it opens in a PDF reader and import the PDF itself`,
    );
  }
  const pageTexts = await readPages(data, what, { maxPages, timeLimitMs, memoryLimitBytes, residentMemory });
  if (pageTexts.every((page) => page === '')) {
    throw new AppError(
      'validation',
      `${what} has no text layer — it looks like a scanned PDF; Concord does not run OCR: run OCR in your PDF tool first and import the result`,
    );
  }
  return joinPages(pageTexts);
}

/** Each page's laid-out text, read in a worker under the limits. */
function readPages(
  data: Uint8Array,
  what: string,
  { maxPages, timeLimitMs, memoryLimitBytes, residentMemory }: Required<PdfLimits>,
): Promise<string[]> {
  const baseline = residentMemory();
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { data, maxPages, ...PDFJS },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    const pages: string[] = [];
    let settled = false;
    const finish = (result: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      void worker.terminate();
      result();
    };
    const fail = (message: string): void => finish(() => reject(new AppError('validation', message)));
    const timer = setTimeout(
      () =>
        fail(
          `${what} took longer than ${duration(timeLimitMs)} to read, so reading it was stopped; it may be damaged or built to be slow to read: save it again from a PDF reader, or split it, and import that`,
        ),
      timeLimitMs,
    );
    const tooMuchMemory = () =>
      fail(
        `${what} needed more memory to read than Concord allows for one PDF; it may be damaged: save it again from a PDF reader, or split it, and import that`,
      );
    const watch = setInterval(() => {
      if (residentMemory() - baseline > memoryLimitBytes) tooMuchMemory();
    }, MEMORY_CHECK_MS);
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'pages') {
        if (message.count > maxPages) {
          fail(
            `${what} has ${message.count} pages; Concord imports PDFs of at most ${maxPages} pages: split it in your PDF tool and import the parts`,
          );
        }
      } else if (message.type === 'page') {
        pages.push(layoutPage(message.items).text);
      } else if (message.type === 'done') {
        finish(() => resolve(pages));
      } else {
        finish(() => reject(refusal(what, message.name, message.message)));
      }
    });
    worker.once('error', (error: Error & { code?: string }) =>
      error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooMuchMemory() : finish(() => reject(error)),
    );
    worker.once('exit', (code) =>
      finish(() => reject(new Error(`reading ${what} stopped unexpectedly (exit code ${code})`))),
    );
  });
}
