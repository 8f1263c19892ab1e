/**
 * Codings follow edits of the transcript the same way on every client and on the server: an
 * editor deletes a coded passage and undoes it over real sockets, and another client, the codings
 * route, the agreement input and the codings export all see the coding back on its passage.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { AgreementInput } from '../../shared/agreement/index.ts';
import { putCode } from '../../shared/model/codebook.ts';
import { readCodedDocument, type CodedDocument } from '../../shared/model/codedDocument.ts';
import { addCoding, setCompleted } from '../../shared/model/layer.ts';
import { contentText } from '../../shared/model/text.ts';
import { roomName } from '../../shared/protocol.ts';
import type { ProjectAgreement } from '../../server/services/AgreementService.ts';
import { closeAll, connect, converged, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download } from '../helpers/transfer.ts';

const TEXT = 'Anna: We lost the garden last year.';
const NOW = '2026-01-01T00:00:00.000Z';

let server: TestServer;
const clients: Client[] = [];
beforeAll(async () => {
  server = await startServer({ config: { liveDebounceMs: 20 } });
});
afterAll(async () => {
  closeAll(clients);
  await server.destroy();
});

async function open(room: string, token: string): Promise<Client> {
  const client = connect(server.ws, room, token);
  clients.push(client);
  await synced(client);
  return client;
}

describe('a coded passage deleted and undone over the network', () => {
  it('is coded again on every client, the server, agreement and exports', async () => {
    const { project, document, room } = await server.newDocument(TEXT);
    const coder = await server.user('Coder Anchors');
    expect(
      (
        await server.api('POST', `/api/projects/${project.id}/members`, {
          userId: coder.user.id,
          role: 'coder',
        })
      ).status,
    ).toBe(201);

    const codebook = await open(roomName.codebook(project.id), server.token);
    putCode(codebook.doc, {
      id: 'place',
      name: 'Place',
      parentId: null,
      color: '#336699',
      description: '',
      order: 0,
    });
    const coderText = await open(room, coder.token);
    const layer = await open(roomName.layer(document.id, coder.user.id), coder.token);
    addCoding(layer.doc, coderText.doc, {
      id: 'garden',
      codeId: 'place',
      start: 18,
      end: 24,
      author: coder.user.id,
      now: NOW,
    });

    const codingsRoute = `/api/projects/${project.id}/documents/${document.id}/codings`;
    const onServer = async () => (await server.api<CodedDocument>('GET', codingsRoute)).body;
    await vi.waitFor(async () => expect((await onServer()).codings).toHaveLength(1));

    // The editor deletes "the garden" and presses undo.
    const editor = await open(room, server.token);
    const undo = new Y.UndoManager(contentText(editor.doc));
    contentText(editor.doc).delete(14, 10);
    await converged([editor, coderText]);
    await vi.waitFor(async () => expect((await onServer()).orphaned).toHaveLength(1));
    undo.undo();
    await converged([editor, coderText]);
    expect(contentText(coderText.doc).toString()).toBe(TEXT);

    // The coder's client and the editor's place the coding alike.
    for (const text of [coderText, editor]) {
      const read = readCodedDocument(text.doc, [{ coder: coder.user.id, doc: layer.doc }]);
      expect(read.orphaned).toEqual([]);
      expect(read.codings).toMatchObject([{ id: 'garden', start: 18, end: 24 }]);
    }

    // The server's codings view.
    await vi.waitFor(async () => {
      const view = await onServer();
      expect(view.text).toBe(TEXT);
      expect(view.orphaned).toEqual([]);
      expect(view.codings).toMatchObject([{ id: 'garden', coder: coder.user.id, start: 18, end: 24 }]);
    });

    // Agreement reads the same coding and leaves nothing out (once the coder marks the document
    // done: codings count as a rater's only then, and the input file holds raters' codings only).
    setCompleted(layer.doc, true);
    await vi.waitFor(async () => expect((await onServer()).completed).toEqual([coder.user.id]));
    const input = (await server.api<AgreementInput>('GET', `/api/projects/${project.id}/agreement/input`))
      .body;
    expect(input.codings).toMatchObject([{ document: document.id, code: 'place', start: 18, end: 24 }]);
    const agreement = (
      await server.api<ProjectAgreement>('GET', `/api/projects/${project.id}/agreement?ci=0`)
    ).body;
    expect(agreement.orphanedCodings).toBe(0);

    // The codings export quotes the passage again.
    const csv = await download(server, `/api/projects/${project.id}/export/codings.csv`);
    expect(csv.headers.get('x-concord-orphaned-codings')).toBe('0');
    expect(csv.body.toString('utf8')).toMatch(/,18,24,garden,/);
  });
});

describe('a coded passage deleted for good', () => {
  it('is listed with who coded what, and every export and report states it was left out', async () => {
    const { project, document, room } = await server.newDocument(TEXT);
    const coder = await server.user('Coder Orphans');
    await server.api('POST', `/api/projects/${project.id}/members`, { userId: coder.user.id, role: 'coder' });
    const codebook = await open(roomName.codebook(project.id), server.token);
    putCode(codebook.doc, {
      id: 'place',
      name: 'Place',
      parentId: null,
      color: '#336699',
      description: '',
      order: 0,
    });
    const coderText = await open(room, coder.token);
    const layer = await open(roomName.layer(document.id, coder.user.id), coder.token);
    const coding = { codeId: 'place', author: coder.user.id, now: NOW };
    addCoding(layer.doc, coderText.doc, {
      ...coding,
      id: 'garden',
      start: 18,
      end: 24,
      memo: 'the allotment',
    });
    addCoding(layer.doc, coderText.doc, { ...coding, id: 'year', start: 30, end: 34 });

    const editor = await open(room, server.token);
    await converged([editor, coderText]);
    contentText(editor.doc).delete(14, 11); // "the garden "

    const codingsRoute = `/api/projects/${project.id}/documents/${document.id}/codings`;
    await vi.waitFor(async () => {
      const view = (await server.api<CodedDocument>('GET', codingsRoute)).body;
      expect(view.codings).toMatchObject([{ id: 'year' }]);
      expect(view.orphaned).toEqual([
        {
          id: 'garden',
          coder: coder.user.id,
          code: 'place',
          reason: 'span-deleted',
          memo: 'the allotment',
          author: coder.user.id,
          quote: 'garden',
          updatedAt: NOW,
        },
      ]);
    });

    const base = `/api/projects/${project.id}`;
    const agreement = (await server.api<ProjectAgreement>('GET', `${base}/agreement?ci=0`)).body;
    expect(agreement.orphanedCodings).toBe(1);
    for (const path of [
      '/export/codings.csv',
      `/export/codings.csv?layer=${coder.user.id}`,
      '/export/codings.xlsx',
      '/export/qdpx',
      `/export/quotes?format=md&layer=${coder.user.id}`,
    ]) {
      const res = await download(server, `${base}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('x-concord-orphaned-codings'), path).toBe('1');
    }
    const md = (
      await download(server, `${base}/export/quotes?format=md&layer=${coder.user.id}`)
    ).body.toString();
    expect(md).toContain('Left out: 1 coding of this layer whose text was deleted from the transcript.');
    expect(md).toContain('“year”');
    const html = (
      await download(server, `${base}/export/quotes?format=html&layer=${coder.user.id}`)
    ).body.toString();
    expect(html).toContain('Left out: 1 coding of this layer');

    const json = JSON.parse(
      (await download(server, `${base}/export/agreement?format=json&ci=0`)).body.toString(),
    ) as {
      orphanedCodings: number;
    };
    expect(json.orphanedCodings).toBe(1);
    const csv = (await download(server, `${base}/export/agreement?format=csv&ci=0`)).body
      .toString()
      .split('\r\n');
    // The counts are the last two columns, after fields that may hold quoted commas.
    expect(csv[0]!.split(',').slice(-2)).toEqual(['orphaned_codings', 'unknown_code_codings']);
    expect(csv[1]!.split(',').slice(-2)).toEqual(['1', '0']);
    const report = (await download(server, `${base}/export/agreement?format=html&ci=0`)).body.toString();
    expect(report).toContain('1 codings whose text was deleted');
  });
});

describe('a typo fixed at the end of a coded word over the network', () => {
  it('leaves the coding on the corrected word for the other client and the server', async () => {
    const typo = 'Anna: We lost the gardne last year.';
    const { project, document, room } = await server.newDocument(typo);
    const coder = await server.user('Coder Typo');
    await server.api('POST', `/api/projects/${project.id}/members`, { userId: coder.user.id, role: 'coder' });
    const coderText = await open(room, coder.token);
    const layer = await open(roomName.layer(document.id, coder.user.id), coder.token);
    addCoding(layer.doc, coderText.doc, {
      id: 'gardne',
      codeId: 'place',
      start: 18,
      end: 24,
      author: coder.user.id,
      now: NOW,
    });
    const editor = await open(room, server.token);
    await converged([editor, coderText]);
    contentText(editor.doc).delete(22, 2);
    await converged([editor, coderText]);
    contentText(editor.doc).insert(22, 'en');
    await converged([editor, coderText]);

    const read = readCodedDocument(coderText.doc, [{ coder: coder.user.id, doc: layer.doc }]);
    expect(read.text).toBe(TEXT);
    expect(read.codings).toMatchObject([{ id: 'gardne', start: 18, end: 24 }]);
    const codingsRoute = `/api/projects/${project.id}/documents/${document.id}/codings`;
    await vi.waitFor(async () => {
      const view = (await server.api<CodedDocument>('GET', codingsRoute)).body;
      expect(view.text).toBe(TEXT);
      expect(view.codings).toMatchObject([{ id: 'gardne', start: 18, end: 24 }]);
    });
  });
});
