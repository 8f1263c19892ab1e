/**
 * Importing a 500 MB video with its transcript into a running server (`server/main.ts` in its own
 * process, as `npm start` runs it), and reading it back. See {@link measureImports}.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportSummary } from '../shared/interchange/api.ts';
import type { Document } from '../shared/schemas.ts';
import { startChildServer, type ChildServer } from '../test/helpers/childServer.ts';
import { generatedVideo, makeNoise, videoSlice } from './generatedVideo.ts';
import { peakDuring } from './processMemory.ts';
import { alternate } from './samples.ts';
import { withSchema } from './schema.ts';

/** The video's size in bytes (500 MB, decimal, as the range below). */
export const VIDEO_BYTES = 500_000_000;
/** The 1 MB range read back from the middle of the video, inclusive as in the Range header. */
export const RANGE = { first: 250_000_000, last: 250_999_999 };
/** A short transcript of the video's base name: four captions, two speakers. */
const VTT = [
  'WEBVTT',
  '',
  '00:00:00.000 --> 00:00:04.000\n<v Interviewer>How did the merger change your work?',
  '00:00:04.000 --> 00:00:09.500\n<v Nurse>We lost the garden, and the team split up.',
  '00:00:09.500 --> 00:00:12.000\n<v Interviewer>What helped?',
  '00:00:12.000 --> 00:00:16.000\n<v Nurse>Talking to the other wards every morning.',
  '',
].join('\n');

/** One import of the video, and what reading it back took. */
export interface ImportRun {
  /** From the first byte sent to the import's answer, ms. */
  uploadMs: number;
  /** The server's resident memory just before the upload, MB. */
  rssBeforeMB: number;
  /** The server's peak resident memory during the upload, MB. */
  peakRssMB: number;
  /** `GET …/file` with {@link RANGE}, to the last byte, ms. */
  rangeMs: number;
  /** `GET …/file` of the whole video, to the last byte, ms. */
  downloadMs: number;
}

/** The same bytes written to, then read from, a file on the disk the server writes to. */
export interface FloorRun {
  /** Writing the stream with fs streams and flushing it to disk (the store flushes too), ms. */
  writeMs: number;
  /** Reading the file back with an fs stream, ms. */
  readMs: number;
}

/** Sends a request (its body streamed from `body`) and resolves with the response once its headers arrive. */
function send(
  url: string,
  init: { method: string; headers: Record<string, string | number>; body?: Iterable<Buffer> },
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers, agent: false }, resolve);
    req.on('error', reject);
    if (init.body) pipeline(Readable.from(init.body), req).catch(reject);
    else req.end();
  });
}

/** Reads a response to its end: its bytes when `keep`, else only how many. */
async function drain(res: IncomingMessage, keep: boolean): Promise<{ bytes: number; body: Buffer }> {
  const kept: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (keep) kept.push(chunk);
  }
  return { bytes, body: Buffer.concat(kept) };
}

/**
 * Posts the files as `multipart/form-data` (field `file`) to the documents' import route, the
 * video streamed from its generator with a Content-Length worked out beforehand, as a browser
 * sends a form holding files. Answers the id of the first document imported.
 */
