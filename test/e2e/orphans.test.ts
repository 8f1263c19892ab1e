/**
 * Codings through edits in real browsers: an editor deletes a coded passage and presses Ctrl+Z,
 * and the coder's browser shows the coding again; a coding whose text is deleted for good is
 * listed as orphaned in the coding view and the review queue, and re-anchored with one click.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { addCoding } from '../../shared/model/layer.ts';
import { contentText } from '../../shared/model/text.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { closeAll, connect, converged, synced, type Client } from '../helpers/clients.ts';
import type { TestServer } from '../helpers/server.ts';
import {
  pageErrors,
  signIn,
  skipWithoutChromium,
  textOf,
  useDemoInBrowser,
  type DemoMember,
  type E2eBrowser,
} from './browser.ts';

const TEXT = 'Interviewer: What changed?\n\nNurse: We lost the garden, and the team split up.';
const GARDEN = TEXT.indexOf('garden');

describe.skipIf(skipWithoutChromium('e2e orphans'))('codings through edits (browser)', () => {
  let server: TestServer;
  let browser: E2eBrowser;
  let project: Project;
  let members: DemoMember[];
  const clients: Client[] = [];
  useDemoInBrowser({}, (f) => ({ server, browser, project, members } = f));
  afterAll(() => closeAll(clients));

  const member = (name: string) => members.find((m) => m.name === name)!;
  const authors = () => member('Study authors');
  const supervisor = () => member('Demo supervisor');

  /** A new document with "garden" coded in the authors' layer; returns the text client too. */
  async function codedDocument(title: string): Promise<{ doc: Document; text: Client }> {
    const res = await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
      title,
      text: TEXT,
    });
    expect(res.status).toBe(201);
    const doc = res.body;
    const text = connect(server.ws, roomName.text(doc.id), authors().token);
    const layer = connect(server.ws, roomName.layer(doc.id, authors().id), authors().token);
    clients.push(text, layer);
    await Promise.all([synced(text), synced(layer)]);
    const code = (await server.api<{ id: string }[]>('GET', `/api/projects/${project.id}/codebook`)).body[0]!
      .id;
    addCoding(layer.doc, text.doc, {
      id: `garden-${doc.id}`,
      codeId: code,
      start: GARDEN,
      end: GARDEN + 6,
      author: authors().id,
      memo: 'green space',
      now: new Date().toISOString(),
    });
    return { doc, text };
  }

  async function open(who: { email: string; password: string }, path: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.http, who.email, who.password, path);
    return page;
  }

  async function openDocument(who: { email: string; password: string }, doc: Document): Promise<Page> {
    const page = await open(who, `/projects/${project.id}/documents/${doc.id}`);
    await page.locator('cc-transcript .cm-content').getByText('We lost the').waitFor();
    return page;
  }

  /** Selects editor offsets in the transcript, as a mouse drag would. */
  async function select(page: Page, from: number, to: number): Promise<void> {
    await page
      .locator('cc-transcript')
      .evaluate(
        (el, [a, b]) => (el as HTMLElement & { select(a: number, b: number): void }).select(a!, b!),
        [from, to],
      );
  }

  const marks = (page: Page, coder: string) =>
    page.locator(`cc-transcript .cm-content [data-coder="${coder}"]`);

  const codingsOnServer = async (doc: Document) =>
    (
      await server.api<{ codings: { id: string; start: number; end: number }[]; orphaned: { id: string }[] }>(
        'GET',
        `/api/projects/${project.id}/documents/${doc.id}/codings`,
      )
    ).body;

  it(
    'shows a coding again in another browser when the editor undoes deleting its passage',
    { timeout: 120_000 },
    async () => {
      const { doc } = await codedDocument('Undo in the editor');
      const coder = await openDocument(authors(), doc);
      const editor = await openDocument(supervisor(), doc);
      const errors = [...pageErrors(coder), ...pageErrors(editor)];
      await marks(coder, authors().id).first().waitFor();
      expect(await marks(coder, authors().id).first().textContent()).toBe('garden');

      await editor.getByRole('button', { name: 'Edit text' }).click();
      await select(editor, GARDEN - 4, GARDEN + 6); // "the garden"
      await editor.keyboard.press('Backspace');
      await expect.poll(() => marks(coder, authors().id).count(), { timeout: 15_000 }).toBe(0);
      await coder.getByTestId('orphaned-codings').waitFor();

      await editor.keyboard.press('Control+z');
      await expect
        .poll(() => editor.locator('cc-transcript .cm-content').textContent())
        .toContain('the garden');
      await expect
        .poll(() => marks(coder, authors().id).first().textContent(), { timeout: 15_000 })
        .toBe('garden');
      expect(await coder.getByTestId('orphaned-codings').count()).toBe(0);
      await expect
        .poll(async () => (await codingsOnServer(doc)).codings.map((c) => [c.start, c.end]))
        .toEqual([[GARDEN, GARDEN + 6]]);
      expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
    },
  );

  it(
    'lists a coding whose text was deleted and re-anchors it to the selection',
    { timeout: 120_000 },
    async () => {
      const { doc, text } = await codedDocument('Orphan re-anchored');
      const coder = await openDocument(authors(), doc);
      await marks(coder, authors().id).first().waitFor();
      // An editor deletes the coded passage for good (elsewhere, through the sync protocol).
      const editor = connect(server.ws, roomName.text(doc.id), server.token);
      clients.push(editor);
      await synced(editor);
      await converged([editor, text]);
      contentText(editor.doc).delete(GARDEN - 4, 11); // "the garden,"

      const orphans = coder.getByTestId('orphaned-codings');
      await orphans.waitFor({ timeout: 15_000 });
      const item = orphans.locator('li');
      expect(await item.count()).toBe(1);
      const shown = await textOf(item);
      expect(shown).toContain('“garden”');
      expect(shown).toContain('green space');
      expect(shown).toContain('Study authors (you)');
      await expect.poll(async () => (await codingsOnServer(doc)).orphaned.length).toBe(1);

      // The reviewer's queue lists it too, with who coded it.
      const reviewer = await open(supervisor(), `/projects/${project.id}/review`);
      const queued = reviewer.getByTestId('review-orphans').locator(`[data-coding="garden-${doc.id}"]`);
      await queued.waitFor({ timeout: 15_000 });
      expect(await textOf(queued)).toContain('Study authors');

      // Re-anchor it to "the team".
      const current = contentText(editor.doc).toString();
      const team = current.indexOf('the team');
      await select(coder, team, team + 8);
      await item.getByRole('button', { name: 'Re-anchor to selection' }).click();
      await expect.poll(() => textOf(coder.getByTestId('coding-status'))).toMatch(/^Re-anchored/);
      await expect.poll(() => orphans.count()).toBe(0);
      await expect.poll(() => marks(coder, authors().id).first().textContent()).toBe('the team');
      await expect
        .poll(async () => {
          const view = await codingsOnServer(doc);
          return { placed: view.codings.map((c) => [c.id, c.start, c.end]), orphaned: view.orphaned.length };
        })
        .toEqual({ placed: [[`garden-${doc.id}`, team, team + 8]], orphaned: 0 });
    },
  );
});
