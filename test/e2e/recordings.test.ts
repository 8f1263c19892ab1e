/**
 * A recording in the coding view, in a real browser against a real server: a WAV imported alone
 * becomes a document with an empty transcript; the supervisor transcribes it with the player keys
 * and timestamps (each a cue the timeline route lists), clicking a turn's time moves the player there,
 * the cue being played is highlighted, a coded passage shows its time on the analysis page (and
 * plays from there) and in the review queue, the view passes axe and fits an 800 px window.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/interchange/api.ts';
import { readCodebook } from '../../shared/model/codebook.ts';
import { addCoding, setCompleted } from '../../shared/model/layer.ts';
import { contentText } from '../../shared/model/text.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document } from '../../shared/schemas.ts';
import type { Timeline } from '../../shared/sources.ts';
import { closeAll, connect, synced } from '../helpers/clients.ts';
import { makeWav } from '../helpers/media.ts';
import { seriousViolations } from './axe.ts';
import { pageErrors, signIn, skipWithoutChromium, textOf, useDemoInBrowser } from './browser.ts';

describe.skipIf(skipWithoutChromium('e2e recordings'))('recordings in the coding view (browser)', () => {
  const demo = useDemoInBrowser({});
  // The demo's supervisor: a reviewer, who adds documents and edits their text.
  const owner = () => demo.members.find((m) => m.role === 'reviewer')!;

  /**
   * Imports a recording alone through the documents' import route, as the import dialog sends it:
   * a WAV of `seconds`, or the bytes given.
   */
  async function importRecording(name: string, content: number | Uint8Array): Promise<string> {
    const form = new FormData();
    const bytes = typeof content === 'number' ? makeWav({ seconds: content, sampleRate: 8000 }) : content;
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    const res = await fetch(`${demo.server.http}/api/projects/${demo.project.id}/documents/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner().token}` },
      body: form,
    });
    const body = (await res.json()) as ImportSummary;
    expect(res.status, JSON.stringify(body)).toBe(201);
    return body.documents[0]!.id;
  }

  async function timeline(documentId: string): Promise<Timeline> {
    const res = await demo.server.api<Timeline>(
      'GET',
      `/api/projects/${demo.project.id}/documents/${documentId}/timeline`,
      undefined,
      owner().token,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  /** The document's text as the server keeps it. */
  async function serverText(documentId: string): Promise<string> {
    const client = connect(demo.server.ws, roomName.text(documentId), demo.server.token);
    try {
      await synced(client);
      return contentText(client.doc).toString();
    } finally {
      closeAll([client]);
    }
  }

  /**
   * The demo's two coders code `[start, end)` (code points) of a document with two different
   * codes, each in their own layer, and mark it done: a disagreement for the review queue.
   */
  async function codeTwice(documentId: string, start: number, end: number): Promise<void> {
    const coders = demo.members.filter((m) => m.role === 'coder').slice(0, 2);
    const text = connect(demo.server.ws, roomName.text(documentId), demo.server.token);
    const codebook = connect(demo.server.ws, roomName.codebook(demo.project.id), demo.server.token);
    const layers = coders.map((c) => connect(demo.server.ws, roomName.layer(documentId, c.id), c.token));
    try {
      await Promise.all([text, codebook, ...layers].map(synced));
      const codes = readCodebook(codebook.doc).codes.filter((c) => c.parentId !== null);
      layers.forEach((layer, i) => {
        addCoding(layer.doc, text.doc, {
          id: `disputed-${i}`,
          codeId: codes[i]!.id,
          start,
          end,
          author: coders[i]!.id,
          now: new Date().toISOString(),
        });
        setCompleted(layer.doc, true);
      });
      // Written once the server holds both codings and both done marks.
      await expect
        .poll(async () => {
          const { body } = await demo.server.api<{ codings: { coder: string }[]; completed: string[] }>(
            'GET',
            `/api/projects/${demo.project.id}/documents/${documentId}/codings`,
          );
          return coders.every(
            (c) => body.codings.some((k) => k.coder === c.id) && body.completed.includes(c.id),
          );
        })
        .toBe(true);
    } finally {
      closeAll([text, codebook, ...layers]);
    }
  }

  const media = (page: Page) => page.locator('cc-media-player [data-testid=recording]');
  const currentTime = (page: Page) => media(page).evaluate((m: HTMLMediaElement) => m.currentTime);

  /** Moves the player to `seconds` and waits until the element has sought there. */
  async function playerAt(page: Page, seconds: number): Promise<void> {
    await media(page).evaluate(
      (m: HTMLMediaElement, s) =>
        new Promise<void>((resolve) => {
          m.addEventListener('seeked', () => resolve(), { once: true });
          m.currentTime = s;
        }),
      seconds,
    );
  }

  it(
    'transcribes a recording with timestamps, seeks from a turn’s time and highlights the cue played',
    { timeout: 180_000 },
    async () => {
      const documentId = await importRecording('ward interview.wav', 12);
      const context = await demo.browser.newContext();
      const page = await context.newPage();
      const errors = pageErrors(page);
      await signIn(
        page,
        demo.server.http,
        owner().email,
        owner().password,
        `/projects/${demo.project.id}/documents/${documentId}`,
      );
      // The player: the browser's own element, named, reachable by Tab, with the recording's length.
      await expect(media(page).getAttribute('aria-label')).resolves.toBe('Recording: ward interview');
      await expect.poll(() => media(page).evaluate((m: HTMLMediaElement) => m.duration)).toBeCloseTo(12, 1);
      await page.getByTestId('transcribe-hint').waitFor();

      // Transcribing: a speaker label, then the stamp of where the recording is, then the words.
      await page.getByRole('button', { name: 'Edit text' }).click();
      const content = page.locator('cc-transcript .cm-content');
      await content.click();
      await page.keyboard.type('Interviewer: ');
      await playerAt(page, 1.5);
      await page.keyboard.press('Alt+t');
      await page.keyboard.type('How was the first week?');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Nurse: ');
      await playerAt(page, 6.25);
      await page.keyboard.press('Alt+t');
      await page.keyboard.type('We lost the garden.');
      const typed = 'Interviewer: [00:00:01] How was the first week?\nNurse: [00:00:06] We lost the garden.';
      await expect.poll(() => serverText(documentId)).toBe(typed);

      // Each stamp is a cue the timeline route lists, on the stamp's own characters.
      await expect.poll(async () => (await timeline(documentId)).cues.length).toBe(2);
      const { cues } = await timeline(documentId);
      const points = Array.from(typed);
      expect(cues.map((c) => points.slice(c.start, c.end).join(''))).toEqual(['[00:00:01]', '[00:00:06]']);
      // Typed in order: each runs to the recording's end until the next stamp ends it there, and
      // takes the speaker of its line.
      expect(cues.map((c) => [c.startMs, c.endMs, c.speaker])).toEqual([
        [1500, 6250, 'Interviewer'],
        [6250, 12_000, 'Nurse'],
      ]);

      // Back to coding: each turn shows its time; clicking one moves the player to its cue.
      await page.getByRole('button', { name: 'Back to coding' }).click();
      const times = page.locator('cc-transcript .cc-cue-time');
      await expect.poll(() => times.allTextContents()).toEqual(['00:00:01', '00:00:06']);
      // (Where it was sent is read as it seeks: it plays on from there.)
      await media(page).evaluate((m: HTMLMediaElement) =>
        m.addEventListener('seeking', () => (m.dataset.sought = String(m.currentTime))),
      );
      const sought = () => media(page).evaluate((m: HTMLMediaElement) => Number(m.dataset.sought));
      await times.nth(1).click();
      await expect.poll(sought).toBeCloseTo(6.25, 3);
      await times.nth(0).click();
      await expect.poll(sought).toBeCloseTo(1.5, 3);
      await media(page).evaluate((m: HTMLMediaElement) => m.pause());

      // The cue being played is highlighted, with its turn, and follows the player.
      const current = page.locator('cc-transcript [data-cue=current]');
      const turn = page.locator('cc-transcript .cc-cue-line');
      await playerAt(page, 3);
      await expect.poll(() => textOf(current)).toBe('[00:00:01]');
      await expect.poll(() => textOf(turn)).toBe('Interviewer: [00:00:01] How was the first week?');
      await playerAt(page, 7);
      await expect.poll(() => textOf(current)).toBe('[00:00:06]');
      await expect.poll(() => textOf(turn)).toBe('Nurse: [00:00:06] We lost the garden.');

      // Alt+G on the cursor's line plays from that line's cue; Alt+J goes back 5 s.
      await content.click();
      await page.keyboard.press('Control+Home');
      await playerAt(page, 10);
      await page.keyboard.press('Alt+g');
      await expect.poll(sought).toBeCloseTo(1.5, 3);
      await expect.poll(() => media(page).evaluate((m: HTMLMediaElement) => m.paused)).toBe(false);
      await page.keyboard.press('Alt+k');
      await expect.poll(() => media(page).evaluate((m: HTMLMediaElement) => m.paused)).toBe(true);
      await playerAt(page, 9);
      await page.keyboard.press('Alt+j');
      await expect.poll(() => currentTime(page)).toBeCloseTo(4, 2);
      // Slower, shown beside the player and applied to the element.
      await page.keyboard.press('Alt+,');
      await expect.poll(() => textOf(page.getByTestId('playback-rate'))).toBe('0.75×');
      await expect(media(page).evaluate((m: HTMLMediaElement) => m.playbackRate)).resolves.toBe(0.75);

      expect(await seriousViolations(page)).toEqual([]);

      // A coded passage shows its time on the analysis page and plays from there.
      await content.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.press('1');
      const status = page.getByTestId('coding-status').filter({ hasText: /^\s*Coded/ });
      const code = /Coded “(.+)”/.exec(await textOf(status))![1]!;
      await page.goto(`${demo.server.http}/projects/${demo.project.id}/analysis`);
      await page.getByTestId('code-picker').getByLabel(code, { exact: true }).check();
      const passage = page.getByTestId('passage').filter({ hasText: 'We lost the garden.' });
      await expect.poll(() => textOf(passage.getByTestId('passage-time'))).toBe('[00:00:06]');
      await passage.getByTestId('play-passage').click();
      const clip = passage.locator('cc-passage-time audio');
      await expect
        .poll(() => clip.evaluate((m: HTMLMediaElement) => m.currentTime))
        .toBeGreaterThanOrEqual(6.25);
      expect(await seriousViolations(page)).toEqual([]);

      // Two coders disagree on the nurse's turn: the review queue shows when it was spoken.
      await codeTwice(documentId, typed.indexOf('We lost'), typed.length);
      await page.goto(`${demo.server.http}/projects/${demo.project.id}/review`);
      await page
        .getByTestId('review-queue')
        .getByRole('button', { name: /We lost the garden/ })
        .click();
      const detail = page.locator('section.detail');
      await expect.poll(() => textOf(detail.getByTestId('passage-time'))).toBe('[00:00:06]');
      await detail.getByTestId('play-passage').waitFor();
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it(
    'imports a recording chosen together with its transcript as one document with its timeline',
    { timeout: 120_000 },
    async () => {
      const page = await demo.browser.browser.newPage();
      const errors = pageErrors(page);
      await signIn(page, demo.server.http, owner().email, owner().password, `/projects/${demo.project.id}`);
      await page.getByRole('button', { name: 'Import transcripts…' }).click();
      const vtt =
        'WEBVTT\n\n00:00:00.000 --> 00:00:01.500\n<v Nurse>Nights are long 😀\n\n00:00:01.500 --> 00:00:03.000\n<v Interviewer>And the days?\n';
      await page.locator('cc-import-dialog input[type=file]').setInputFiles([
        {
          name: 'Ward visit.wav',
          mimeType: 'audio/wav',
          buffer: Buffer.from(makeWav({ seconds: 3, sampleRate: 8000 })),
        },
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Q: Notes?\nA: A few.\n') },
        { name: 'ward visit.vtt', mimeType: 'text/vtt', buffer: Buffer.from(vtt) },
      ]);
      // Two rows: the recording with its transcript, and the notes alone.
      const state = (name: string) =>
        textOf(page.locator(`[data-file="${name}"] [data-testid="file-state"]`));
      await expect.poll(() => state('Ward visit.wav + ward visit.vtt')).toBe('added “ward visit”');
      await expect.poll(() => state('notes.txt')).toBe('added “notes”');
      const docs = (
        await demo.server.api<Document[]>(
          'GET',
          `/api/projects/${demo.project.id}/documents`,
          undefined,
          owner().token,
        )
      ).body;
      const visit = docs.filter((d) => d.title === 'ward visit');
      expect(visit).toHaveLength(1);
      expect(visit[0]!.source).toMatchObject({
        kind: 'audio',
        mediaType: 'audio/wav',
        fileName: 'Ward visit.wav',
      });
      expect(docs.find((d) => d.title === 'notes')!.source ?? null).toBeNull();
      const text = await serverText(visit[0]!.id);
      expect(text).toBe('Nurse: Nights are long 😀\n\nInterviewer: And the days?');
      const second = Array.from(text.slice(0, text.indexOf('Interviewer'))).length;
      expect((await timeline(visit[0]!.id)).cues).toEqual([
        { start: 0, end: second - 2, startMs: 0, endMs: 1500, speaker: 'Nurse' },
        { start: second, end: Array.from(text).length, startMs: 1500, endMs: 3000, speaker: 'Interviewer' },
      ]);
      expect(errors).toEqual([]);
      await page.close();
    },
  );

  it('says at the player when the browser cannot play a recording', { timeout: 120_000 }, async () => {
    // Found trying it: a damaged .m4a left a greyed player at 0:00 with no word of why.
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    const documentId = await importRecording('broken.m4a', noise);
    const page = await demo.browser.browser.newPage();
    await signIn(
      page,
      demo.server.http,
      owner().email,
      owner().password,
      `/projects/${demo.project.id}/documents/${documentId}`,
    );
    const alert = page.getByTestId('recording-error');
    await alert.waitFor();
    expect(await textOf(alert)).toMatch(
      /^The recording cannot be played: your browser cannot play this file/,
    );
    await page.close();
  });

  it('keeps the player and the code list in view at 800 px wide', { timeout: 120_000 }, async () => {
    const documentId = await importRecording('short.wav', 3);
    const context = await demo.browser.browser.newContext({ viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    await signIn(
      page,
      demo.server.http,
      owner().email,
      owner().password,
      `/projects/${demo.project.id}/documents/${documentId}`,
    );
    await media(page).waitFor();
    const boxes = await page.locator('cc-coding-view').evaluate((view) => {
      const root = view.shadowRoot!;
      const rect = (el: Element | null) => el!.getBoundingClientRect().toJSON() as DOMRect;
      return {
        player: rect(root.querySelector('cc-media-player')),
        transcript: rect(root.querySelector('cc-transcript')),
        codes: rect(root.querySelector('cc-code-palette')),
        width: window.innerWidth,
        scrolls: document.scrollingElement!.scrollWidth > window.innerWidth,
      };
    });
    expect(boxes.scrolls).toBe(false);
    // The player sits over the transcript, beside the code list, and neither covers the other.
    expect(boxes.player.right).toBeLessThanOrEqual(boxes.codes.left + 1);
    expect(boxes.player.bottom).toBeLessThanOrEqual(boxes.transcript.top + 1);
    expect(boxes.codes.right).toBeLessThanOrEqual(boxes.width);
    expect(boxes.codes.height).toBeGreaterThan(100);
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });
});