async function importFiles(
  server: ChildServer,
  projectId: string,
  files: { name: string; type: string; bytes: number; body: Iterable<Buffer> }[],
): Promise<string> {
  const boundary = `concordbench${Date.now().toString(16)}`;
  const head = (f: (typeof files)[number]) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\n` +
        `Content-Type: ${f.type}\r\n\r\n`,
    );
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const length = files.reduce((n, f) => n + head(f).length + f.bytes + 2, tail.length);
  function* body(): Generator<Buffer> {
    for (const f of files) {
      yield head(f);
      yield* f.body;
      yield Buffer.from('\r\n');
    }
    yield tail;
  }
  const res = await send(`${server.http}/api/projects/${projectId}/documents/import`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': length,
    },
    body: body(),
  });
  const text = (await drain(res, true)).body.toString('utf8');
  if (res.statusCode !== 201) throw new Error(`import answered ${res.statusCode}: ${text}`);
  return (JSON.parse(text) as ImportSummary).documents[0]!.id;
}

/** One round on `server`: import the video of `seed` and its transcript, read it back, delete it. */
async function importRound(server: ChildServer, projectId: string, noise: Buffer, seed: number) {
  const started = performance.now();
  const {
    result: documentId,
    before,
    peak,
  } = await peakDuring(server.child.pid!, () =>
    importFiles(server, projectId, [
      {
        name: 'interview.mp4',
        type: 'video/mp4',
        bytes: VIDEO_BYTES,
        body: generatedVideo(noise, VIDEO_BYTES, seed),
      },
      { name: 'interview.vtt', type: 'text/vtt', bytes: Buffer.byteLength(VTT), body: [Buffer.from(VTT)] },
    ]),
  );
  const uploadMs = performance.now() - started;
  const { body: doc } = await server.api<Document>(
    'GET',
    `/api/projects/${projectId}/documents/${documentId}`,
  );
  if (doc.source?.kind !== 'video' || doc.source.bytes !== VIDEO_BYTES)
    throw new Error(`not imported as a ${VIDEO_BYTES}-byte video: ${JSON.stringify(doc.source)}`);
  const timeline = await server.api<{ cues: unknown[] }>(
    'GET',
    `/api/projects/${projectId}/documents/${doc.id}/timeline`,
  );
  if (timeline.body.cues.length !== 4) throw new Error(`timeline: ${JSON.stringify(timeline.body)}`);

  const file = `${server.http}/api/projects/${projectId}/documents/${doc.id}/file`;
  const auth = { authorization: `Bearer ${server.token}` };
  let at = performance.now();
  const ranged = await send(file, {
    method: 'GET',
    headers: { ...auth, range: `bytes=${RANGE.first}-${RANGE.last}` },
  });
  const slice = await drain(ranged, true);
  const rangeMs = performance.now() - at;
  const expected = videoSlice(noise, VIDEO_BYTES, seed, RANGE.first, RANGE.last + 1);
  if (ranged.statusCode !== 206 || !slice.body.equals(expected))
    throw new Error(`the range came back wrong (${ranged.statusCode}, ${slice.bytes} bytes)`);

  at = performance.now();
  const whole = await send(file, { method: 'GET', headers: auth });
  const { bytes } = await drain(whole, false);
  const downloadMs = performance.now() - at;
  if (whole.statusCode !== 200 || bytes !== VIDEO_BYTES)
    throw new Error(`the download came back wrong (${whole.statusCode}, ${bytes} bytes)`);

  // Deleting the document deletes the file, so rounds do not fill the disk.
  const deleted = await server.api('DELETE', `/api/projects/${projectId}/documents/${doc.id}`);
  if (deleted.status !== 204) throw new Error(`delete answered ${deleted.status}`);
  return { uploadMs, rssBeforeMB: before, peakRssMB: peak, rangeMs, downloadMs } satisfies ImportRun;
}

/** The floor: the same stream written to `path` with fs streams and flushed, then read back. */
async function floorRound(path: string, noise: Buffer, seed: number): Promise<FloorRun> {
  let at = performance.now();
  await pipeline(Readable.from(generatedVideo(noise, VIDEO_BYTES, seed)), createWriteStream(path));
  // fsync flushes the file's pages whichever descriptor asks, as the store does before renaming.
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  const writeMs = performance.now() - at;
  at = performance.now();
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) bytes += chunk.length;
  const readMs = performance.now() - at;
  await rm(path);
  if (bytes !== VIDEO_BYTES) throw new Error(`read ${bytes} bytes back`);
  return { writeMs, readMs };
}

/** Which store the server keeps files in. */
export type Backend = { name: 'SQLite' } | { name: 'PostgreSQL'; url: string };

/**
 * Starts a server on `backend` with a fresh data directory (and schema), and alternates, round by
 * round after a warm-up, an import of the video (then its range, its download and its deletion)
 * with the floor written to the same directory's disk. Each round's video has its own seed.
 */
export async function measureImports(
  backend: Backend,
  rounds: { rounds: number; warmups: number },
): Promise<{ imports: ImportRun[]; floors: FloorRun[] }> {
  const noise = makeNoise();
  const dir = await mkdtemp(join(tmpdir(), 'concord-bench-media-'));
  const run = async (env: Record<string, string>) => {
    const server = await startChildServer({ DATA_DIR: join(dir, 'data'), ...env });
    try {
      const project = await server.api<{ id: string }>('POST', '/api/projects', { name: 'Media benchmark' });
      if (project.status !== 201) throw new Error(`project not created (${project.status})`);
      let seed = 0;
      const { a: imports, b: floors } = await alternate(
        () => importRound(server, project.body.id, noise, ++seed),
        () => floorRound(join(dir, 'floor.mp4'), noise, ++seed),
        rounds,
      );
      return { imports, floors };
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  };
  try {
    return backend.name === 'SQLite'
      ? await run({})
      : await withSchema(backend.url, (schema) =>
          run({ DATABASE_URL: backend.url, DATABASE_SCHEMA: schema }),
        );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
