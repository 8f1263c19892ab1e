/**
 * The large study's project page and memory (issue "Scale and peers", must-have 3), measured on a
 * server that holds the imported study:
 * - the project page's documents-and-progress answer: the requests the page makes to show its
 *   documents with each coder's progress (`ProjectController.reload`: the project, its members and
 *   documents at once; then `…/progress`), timed together as the page waits for them; p95 of
 *   `PAGE_REQUESTS` loads, target < 300 ms. The first progress answer after the import, which
 *   derives every document's figures from its rooms (nothing has been derived yet), is reported
 *   on its own row: it is paid once per import, not per page load;
 *   The page's former reading (one `…/codings` request per document, which loads its text and
 *   layer rooms) is timed once in the same run, as the reference column;
 * - the first render of the project page in Chromium: from navigation start until the documents
 *   table shows its rows with progress bars, after a requestAnimationFrame (painted), in a fresh
 *   signed-in profile each run; target < 1.5 s;
 * - the server's resident memory with one room per document loaded, by a stock y-websocket client
 *   on each document's text room: the total and the increase per room, read once the rooms the
 *   steps before loaded have unloaded (`ROOM_UNLOAD_MS` after their last use).
 */
import { chromium, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ensureClientBuild } from '../../client/ensureBuild.ts';
import { roomName } from '../../shared/protocol.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/helpers/chromium.ts';
import { memoryOf } from '../processMemory.ts';
import { ROUNDS, repeat, spreadOf } from '../samples.ts';
import { measured, type BenchRow } from '../table.ts';
import { TARGETS } from '../targets.ts';

/** What the measurements need of the running server holding the study. */
export interface ProjectPageContext {
  /** The server's base URL, e.g. `http://127.0.0.1:1234`. */
  http: string;
  /** An API token of a user who sees every layer (the importer, the project's owner). */
  token: string;
  /** The same user's e-mail and password, to sign in in Chromium. */
  credentials: { email: string; password: string };
  projectId: string;
  /** The server's process id, for its resident memory (Linux /proc). */
  childPid: number;
  /** Page loads timed for the p95 (default `PAGE_REQUESTS` from the environment, else 40). */
  pageLoads?: number;
  /** Rooms opened at once while loading them (default 50). */
  openBatch?: number;
  /**
   * Stops the server and starts it again on the same data, answering the new process's address,
   * token and pid: the render and the memory are then measured on a process that the import and
   * the former page reading (which loads every room) did not leave with a grown heap and rooms
   * unloading. Without it they are measured on the same process once its rooms have unloaded.
   */
  restart?: () => Promise<Pick<ProjectPageContext, 'http' | 'token' | 'childPid'>>;
}

/** Page loads timed for the answer's p95 (`PAGE_REQUESTS`, default 40). */
const PAGE_LOADS = Number(process.env.PAGE_REQUESTS ?? 40);

/** Measuring polls the page with evaluated expressions, which the app's CSP (rightly) forbids. */
const BROWSER_CONTEXT = { viewport: { width: 1280, height: 800 }, bypassCSP: true };

/**
 * In the page: milliseconds from navigation start to the frame after the documents table shows
 * its rows with progress bars (a cell per coder once progress arrived), or false before that.
 */
const FIRST_RENDER = `(() => {
  const pageEl = document.querySelector('cc-app')?.shadowRoot?.querySelector('cc-project-page');
  const table = pageEl?.shadowRoot?.querySelector('cc-document-table')?.shadowRoot;
  const rows = table?.querySelectorAll('tbody tr').length ?? 0;
  if (rows === 0 || !table.querySelector('td.progress[data-coder]')) return false;
  return new Promise((resolve) => requestAnimationFrame(() => resolve({ ms: performance.now(), rows })));
})()`;

