/**
 * Reading a PDF's text for import (server/services/import/pdf.ts): the time a generated 200-page
 * PDF takes, from starting the worker to the laid-out text, and the peak resident memory of the
 * process while it reads (docs/sources.md, "PDF documents").
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchSection } from './run.ts';
import { repeat } from './samples.ts';
import { measured, type BenchRow } from './table.ts';

const PAGES = 200;

interface ChildResult {
  pages: number;
  fileMB: number;
  codePoints: number;
  ms: number;
  rssBeforeMB: number;
  peakRssMB: number;
}

async function readOnce(): Promise<ChildResult> {
  const child = fileURLToPath(new URL('./pdfChild.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, String(PAGES)], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildResult;
}

export const section: BenchSection = {
  title: `PDF import: reading the text of a generated ${PAGES}-page PDF`,
  async run(): Promise<BenchRow[]> {
    // A fresh process per run: the time includes starting the worker and loading PDF.js, as each
    // import does, and the peak memory is that run's alone.
    const runs = await repeat(readOnce, { warmups: 1 });
    const { fileMB, codePoints } = runs[0]!;
    return [
      {
        name: `read ${PAGES} pages (${fileMB.toFixed(2)} MiB, ${codePoints.toLocaleString('en')} code points)`,
        unit: 'ms',
        ...measured(runs.map((r) => r.ms)),
      },
      {
        name: 'peak RSS of the process while reading',
        unit: 'MB',
        ...measured(runs.map((r) => r.peakRssMB)),
      },
      { name: '  RSS before reading', unit: 'MB', ...measured(runs.map((r) => r.rssBeforeMB)) },
    ];
  },
};
