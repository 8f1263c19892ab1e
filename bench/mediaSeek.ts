/**
 * Seeking a recording from its transcript in the system's Chromium: a 10-minute WAV with a
 * transcript of 60 captions, opened in the coding view, where a turn's time in the gutter is
 * clicked. See {@link measureSeeks}.
 */
import { chromium, type ElementHandle, type Page } from 'playwright-core';
import { ensureClientBuild } from '../client/ensureBuild.ts';
import type { Document } from '../shared/schemas.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/helpers/chromium.ts';
import { makeWav } from '../test/helpers/media.ts';
import { startServer } from '../test/helpers/server.ts';
import { upload } from '../test/helpers/transfer.ts';
import { signedIn } from './pdfView.bench.ts';
import { alternate } from './samples.ts';

/** The recording: 10 minutes of 8 kHz mono 16-bit PCM (9.6 MB). */
export const RECORDING = { seconds: 600, sampleRate: 8000 };
/** Captions in its transcript, one every 10 s, speakers taking turns. */
export const CUES = 60;
const CUE_MS = (RECORDING.seconds * 1000) / CUES;

/** What caption `k` says: a token no other caption holds, to find its line and its highlight. */
const said = (k: number) => `passage ${String(k).padStart(3, '0')}`;

/** A WebVTT transcript of {@link CUES} captions, each its own turn. */
export function transcript(): string {
  const stamp = (ms: number) => new Date(ms).toISOString().slice(11, 23);
  const cues = Array.from({ length: CUES }, (_, k) => {
    const voice = k % 2 ? 'Nurse' : 'Interviewer';
    return `${stamp(k * CUE_MS)} --> ${stamp((k + 1) * CUE_MS - 500)}\n<v ${voice}>This is ${said(k)} of the ward round.`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

/**
 * Which caption each seek goes to: steps of 23 through the 60 (coprime, so no caption twice in
 * 21 seeks), back and forth over the whole recording; the first is the warm-up.
 */
const target = (i: number) => (7 + 23 * i) % CUES;

/** One seek in the coding view, from the click on the time (mousedown), ms. */
export interface AppSeek {
  /** Until the media element's `seeked` event. */
  seekedMs: number;
  /** Until the caption sought to is highlighted in the transcript. */
  highlightMs: number;
}

/** The page's `armSeek`, installed by {@link ARM_SEEK}. */
interface Armed {
  armSeek(media: Node, content: Node, token: string): void;
  scrollNear(content: Node, fraction: number): void;
}

/**
 * Installs `armSeek(media, content, token)` in the page: from the next mousedown, it times (with
 * performance.now) the media element's next `seeked` and the moment the editor first highlights a
 * cue holding `token` (a MutationObserver on `content`), into the promise `window.seek`; and
 * `scrollNear(content, fraction)`, which scrolls the editor's scroller (crossing shadow roots) to
 * about that fraction of the text, since the editor only renders lines near the viewport. A string,
 * not a function, because the bench's TypeScript loader would wrap named functions in a helper
 * the page does not have.
 */
const ARM_SEEK = `window.armSeek = (m, c, token) => {
  const times = {};
  window.seek = new Promise((resolve, reject) => {
    const done = () => {
      if (times.seeked === undefined || times.highlight === undefined) return;
      observer.disconnect();
      resolve(times);
    };
    const highlighted = () =>
      [...c.querySelectorAll('[data-cue=current]')].map((e) => e.textContent).join('').includes(token);
    const observer = new MutationObserver(() => {
      if (times.highlight === undefined && highlighted()) times.highlight = performance.now();
      done();
    });
    observer.observe(c, { subtree: true, childList: true, attributes: true, characterData: true });
    addEventListener('mousedown', () => (times.down = performance.now()), { capture: true, once: true });
    m.addEventListener('seeked', () => {
      times.seeked = performance.now();
      times.at = m.currentTime;
      done();
    }, { once: true });
    setTimeout(() => reject(new Error('no seek to ' + token + ': ' + JSON.stringify(times))), 15000);
  });
};
window.scrollNear = (c, fraction) => {
  let e = c;
  while (e && !(e instanceof Element && e.scrollHeight > e.clientHeight + 1 &&
      /auto|scroll/.test(getComputedStyle(e).overflowY))) e = e.parentNode ?? e.host;
  if (e) e.scrollTop = fraction * e.scrollHeight - e.clientHeight / 2;
};`;

/**
 * Clicks caption `k`'s time in the gutter and times, in the page (performance.now), the moments
 * from the mousedown to `seeked` and to the caption's highlight (a MutationObserver on the
 * editor, see {@link ARM_SEEK}). Pauses the player again afterwards, so every seek starts from a
 * paused element.
 */
async function appSeek(
  page: Page,
  media: ElementHandle,
  content: ElementHandle,
  k: number,
): Promise<AppSeek> {
  // The view may still be following the cue last played and scroll back once: scroll again until
  // the caption's line is rendered.
  const line = page.locator('cc-transcript .cm-content').getByText(said(k));
  for (let attempt = 0; ; attempt++) {
    await page.evaluate(([c, f]) => (window as unknown as Armed).scrollNear(c, f), [
      content,
      k / CUES,
    ] as const);
    try {
      await line.waitFor({ timeout: 1000 });
      break;
    } catch (error) {
      if (attempt === 20) throw error;
    }
  }
  await line.scrollIntoViewIfNeeded();
  const time = page.locator(`cc-transcript .cc-cue-time[data-ms="${k * CUE_MS}"]`);
  await time.waitFor();
  await page.evaluate(([m, c, token]) => (window as unknown as Armed).armSeek(m, c, token), [
    media,
    content,
    said(k),
  ] as const);
  await time.click();
  const t = await page.evaluate(() => (window as unknown as { seek: Promise<Record<string, number>> }).seek);
  await media.evaluate((m) => (m as HTMLMediaElement).pause());
  // Playing starts with the seek, so the position may have moved on a little by `seeked`.
  if (Math.abs(t.at! - (k * CUE_MS) / 1000) > 0.5) throw new Error(`sought to ${t.at} s, not caption ${k}`);
  return { seekedMs: t.seeked! - t.down!, highlightMs: t.highlight! - t.down! };
}

/** The floor: caption `k`'s time set as `currentTime` on the bare page's `<audio>`, to `seeked`, ms. */
function bareSeek(page: Page, k: number): Promise<number> {
  return page.evaluate(
    (seconds) => {
      const audio = document.querySelector('audio')!;
      const sought = new Promise<number>((resolve) =>
        audio.addEventListener('seeked', () => resolve(performance.now()), { once: true }),
      );
      const started = performance.now();
      audio.currentTime = seconds;
      return sought.then((at) => at - started);
    },
    (k * CUE_MS) / 1000,
  );
}

/**
 * Imports the recording with its transcript into a fresh server (the demo project, as its
 * supervisor), opens it in the coding view in one browser profile and, in another, a bare
 * `<audio>` reading the same file route on a plain page of the same server (the timeline's JSON,
 * same origin, so the session cookie applies). Then `count` seeks on each after one warm-up,
 * alternating which goes first, to the same captions in the same order.
 */
export async function measureSeeks(
  count: number,
): Promise<{ app: AppSeek[]; bare: number[]; wavMB: number }> {
  await ensureClientBuild();
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
  try {
    const { project, members } = await server.loadDemo();
    const who = members.find((m) => m.role === 'reviewer')!;
    const wav = makeWav(RECORDING);
    const res = await upload<{ documents: Document[] }>(
      server,
      `/api/projects/${project.id}/documents/import`,
      [
        { name: 'Ward round.wav', data: wav },
        { name: 'Ward round.vtt', data: transcript() },
      ],
      { token: who.token },
    );
    if (res.status !== 201) throw new Error(`the recording was not imported (${res.status})`);
    const doc = `/projects/${project.id}/documents/${res.body.documents[0]!.id}`;

    const app = await signedIn(browser, server, who);
    await app.page.goto(`${server.http}${doc}`);
    const media = await app.page.locator('cc-media-player [data-testid=recording]').elementHandle();
    const content = await app.page.locator('cc-transcript .cm-content').elementHandle();
    await app.page.locator('cc-transcript .cm-content').getByText(said(0)).waitFor();
    await media!.evaluate(
      (m) =>
        new Promise((resolve) =>
          (m as HTMLMediaElement).readyState > 0 ? resolve(0) : m.addEventListener('loadedmetadata', resolve),
        ),
    );

    await app.page.evaluate(ARM_SEEK);

    const bare = await signedIn(browser, server, who);
    await bare.page.goto(`${server.http}/api${doc}/timeline`);
    await bare.page.evaluate(
      (src) =>
        new Promise((resolve) => {
          const audio = document.createElement('audio');
          audio.preload = 'metadata';
          audio.addEventListener('loadedmetadata', resolve, { once: true });
          audio.src = src;
          document.body.append(audio);
        }),
      `/api${doc}/file`,
    );

    let a = 0;
    let b = 0;
    const { a: appSeeks, b: bareSeeks } = await alternate(
      () => appSeek(app.page, media!, content!, target(a++)),
      () => bareSeek(bare.page, target(b++)),
      { rounds: count, warmups: 1 },
    );
    await Promise.all([app.close(), bare.close()]);
    return { app: appSeeks, bare: bareSeeks, wavMB: wav.length / 1e6 };
  } finally {
    await browser.close();
    await server.destroy();
  }
}
