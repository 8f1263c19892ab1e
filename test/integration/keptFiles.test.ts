/**
 * Recordings and PDFs kept beside their documents (docs/sources.md), against a real server over a
 * real SQLite file and the file store under its data directory: uploads with and without a
 * transcript, downloads whole and by range, access, deletion, the size limit, streaming memory,
 * and the read-only text of a PDF document over a real sync connection.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { ImportSummary } from '../../shared/interchange/api.ts';
import type { CodedDocument } from '../../shared/model/codedDocument.ts';
import { contentText, initTextDoc, textMeta } from '../../shared/model/text.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import type { ErrorBody } from '../../shared/errors.ts';
import type { StoredBlob } from '../../server/blobs/BlobStore.ts';
import { closeAll, connect, synced } from '../helpers/clients.ts';
import { makeWav } from '../helpers/media.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download, upload } from '../helpers/transfer.ts';

let server: TestServer;
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const wav = makeWav({ seconds: 2, sampleRate: 8000 });

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.destroy();
});

/** Makes a kept file look written two hours ago: past the grace period of unreferenced files. */
async function age(sha256: string): Promise<void> {
  const at = new Date(Date.now() - 2 * 3600_000);
  await utimes(join(server.dataDir, 'blobs', sha256.slice(0, 2), sha256), at, at);
}

/**
 * Ages the kept files stored since `before` was listed past the grace period, then sweeps as the
 * server does every few minutes: those no document uses are deleted.
 */
async function sweepSince(before: StoredBlob[]): Promise<void> {
  const known = new Set(before.map((b) => b.sha256));
  for (const blob of await server.app.services.blobs.list())
    if (!known.has(blob.sha256)) await age(blob.sha256);
  await server.app.sweepKeptFiles();
}

async function newProject(name = 'Recordings'): Promise<Project> {
  return (await server.api<Project>('POST', '/api/projects', { name })).body;
}

async function importFiles(project: Project, files: { name: string; data: string | Uint8Array }[]) {
  return upload<ImportSummary>(server, `/api/projects/${project.id}/documents/import`, files);
}