/** The 95th percentile (nearest rank) of samples. */
export function p95(samples: readonly number[]): number {
  if (samples.length === 0) throw new RangeError('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

async function getJson(ctx: ProjectPageContext, path: string): Promise<unknown> {
  const res = await fetch(`${ctx.http}${path}`, { headers: { authorization: `Bearer ${ctx.token}` } });
  if (res.status !== 200)
    throw new Error(`GET ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res.json();
}

/** One load of the page's data as the page makes it; answers ms and the documents listed. */
async function loadPage(ctx: ProjectPageContext): Promise<{ ms: number; documents: number; layers: number }> {
  const base = `/api/projects/${ctx.projectId}`;
  const started = performance.now();
  const [, , documents] = (await Promise.all([
    getJson(ctx, base),
    getJson(ctx, `${base}/members`),
    getJson(ctx, `${base}/documents`),
  ])) as [unknown, unknown, unknown[]];
  const progress = (await getJson(ctx, `${base}/progress`)) as { documents: { layers: unknown[] }[] };
  const ms = performance.now() - started;
  const layers = progress.documents.reduce((n, d) => n + d.layers.length, 0);
  return { ms, documents: documents.length, layers };
}

/**
 * The page's data as the project page read it before progress was derived data: the project,
 * members and documents, then every document's codings (text and visible layers) at once.
 */
async function loadPageBefore(ctx: ProjectPageContext): Promise<number> {
  const base = `/api/projects/${ctx.projectId}`;
  const started = performance.now();
  const [, , documents] = (await Promise.all([
    getJson(ctx, base),
    getJson(ctx, `${base}/members`),
    getJson(ctx, `${base}/documents`),
  ])) as [unknown, unknown, { id: string }[]];
  await Promise.all(documents.map((d) => getJson(ctx, `${base}/documents/${d.id}/codings`)));
  return performance.now() - started;
}

/**
 * The documents-and-progress answer: the first (deriving) answer, then p95 and median of loads,
 * beside the page's former reading (one codings request per document) timed once after them.
 */
async function measureAnswer(ctx: ProjectPageContext): Promise<BenchRow[]> {
  const first = await loadPage(ctx);
  const loads = ctx.pageLoads ?? PAGE_LOADS;
  const samples = await repeat(() => loadPage(ctx), { rounds: loads, warmups: 1 });
  const ms = samples.map((s) => s.ms);
  const spread = spreadOf(ms);
  const worst = p95(ms);
  const what = `${first.documents} documents, ${first.layers} layers`;
  const before = await loadPageBefore(ctx);
  return [
    {
      name: `project page answer, first after the import (shares the import's derivation; ${what})`,
      value: first.ms,
      unit: 'ms',
    },
    {
      name: `project page answer (project, members, documents, progress), p95 of ${loads}`,
      value: worst,
      unit: 'ms',
      spread,
      reference: before,
      target: `p95 < ${TARGETS.projectPageP95Ms} ms`,
      met: worst < TARGETS.projectPageP95Ms,
    },
    { name: 'project page answer, median', value: spread.median, unit: 'ms', spread },
  ];
}

/** Signs in through the login form of a fresh page. */
async function signIn(page: Page, ctx: ProjectPageContext): Promise<void> {
  await page.goto(`${ctx.http}/login`);
  await page.getByLabel('Email').fill(ctx.credentials.email);
  await page.getByLabel('Password').fill(ctx.credentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-user').waitFor({ timeout: 60_000 });
}

/** First render of the project page in Chromium, a fresh signed-in profile per run. */
async function measureFirstRender(ctx: ProjectPageContext): Promise<BenchRow[]> {
  await ensureClientBuild();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    timeout: 60_000,
  });
  try {
    let rows = 0;
    const samples = await repeat(
      async () => {
        const context = await browser.newContext(BROWSER_CONTEXT);
        try {
          const page = await context.newPage();
          await signIn(page, ctx);
          await page.goto(`${ctx.http}/projects/${ctx.projectId}`);
          const handle = await page.waitForFunction(FIRST_RENDER, undefined, {
            polling: 'raf',
            timeout: 120_000,
          });
          const shown = (await handle.jsonValue()) as { ms: number; rows: number };
          rows = shown.rows;
          return shown.ms;
        } finally {
          await context.close();
        }
      },
      { rounds: ROUNDS, warmups: 1 },
    );
    const m = measured(samples);
    return [
      {
        name: `project page first render in Chromium (${rows} rows with progress)`,
        ...m,
        unit: 'ms',
        target: `< ${TARGETS.projectPageFirstRenderMs} ms`,
        met: m.value < TARGETS.projectPageFirstRenderMs,
      },
    ];
  } finally {
    await browser.close();
  }
}

/** Opens a stock y-websocket client on each room, `batch` at a time, each synced before the next batch. */
async function openRooms(ctx: ProjectPageContext, rooms: readonly string[], batch: number) {
  const ws = `${ctx.http.replace(/^http/, 'ws')}/sync`;
  // y-websocket adds a process exit listener per provider in Node: one per room is expected here.
  process.setMaxListeners(process.getMaxListeners() + rooms.length);
  const providers: WebsocketProvider[] = [];
  for (let i = 0; i < rooms.length; i += batch) {
    const opened = rooms.slice(i, i + batch).map(
      (room) =>
        new WebsocketProvider(ws, room, new Y.Doc(), {
          WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
          params: { token: ctx.token },
          disableBc: true,
        }),
    );
    providers.push(...opened);
    await Promise.all(
      opened.map((p) =>
        p.synced
          ? undefined
          : new Promise<void>((resolve) => p.once('sync', (synced: boolean) => synced && resolve())),
      ),
    );
  }
  return providers;
}

/** The server's resident memory with every document's text room loaded by a client. */
async function measureRoomsMemory(ctx: ProjectPageContext, restarted: boolean): Promise<BenchRow[]> {
  const documents = (await getJson(ctx, `/api/projects/${ctx.projectId}/documents`)) as { id: string }[];
  const rooms = documents.map((d) => roomName.text(d.id));
  const before = (await memoryOf(ctx.childPid)).rss;
  const providers = await openRooms(ctx, rooms, ctx.openBatch ?? 50);
  try {
    const loaded = (await memoryOf(ctx.childPid)).rss;
    const health = (await (await fetch(`${ctx.http}/healthz`)).json()) as { rooms: number };
    if (health.rooms < rooms.length)
      throw new Error(`${health.rooms} rooms loaded, expected ${rooms.length}`);
    return [
      {
        name: `server resident memory before loading rooms (${restarted ? 'restarted after the import' : 'the importing process'})`,
        value: before,
        unit: 'MB',
      },
      {
        name: `server resident memory with ${rooms.length} rooms loaded (a client on each text room)`,
        value: loaded,
        unit: 'MB',
      },
      {
        name: 'resident memory per loaded room (increase / rooms)',
        value: (loaded - before) / Math.max(1, rooms.length),
        unit: 'MB',
      },
    ];
  } finally {
    for (const p of providers) {
      p.destroy();
      p.doc.destroy();
    }
  }
}

/**
 * Measures the project page and the memory of loaded rooms on a server holding the study:
 * the documents-and-progress answer (first after the import, then p95 and median of loads), the
 * first render in Chromium (median of `ROUNDS` fresh profiles after a warm-up), and resident
 * memory with a client on every document's text room. Answers the rows in that order.
 * @throws Error when a request fails or the page does not render within 2 minutes.
 */
export async function measureProjectPage(ctx: ProjectPageContext): Promise<BenchRow[]> {
  const answer = await measureAnswer(ctx);
  let after = ctx;
  if (ctx.restart) after = { ...ctx, ...(await ctx.restart()) };
  // The former page reading loaded every document's rooms: nothing is measured while they unload.
  else await roomsUnloaded(ctx);
  const render = await measureFirstRender(after);
  return [...answer, ...render, ...(await measureRoomsMemory(after, ctx.restart !== undefined))];
}

/** Waits until the server holds no room (`/healthz`), at most 3 minutes. */
async function roomsUnloaded(ctx: ProjectPageContext): Promise<void> {
  const deadline = performance.now() + 180_000;
  for (;;) {
    const { rooms } = (await (await fetch(`${ctx.http}/healthz`)).json()) as { rooms: number };
    if (rooms === 0) return;
    if (performance.now() > deadline) throw new Error(`${rooms} rooms still loaded after 3 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
