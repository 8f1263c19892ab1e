/**
 * The page view of a PDF document in the system's Chromium (not a test): a generated 200-page PDF
 * imported through the import route, then opened in the coding view. Measures the time from
 * navigation start until the first page is painted with its text layer (what a reader can select
 * and code), and, for reference, until the same document's text is shown in the text view
 * (`?view=text`). Each run is a fresh browser profile, so nothing of the file is cached.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureClientBuild } from '../client/ensureBuild.ts';
import type { Document } from '../shared/schemas.ts';
import { manyPagePdf } from '../test/helpers/pdf.ts';
import { startServer, type TestServer } from '../test/helpers/server.ts';
import { upload } from '../test/helpers/transfer.ts';
import type { BenchSection } from './run.ts';
import { alternate } from './samples.ts';
import { measured, type BenchRow } from './table.ts';

const PAGES = 200;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Measuring polls the page with evaluated expressions, which the app's CSP (rightly) forbids. */
const CONTEXT = { viewport: { width: 1280, height: 800 }, bypassCSP: true };

/** In the page: ms from navigation start once page 1 is painted with text-layer spans, else false. */
export const FIRST_PAGE = `(() => {
  const view = document.querySelector('cc-app')?.shadowRoot?.querySelector('cc-coding-view');
  const pages = view?.shadowRoot?.querySelector('cc-pdf-pages')?.shadowRoot;
  return pages?.querySelector('.page[data-page="1"][data-painted] [data-item]') ? performance.now() : false;
})()`;

/** In the page: ms from navigation start once the text view shows the first page's text, else false. */
export const FIRST_TEXT = `(() => {
  const view = document.querySelector('cc-app')?.shadowRoot?.querySelector('cc-coding-view');
  const content = view?.shadowRoot?.querySelector('cc-transcript')?.shadowRoot?.querySelector('.cm-content');
  return content && content.textContent.length > 1000 ? performance.now() : false;
})()`;

/** Opens `url` and answers the first non-false value of `probe` (polled every 10 ms). */
export async function timeTo(page: Page, url: string, probe: string): Promise<number> {
  await page.goto(url);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const at = (await page.evaluate(probe)) as number | false;
    if (at !== false) return at;
    if (Date.now() > deadline) throw new Error(`nothing shown at ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A fresh browser profile with `who` signed in through the login form, and a way to close it. */
export async function signedIn(
  browser: Browser,
  server: TestServer,
  who: { email: string; password: string },
) {
  const context = await browser.newContext(CONTEXT);
  const page = await context.newPage();
  await page.goto(`${server.http}/login`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-user').waitFor();
  return { page, close: () => context.close() };
}

export const section: BenchSection = {
  title: `PDF page view: first page of a ${PAGES}-page PDF painted with its text layer (Chromium)`,
  async run(): Promise<BenchRow[]> {
    await ensureClientBuild();
    const server = await startServer();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
    try {
      const { project, members } = await server.loadDemo();
      const { pdf } = manyPagePdf(PAGES);
      const res = await upload<{ documents: Document[] }>(
        server,
        `/api/projects/${project.id}/documents/import`,
        [{ name: 'Long report.pdf', data: pdf }],
      );
      if (res.status !== 201) throw new Error(`the PDF was not imported (${res.status})`);
      const url = `${server.http}/projects/${project.id}/documents/${res.body.documents[0]!.id}`;
      const who = members.find((m) => m.name === 'Demo supervisor')!;
      const once = (view: 'page' | 'text') => async () => {
        const { page, close } = await signedIn(browser, server, who);
        try {
          return await timeTo(
            page,
            view === 'page' ? url : `${url}?view=text`,
            view === 'page' ? FIRST_PAGE : FIRST_TEXT,
          );
        } finally {
          await close();
        }
      };
      const { a: pages, b: texts } = await alternate(once('page'), once('text'));
      return [
        {
          name: `first page painted with its text layer (${(pdf.length / 2 ** 20).toFixed(2)} MiB file)`,
          unit: 'ms',
          ...measured(pages),
        },
        { name: '  the same document in the text view', unit: 'ms', ...measured(texts) },
      ];
    } finally {
      await browser.close();
      await server.destroy();
    }
  },
};
