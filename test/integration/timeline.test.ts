/**
 * Timelines over real HTTP and sockets: a WebVTT transcript imported through the documents
 * import route keeps its cues, the timeline route follows an edit made by a y-websocket client,
 * retrieval and the quotes export give the passages' times, and the timeline is read under the
 * document's access rules.
 */
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentsResult } from '../../shared/analysis/index.ts';
import type { ImportSummary } from '../../shared/interchange/api.ts';
import { putCode } from '../../shared/model/codebook.ts';
import { addCoding } from '../../shared/model/layer.ts';
import { contentText } from '../../shared/model/text.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import type { Timeline } from '../../shared/sources.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download, upload } from '../helpers/transfer.ts';

const VTT = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:04.500',
  '<v Anna>🌱 We lost the garden.',
  '',
  '00:00:04.500 --> 00:00:06.000',
  '<v Anna>And the staff room.',
  '',
  '00:12:31.000 --> 00:12:35.000',
  '<v Ben>Last year?',
].join('\n');
const TEXT = 'Anna: 🌱 We lost the garden. And the staff room.\n\nBen: Last year?';
/** Hand-worked in code points: the emoji at 6 is one. */
const CUES: Timeline['cues'] = [
  { start: 0, end: 27, startMs: 1_000, endMs: 4_500, speaker: 'Anna' },
  { start: 28, end: 47, startMs: 4_500, endMs: 6_000, speaker: 'Anna' },
  { start: 49, end: 64, startMs: 751_000, endMs: 755_000, speaker: 'Ben' },
];
const NOW = '2026-01-01T00:00:00.000Z';

let server: TestServer;
let project: Project;
let document: Document;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startServer({ config: { liveDebounceMs: 0 } });
  project = (await server.api<Project>('POST', '/api/projects', { name: 'Ward study' })).body;
  const imported = await upload<ImportSummary>(server, `/api/projects/${project.id}/documents/import`, [
    { name: 'ward.vtt', data: VTT },
  ]);
  expect(imported.status).toBe(201);
  const id = imported.body.documents[0]!.id;
  document = (await server.api<Document>('GET', `/api/projects/${project.id}/documents/${id}`)).body;
});
afterAll(async () => {
  closeAll(clients);
  await server.destroy();
});

async function open(room: string, token = server.token): Promise<Client> {
  const client = connect(server.ws, room, token);
  clients.push(client);
  await synced(client);
  return client;
}

const timelinePath = (documentId: string) => `/api/projects/${project.id}/documents/${documentId}/timeline`;
const timeline = async (documentId = document.id, token?: string) =>
  server.api<Timeline>('GET', timelinePath(documentId), undefined, token);

describe('the timeline of an imported WebVTT transcript', () => {
  it('gives the cues in code points of the text, and follows an edit made over a socket', async () => {
    const text = await open(roomName.text(document.id));
    expect(contentText(text.doc).toString()).toBe(TEXT);
    const first = await timeline();
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ cues: CUES });

    // A heading typed in before the first cue moves every cue by its 13 code points.
    contentText(text.doc).insert(0, 'Interview 3\n\n');
    await expect
      .poll(async () => (await timeline()).body.cues)
      .toEqual(CUES.map((c) => ({ ...c, start: c.start + 13, end: c.end + 13 })));
  });

  it('gives retrieval results and the quotes export the times the passages begin', async () => {
    const codebook = await open(roomName.codebook(project.id));
    putCode(codebook.doc, {
      id: 'place',
      name: 'Place',
      parentId: null,
      color: '#336699',
      description: '',
      order: 0,
    });
    const text = await open(roomName.text(document.id));
    const layer = await open(roomName.layer(document.id, server.admin.id));
    const code = (id: string, start: number, end: number) =>
      addCoding(layer.doc, text.doc, { id, codeId: 'place', start, end, author: server.admin.id, now: NOW });
    // "We lost the garden." (8–27 before the heading) and "Last year?" (54–64), 13 later now.
    code('garden', 21, 40);
    code('year', 67, 77);

    const segments = async () =>
      (await server.api<SegmentsResult>('GET', `/api/projects/${project.id}/segments?code=place`)).body
        .segments;
    await expect.poll(async () => (await segments()).length).toBe(2);
    expect((await segments()).map((s) => [s.text, s.startMs])).toEqual([
      ['We lost the garden.', 1_000],
      ['Last year?', 751_000],
    ]);

    const quotes = (format: string) =>
      download(server, `/api/projects/${project.id}/export/quotes?layer=${server.admin.id}&format=${format}`);
    const md = (await quotes('md')).body.toString('utf8');
    expect(md).toContain('“We lost the garden.” (ward, ¶2, Anna) [00:00:01]');
    expect(md).toContain('“Last year?” (ward, ¶3, Ben) [00:12:31]');
    const docx = await mammoth.extractRawText({ buffer: (await quotes('docx')).body });
    expect(docx.value).toContain('“Last year?” (ward, ¶3, Ben) [00:12:31]');
  });

  it('is empty for a document without times, and not given to people outside the project', async () => {
    const typed = await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
      title: 'Notes',
      text: 'No times here.',
    });
    expect((await timeline(typed.body.id)).body).toEqual({ cues: [] });

    const stranger = await server.user('Stranger Timeline');
    const codingsStatus = (
      await server.api(
        'GET',
        `/api/projects/${project.id}/documents/${document.id}/codings`,
        undefined,
        stranger.token,
      )
    ).status;
    const refused = await timeline(document.id, stranger.token);
    expect(refused.status).toBe(codingsStatus);
    expect([403, 404]).toContain(refused.status);
    expect(refused.body).not.toHaveProperty('cues');
    expect((await server.api('GET', timelinePath(document.id), undefined, null)).status).toBe(401);
    // A document of another project is not found through this one.
    const other = await server.newDocument('Elsewhere.');
    expect((await timeline(other.document.id)).status).toBe(404);
  });

  it('is read by every member, a coder in a blind round too', async () => {
    const coder = await server.user('Coder Timeline');
    const member = { userId: coder.user.id, role: 'coder' };
    expect((await server.api('POST', `/api/projects/${project.id}/members`, member)).status).toBe(201);
    expect((await server.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
    const read = await timeline(document.id, coder.token);
    expect(read.status).toBe(200);
    expect(read.body.cues.map((c) => c.startMs)).toEqual([1_000, 4_500, 751_000]);
  });
});