/** A range request's answer. */
async function ranged(path: string, range: string, method = 'GET') {
  const res = await fetch(`${server.http}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, range },
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('recordings', () => {
  it('a recording and the transcript of the same name become one document with the recording kept', async () => {
    const project = await newProject();
    const transcript = 'Interviewer: How was the ward?\nNurse: Busy, as ever.\n';
    const res = await importFiles(project, [
      { name: 'Ward visit.WAV', data: wav },
      { name: 'ward visit.txt', data: transcript },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.documents).toHaveLength(1);
    expect(res.body.documents[0]).toMatchObject({ title: 'ward visit', file: 'ward visit.txt' });
    const id = res.body.documents[0]!.id;
    const document = (await server.api<Document>('GET', `/api/projects/${project.id}/documents/${id}`)).body;
    const source = {
      kind: 'audio',
      mediaType: 'audio/wav',
      fileName: 'Ward visit.WAV',
      bytes: wav.length,
      sha256: sha(wav),
      pageCount: null,
    };
    expect(document.source).toEqual(source);
    const listed = (await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body;
    expect(listed.map((d) => d.source)).toEqual([source]);
    const coded = await server.api<CodedDocument>(
      'GET',
      `/api/projects/${project.id}/documents/${id}/codings`,
    );
    expect(coded.body.text).toContain('Nurse: Busy, as ever.');
    expect(await server.app.services.blobs.stat(sha(wav))).toMatchObject({ bytes: wav.length });
  });

  it('a recording alone becomes a document with an empty text, to be transcribed', async () => {
    const project = await newProject();
    const alone = makeWav({ seconds: 1, sampleRate: 4000 });
    const res = await importFiles(project, [{ name: 'focus group.wav', data: alone }]);
    expect(res.status).toBe(201);
    expect(res.body.documents.map((d) => d.title)).toEqual(['focus group']);
    const id = res.body.documents[0]!.id;
    const coded = await server.api<CodedDocument>(
      'GET',
      `/api/projects/${project.id}/documents/${id}/codings`,
    );
    expect(coded.body.text).toBe('');
    const file = await download(server, `/api/projects/${project.id}/documents/${id}/file`);
    expect(file.status).toBe(200);
    expect(file.body.equals(alone)).toBe(true);
  });

  it('a raw-body upload named .wav streams to the store too', async () => {
    const project = await newProject();
    const raw = makeWav({ seconds: 0.5 });
    const res = await fetch(
      `${server.http}/api/projects/${project.id}/documents/import?filename=${encodeURIComponent('raw take.wav')}`,
      { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: new Uint8Array(raw) },
    );
    expect(res.status).toBe(201);
    const summary = (await res.json()) as ImportSummary;
    const file = await download(
      server,
      `/api/projects/${project.id}/documents/${summary.documents[0]!.id}/file`,
    );
    expect(file.body.equals(raw)).toBe(true);
    expect(file.headers.get('content-disposition')).toBe(
      `inline; filename="raw take.wav"; filename*=UTF-8''raw%20take.wav`,
    );
  });

  it("two recordings of one name, or two transcripts of a recording's name, are refused and nothing is kept", async () => {
    const project = await newProject();
    const other = makeWav({ seconds: 0.25 });
    const before = await server.app.services.blobs.list();
    const twoRecordings = await upload<ErrorBody>(server, `/api/projects/${project.id}/documents/import`, [
      { name: 'a.wav', data: other },
      { name: 'A.ogg', data: 'OggS' },
      { name: 'a.txt', data: 'Text.' },
    ]);
    expect(twoRecordings.status).toBe(400);
    expect(twoRecordings.body.error.message).toContain('several recordings share one name');
    const twoTranscripts = await upload<ErrorBody>(server, `/api/projects/${project.id}/documents/import`, [
      { name: 'b.wav', data: other },
      { name: 'b.txt', data: 'Text.' },
      { name: 'b.vtt', data: 'WEBVTT\n\n00:00.000 --> 00:01.000\nText.\n' },
    ]);
    expect(twoTranscripts.status).toBe(400);
    expect(twoTranscripts.body.error.message).toContain('several transcripts have the name of the recording');
    // No document uses them: they go with the sweep once past the grace period.
    await sweepSince(before);
    expect(await server.app.services.blobs.list()).toEqual(before);
    expect((await server.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body).toEqual([]);
  });
});

describe('an empty recording', () => {
  it('is refused, and nothing of it is kept', async () => {
    const project = await newProject('Empty');
    const before = await server.app.services.blobs.list();
    const res = await upload<ErrorBody>(server, `/api/projects/${project.id}/documents/import`, [
      { name: 'silent.wav', data: new Uint8Array() },
    ]);
    expect({ status: res.status, message: res.body.error.message }).toEqual({
      status: 400,
      message: 'silent.wav is empty',
    });
    await sweepSince(before);
    expect(await server.app.services.blobs.list()).toEqual(before);
  });
});

describe('the file of a document', () => {
  let project: Project;
  let path: string;
  beforeAll(async () => {
    project = await newProject('Downloads');
    const res = await importFiles(project, [{ name: 'clip.wav', data: wav }]);
    path = `/api/projects/${project.id}/documents/${res.body.documents[0]!.id}/file`;
  });

  it('is served whole with its media type, size, digest and name', async () => {
    const file = await download(server, path);
    expect(file.status).toBe(200);
    expect(file.body.equals(wav)).toBe(true);
    expect(
      Object.fromEntries(
        ['content-type', 'content-length', 'accept-ranges', 'etag'].map((h) => [h, file.headers.get(h)]),
      ),
    ).toEqual({
      'content-type': 'audio/wav',
      'content-length': String(wav.length),
      'accept-ranges': 'bytes',
      etag: `"${sha(wav)}"`,
    });
  });

  it('is served by ranges: first byte, last bytes, an open end, the middle', async () => {
    const size = wav.length;
    for (const [range, start, end] of [
      ['bytes=0-0', 0, 1],
      ['bytes=-10', size - 10, size],
      [`bytes=${size - 1}-`, size - 1, size],
      ['bytes=1000-20999', 1000, 21000],
      // An end past the file is cut to it.
      [`bytes=100-${size + 500}`, 100, size],
    ] as const) {
      const res = await ranged(path, range);
      expect({ range, status: res.status, contentRange: res.headers.get('content-range') }).toEqual({
        range,
        status: 206,
        contentRange: `bytes ${start}-${end - 1}/${size}`,
      });
      expect(res.body.equals(wav.subarray(start, end))).toBe(true);
    }
  });

  it('answers a range outside the file with 416 and the size, several ranges with the whole file', async () => {
    const outside = await ranged(path, `bytes=${wav.length}-`);
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${wav.length}`);
    const several = await ranged(path, 'bytes=0-9,5000-5009');
    expect(several.status).toBe(200);
    expect(several.body.equals(wav)).toBe(true);
    // A range for another version of the file (If-Range) gets the whole of this one.
    const stale = await fetch(`${server.http}${path}`, {
      headers: { authorization: `Bearer ${server.token}`, range: 'bytes=0-9', 'if-range': '"0000"' },
    });
    expect(stale.status).toBe(200);
    expect(Buffer.from(await stale.arrayBuffer()).equals(wav)).toBe(true);
  });

  it('answers a request for the copy the client holds with 304', async () => {
    const res = await fetch(`${server.http}${path}`, {
      headers: { authorization: `Bearer ${server.token}`, 'if-none-match': `"${sha(wav)}"` },
    });
    expect(res.status).toBe(304);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('ignores a Range that is not valid (last before first) and serves the whole file', async () => {
    for (const range of ['bytes=5-2', 'bytes=0-9,20-10', 'bytes=abc', 'bytes=-']) {
      const res = await ranged(path, range);
      expect({ range, status: res.status, contentRange: res.headers.get('content-range') }).toEqual({
        range,
        status: 200,
        contentRange: null,
      });
      expect(res.body.equals(wav)).toBe(true);
    }
  });

  it('answers If-None-Match with a list holding the ETag, a weak one, or * with 304, others with the file', async () => {
    const ifNoneMatch = async (value: string) => {
      const res = await fetch(`${server.http}${path}`, {
        headers: { authorization: `Bearer ${server.token}`, 'if-none-match': value },
      });
      return { value, status: res.status, bytes: (await res.arrayBuffer()).byteLength };
    };
    for (const value of [`"a", "${sha(wav)}"`, `W/"${sha(wav)}"`, '*', ` "b" ,W/"${sha(wav)}" `])
      expect(await ifNoneMatch(value)).toEqual({ value, status: 304, bytes: 0 });
    for (const value of ['"a", "b"', `"${sha(wav).slice(1)}"`])
      expect(await ifNoneMatch(value)).toEqual({ value, status: 200, bytes: wav.length });
  });

  it('answers HEAD with the headers and no body', async () => {
    const head = await ranged(path, 'bytes=10-19', 'HEAD');
    expect(head.status).toBe(206);
    expect(head.headers.get('content-length')).toBe('10');
    expect(head.body.length).toBe(0);
    const whole = await fetch(`${server.http}${path}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(wav.length));
  });

  it('is 404 for a typed-text document, and a recording has no pages', async () => {
    const typed = await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
      title: 'Typed',
      text: 'Typed notes.',
    });
    const res = await server.api<ErrorBody>(
      'GET',
      `/api/projects/${project.id}/documents/${typed.body.id}/file`,
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('is typed text: it has no PDF or recording');
    const pages = await server.api<ErrorBody>('GET', path.replace(/file$/, 'pages'));
    expect(pages.status).toBe(404);
    expect(pages.body.error.message).toContain('is not a PDF');
  });

  it('is read by every member, also coders in a blind round, and by nobody else', async () => {
    const [coder, outsider] = await Promise.all([server.user('Blind Coder'), server.user('Outsider')]);
    expect(
      (
        await server.api('POST', `/api/projects/${project.id}/members`, {
          userId: coder.user.id,
          role: 'coder',
        })
      ).status,
    ).toBe(201);
    expect((await server.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
    const asCoder = await download(server, path, coder.token);
    expect(asCoder.status).toBe(200);
    expect(asCoder.body.equals(wav)).toBe(true);
    // An outsider is answered as for the document itself: the project is not theirs to know of.
    const asOutsider = await download(server, path, outsider.token);
    const documentAsOutsider = await download(server, path.replace(/\/file$/, ''), outsider.token);
    expect([asOutsider.status, documentAsOutsider.status]).toEqual([404, 404]);
    expect(asOutsider.body.includes(wav.subarray(0, 44))).toBe(false);
    // The document through another project: not found, even for that project's owner.
    const other = await newProject('Other');
    const elsewhere = await download(server, path.replace(project.id, other.id));
    expect(elsewhere.status).toBe(404);
    const anonymous = await fetch(`${server.http}${path}`);
    expect(anonymous.status).toBe(401);
  });
});

describe('deleting documents', () => {
  it('deletes the kept file with the last document that uses it', async () => {
    const project = await newProject('Deletion');
    const shared = makeWav({ seconds: 0.75, sampleRate: 6000 });
    const first = await importFiles(project, [{ name: 'one.wav', data: shared }]);
    const second = await importFiles(project, [
      { name: 'two.wav', data: shared },
      { name: 'two.txt', data: 'A: Same recording, transcribed.' },
    ]);
    const { blobs } = server.app.services;
    expect(await blobs.stat(sha(shared))).toMatchObject({ bytes: shared.length });
    const remove = (id: string) => server.api('DELETE', `/api/projects/${project.id}/documents/${id}`);
    expect((await remove(first.body.documents[0]!.id)).status).toBe(204);
    // The second document still uses the same file.
    expect(await blobs.stat(sha(shared))).toMatchObject({ bytes: shared.length });
    const file = await download(
      server,
      `/api/projects/${project.id}/documents/${second.body.documents[0]!.id}/file`,
    );
    expect(file.body.equals(shared)).toBe(true);
    // Kept for longer than the grace period, it goes at once with its last document.
    await age(sha(shared));
    expect((await remove(second.body.documents[0]!.id)).status).toBe(204);
    expect(await blobs.stat(sha(shared))).toBeNull();
  });

  it('an import that fails after its recording was stored keeps nothing of it', async () => {
    const project = await newProject('Failed');
    const lost = makeWav({ seconds: 0.3, sampleRate: 5000 });
    const before = await server.app.services.blobs.list();
    const res = await importFiles(project, [
      { name: 'lost.wav', data: lost },
      { name: 'notes.rtf', data: '{\\rtf1 x}' },
    ]);
    expect(res.status).toBe(415);
    // Just written, it might be another import's: it waits for the sweep past the grace period.
    expect(await server.app.sweepKeptFiles()).toBe(0);
    expect(await server.app.services.blobs.stat(sha(lost))).not.toBeNull();
    await sweepSince(before);
    expect(await server.app.services.blobs.stat(sha(lost))).toBeNull();
  });
});

describe('the size limit of kept files', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startServer({ config: { maxMediaBytes: 64 * 1024 } });
  });
  afterAll(async () => {
    await small.destroy();
  });

  it('refuses a recording over MAX_MEDIA_BYTES with 413, multipart or raw, and keeps nothing', async () => {
    const project = (await small.api<Project>('POST', '/api/projects', { name: 'Small' })).body;
    const big = makeWav({ seconds: 8, sampleRate: 8000 });
    const multipart = await upload<ErrorBody>(small, `/api/projects/${project.id}/documents/import`, [
      { name: 'long.wav', data: big },
      { name: 'long.txt', data: 'A: Words.' },
    ]);
    expect(multipart.status).toBe(413);
    expect(multipart.body.error.message).toContain('MAX_MEDIA_BYTES');
    const raw = await fetch(`${small.http}/api/projects/${project.id}/documents/import?filename=long.wav`, {
      method: 'POST',
      headers: { authorization: `Bearer ${small.token}` },
      body: new Uint8Array(big),
    });
    expect(raw.status).toBe(413);
    expect(((await raw.json()) as ErrorBody).error.message).toContain('MAX_MEDIA_BYTES');
    expect(await small.app.services.blobs.list()).toEqual([]);
    expect(readdirSync(join(small.dataDir, 'blobs', 'tmp'))).toEqual([]);
    expect((await small.api<Document[]>('GET', `/api/projects/${project.id}/documents`)).body).toEqual([]);
    // Within the limit the same server takes it.
    const fits = await upload(small, `/api/projects/${project.id}/documents/import`, [
      { name: 'short.wav', data: makeWav({ seconds: 1 }) },
    ]);
    expect(fits.status).toBe(201);
  });
});

describe('the text of a PDF document', () => {
  /** A document whose source is a PDF, written the way an import writes one. */
  async function pdfDocument(project: Project, text: string): Promise<string> {
    const { storage } = server.app;
    const id = `pdfdoc${Math.random().toString(36).slice(2, 10)}`;
    const at = new Date().toISOString();
    await storage.beginImport({
      id: `imp${id}`,
      projectId: project.id,
      newProject: false,
      documentIds: [id],
      startedAt: at,
    });
    const doc = new Y.Doc();
    initTextDoc(doc, { text, title: 'Report', attributes: {} });
    await storage.appendUpdates(roomName.text(id), [Y.encodeStateAsUpdate(doc)]);
    await storage.commitImport({
      importId: `imp${id}`,
      projectId: project.id,
      users: [],
      documents: [
        {
          id,
          title: 'Report',
          attributes: {},
          createdAt: at,
          source: {
            kind: 'pdf',
            sha256: 'c'.repeat(64),
            mediaType: 'application/pdf',
            fileName: 'r.pdf',
            bytes: 9,
            pages: [{ start: 0, end: text.length }],
          },
        },
      ],
      members: [],
      refiUsers: [],
      audit: {
        id: `a${id}`,
        projectId: project.id,
        actorId: server.admin.id,
        action: 'documents.import',
        details: {},
        createdAt: at,
      },
    });
    return id;
  }

  /**
   * Edits the text over a real sync connection, then renames the document (the server writes the
   * title into the same room); once the client holds the new title, answers whether the room on
   * the server took the client's edit.
   */
  async function editApplied(project: Project, documentId: string): Promise<boolean> {
    const client = connect(server.ws, roomName.text(documentId), server.token);
    try {
      await synced(client);
      contentText(client.doc).insert(0, 'EDIT ');
      const title = `Renamed ${documentId}`;
      expect(
        (await server.api('PATCH', `/api/projects/${project.id}/documents/${documentId}`, { title })).status,
      ).toBe(200);
      await vi.waitFor(() => expect(textMeta(client.doc).get('title')).toBe(title));
      return contentText(server.app.registry.peek(roomName.text(documentId))!.doc)
        .toString()
        .startsWith('EDIT ');
    } finally {
      closeAll([client]);
    }
  }

  it("is read-only for everyone, its owner included, while a recording's transcript is edited", async () => {
    const project = await newProject('PDF text');
    const pdf = await pdfDocument(project, 'Page one.\n\nPage two.');
    expect(await editApplied(project, pdf)).toBe(false);
    const pages = await server.api<{ pages: unknown[] }>(
      'GET',
      `/api/projects/${project.id}/documents/${pdf}/pages`,
    );
    expect(pages.body).toEqual({ pages: [{ page: 1, start: 0, end: 20 }] });
    const recording = await importFiles(project, [
      { name: 'talk.wav', data: makeWav({ seconds: 0.2 }) },
      { name: 'talk.txt', data: 'A: Hello.' },
    ]);
    expect(await editApplied(project, recording.body.documents[0]!.id)).toBe(true);
  });
});
