/** Uploads, downloads, zip archives and schema validation for the import and export tests. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { TestServer } from './server.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The REFI-QDA project schema kept in the repository. */
export const PROJECT_XSD = join(ROOT, 'server', 'refi', 'Project-mrt2019.xsd');

export interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** Sends files as multipart/form-data in the field `file` (and text fields). */
export async function upload<T = unknown>(
  server: TestServer,
  path: string,
  files: { name: string; data: string | Uint8Array }[],
  options: { fields?: Record<string, string>; token?: string; field?: string } = {},
): Promise<{ status: number; body: T }> {
  const form = new FormData();
  for (const file of files) {
    const bytes = typeof file.data === 'string' ? new TextEncoder().encode(file.data) : file.data;
    form.append(options.field ?? 'file', new Blob([new Uint8Array(bytes)]), file.name);
  }
  for (const [key, value] of Object.entries(options.fields ?? {})) form.append(key, value);
  const res = await fetch(`${server.http}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.token ?? server.token}` },
    body: form,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** GET with the raw body. */
export async function download(server: TestServer, path: string, token = server.token): Promise<Download> {
  const res = await fetch(`${server.http}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** A zip archive of the given entries, deflated; a name ending in `/` is a directory. */
export async function zip(entries: Record<string, string | Uint8Array>): Promise<Buffer> {
  const archive = new yazl.ZipFile();
  const mtime = new Date('2024-01-01T00:00:00Z');
  for (const [name, content] of Object.entries(entries)) {
    if (name.endsWith('/')) archive.addEmptyDirectory(name, { mtime });
    else archive.addBuffer(Buffer.from(content), name, { mtime });
  }
  archive.end();
  const chunks: Buffer[] = [];
  for await (const chunk of archive.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Validates XML against an XSD with xmllint; `ok` false with xmllint's messages otherwise. */
export async function xmllint(xml: string, xsd = PROJECT_XSD): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'concord-xmllint-'));
  try {
    const file = join(dir, 'document.xml');
    await writeFile(file, xml);
    return await new Promise((done) => {
      execFile('xmllint', ['--noout', '--nonet', '--schema', xsd, file], (error, stdout, stderr) => {
        done({ ok: error === null, output: `${stdout}${stderr}` });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Renames an entry in an archive's local and central headers, to make names no zip writer
 * would write (`../evil`). Both names must have the same length in bytes.
 */
export function renameEntry(archive: Buffer, from: string, to: string): Buffer {
  const a = Buffer.from(from);
  const b = Buffer.from(to);
  if (a.length !== b.length) throw new Error('renameEntry needs names of equal length');
  const out = Buffer.from(archive);
  let replaced = 0;
  for (let at = out.indexOf(a); at !== -1; at = out.indexOf(a, at + a.length)) {
    b.copy(out, at);
    replaced++;
  }
  if (replaced < 2) throw new Error(`entry ${from} not found in both headers`);
  return out;
}

/** Every entry of a zip archive (.qdpx, .docx, .xlsx) as UTF-8 text, by its path in the archive. */
export async function unzipEntries(data: Buffer): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [name, bytes] of await unzipBytes(data)) out.set(name, bytes.toString('utf8'));
  return out;
}

/** Every entry of a zip archive as bytes, by name (for binary entries such as originals). */
export async function unzipBytes(data: Buffer): Promise<Map<string, Buffer>> {
  const archive = await yauzl.fromBufferPromise(data, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  for await (const entry of archive.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await archive.openReadStreamPromise(entry)) as AsyncIterable<Buffer>)
      chunks.push(chunk);
    out.set(entry.fileName, Buffer.concat(chunks));
  }
  return out;
}
