/**
 * The end-to-end harness: the system's Chromium (Debian's `chromium`; never a downloaded one)
 * driven by playwright-core, a real server on port 0 serving the built client, and sign-in
 * through the page itself.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ensureClientBuild } from '../../client/ensureBuild.ts';
import type { AppConfig } from '../../server/config.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium.ts';
import { skipUnlessPresent } from '../helpers/requirements.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

export { CHROMIUM_PATH };

/**
 * Prints why the browser suites cannot run here and returns true, outside CI only: in CI
 * (`.ci/run` installs Chromium) a missing browser fails the suite instead, naming the path.
 */
export function skipWithoutChromium(suite: string): boolean {
  return skipUnlessPresent(
    suite,
    existsSync(CHROMIUM_PATH) ? [] : [`no Chromium at ${CHROMIUM_PATH}`],
    'apt-get install chromium, or set CHROMIUM_PATH',
  );
}

export interface E2eBrowser {
  browser: Browser;
  /** A fresh, isolated browser profile (its own cookies and IndexedDB). */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * Builds the client when needed and launches headless Chromium; playwright gives it a fresh
 * temporary profile and removes it on close.
 */
export async function launchBrowser(): Promise<E2eBrowser> {
  await ensureClientBuild();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    timeout: 60_000,
  });
  return {
    browser,
    newContext: () => browser.newContext({ viewport: { width: 1280, height: 800 } }),
    async close() {
      await browser.close();
    },
  };
}

/** Signs in through the login form and waits for the signed-in shell. */
export async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
  path = '/',
): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-user').waitFor();
}

/** What Chromium logs for a response with status 401. */
const UNAUTHORIZED = 'Failed to load resource: the server responded with a status of 401 (Unauthorized)';

/** The entry {@link pageErrors} records for a 401 answer to `url`, for a test that expects one. */
export function unauthorizedAt(url: string): string {
  return `${UNAUTHORIZED} (${url})`;
}

/**
 * Whether a console error is Chromium's note on the session probe: the app asks `GET /api/me`
 * on start and a 401 there is how it learns nobody is signed in, so that one is expected. Any
 * other 401 (a request the signed-in page should have been allowed) is not.
 */
export function isSessionProbe(text: string, url: string): boolean {
  return text === UNAUTHORIZED && URL.canParse(url) && new URL(url).pathname === '/api/me';
}

/**
 * Collects uncaught page errors and console errors (with the URL they came from), so a test can
 * assert the page ran cleanly; only the expected session probe ({@link isSessionProbe}) is left out.
 */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const { url } = msg.location();
    if (isSessionProbe(msg.text(), url)) return;
    errors.push(url ? `${msg.text()} (${url})` : msg.text());
  });
  return errors;
}

/** An element's text with white space collapsed, as a reader sees it (templates add line breaks). */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** A demo member with an API token, as `TestServer.loadDemo` returns them. */
export type DemoMember = Awaited<ReturnType<TestServer['loadDemo']>>['members'][number];

/** What a browser suite works with: a server holding the demo project, and a browser. */
export interface DemoInBrowser {
  server: TestServer;
  browser: E2eBrowser;
  project: Project;
  members: DemoMember[];
}

/**
 * Starts a server with the demo project and a browser before the suite's tests and closes both
 * after them. The fixture is returned (its fields are set once `beforeAll` has run, so read them
 * inside tests and hooks only) and also handed to `receive`, for suites that keep it in locals.
 */
export function useDemoInBrowser(
  config: Partial<AppConfig>,
  receive: (fixture: DemoInBrowser) => void = () => undefined,
): DemoInBrowser {
  const fixture = {} as DemoInBrowser;
  let started = false;
  beforeAll(async () => {
    const [server, browser] = await Promise.all([startServer({ config }), launchBrowser()]);
    Object.assign(fixture, { server, browser, ...(await server.loadDemo()) });
    started = true;
    receive(fixture);
  }, 120_000);
  afterAll(async () => {
    if (!started) return;
    await fixture.browser.close();
    await fixture.server.destroy();
  });
  return fixture;
}

/**
 * Opens a fresh browser profile (its own cookies and storage), signs `who` in through the login
 * form at `path` and answers the page once the signed-in shell shows.
 */
export async function signedInPage(
  browser: E2eBrowser,
  baseUrl: string,
  who: { email: string; password: string },
  path = '/',
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, baseUrl, who.email, who.password, path);
  return page;
}

/** A short interview of four paragraphs (interviewer and nurse) for the coding-view suites. */
export const MERGER_INTERVIEW =
  'Interviewer: How did the merger change your work?\n\nNurse: We lost the garden, and the team split up.\n\n' +
  'Interviewer: What helped?\n\nNurse: Talking to the other wards every morning.';

/** Adds a document holding `text` to the demo project, as the administrator; throws unless created. */
export async function addDemoDocument(
  demo: DemoInBrowser,
  title: string,
  text: string = MERGER_INTERVIEW,
): Promise<Document> {
  const res = await demo.server.api<Document>('POST', `/api/projects/${demo.project.id}/documents`, {
    title,
    text,
  });
  if (res.status !== 201)
    throw new Error(`document not created (${res.status}): ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Opens a document of the demo project in the coding view as `who`, in a fresh browser profile,
 * and answers the page once the transcript shows `shown` (by default a phrase of
 * {@link MERGER_INTERVIEW}).
 */
export async function openDemoDocument(
  demo: DemoInBrowser,
  who: { email: string; password: string },
  doc: Document,
  shown = 'We lost the garden',
): Promise<Page> {
  const page = await signedInPage(
    demo.browser,
    demo.server.http,
    who,
    `/projects/${demo.project.id}/documents/${doc.id}`,
  );
  await page.locator('cc-transcript .cm-content').getByText(shown).waitFor();
  return page;
}

/**
 * Codes the first word of a line (1-based) of the open transcript with a quick key, and waits for
 * the coding view to say it coded.
 */
export async function codeFirstWord(page: Page, line: number, key: string): Promise<void> {
  await page.locator('cc-transcript .cm-content').focus();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.press('Control+Shift+ArrowRight');
  await page.keyboard.press(key);
  await page
    .getByTestId('coding-status')
    .filter({ hasText: /^\s*Coded/ })
    .waitFor();
}
