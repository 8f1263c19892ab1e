/**
 * File uploads for imports: `multipart/form-data` (busboy; files in the field `file`, repeated
 * for several) or the raw file as the request body. Sizes are limited while reading, so an
 * oversized upload is answered with 413 without being held in memory.
 *
 * PDFs and recordings (`MEDIA_FILES`) are not read into memory at all: each streams into the
 * BlobStore as it arrives, bounded by `MAX_MEDIA_BYTES` on its own, and the upload carries where
 * it went (`UploadedFile.source`). When the upload fails or its client goes away, files it stored
 * that no document uses are given up (`KeepFiles.discard`), and those still streaming are dropped.
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import busboy from 'busboy';
import { AppError } from '../../shared/errors.ts';
import { mediaFileOf } from '../../shared/sources.ts';
import { fileTooLarge, type BlobStore } from '../blobs/BlobStore.ts';
import type { KeptSource, UploadedFile } from '../services/import/documents.ts';

export interface UploadLimits {
  /** Largest upload, all files together, in bytes. */
  maxBytes: number;
  /** Most files in one upload. */
  maxFiles: number;
}

/** Where PDFs and recordings of an upload go, and how large each may be. */
export interface KeepFiles {
  blobs: BlobStore;
  /** Largest kept file, in bytes (MAX_MEDIA_BYTES). */
  maxBytes: number;
  /**
   * Gives up these kept files after a failed upload: those no document references are deleted,
   * at once or, when written within the grace period, by the sweep (`deleteUnreferenced`).
   */
  discard(sha256s: readonly string[]): Promise<unknown>;
}

export interface Upload {
  files: UploadedFile[];
  /** Text fields of a multipart upload. */
  fields: Record<string, string>;
}

/** The multipart field that carries files. */
export const FILE_FIELD = 'file';

/** A size as people read it: KiB below one MiB, else MiB. */
function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const tooLarge = (limits: UploadLimits) =>
  new AppError(
    'payloadTooLarge',
    `the upload is larger than the ${size(limits.maxBytes)} allowed; split it into smaller uploads, or ask the server's administrator to raise MAX_IMPORT_BYTES`,
  );

/** The file name of a raw upload: `?filename=`, else the Content-Disposition header, else `fallback`. */
function rawName(req: IncomingMessage, fallback: string): string {
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('filename');
  if (query) return query;
  const disposition = req.headers['content-disposition'] ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!);
    } catch {
      // A malformed encoded name falls back to the plain one below.
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallback;
}

/** The error of an upload whose connection closed before its last byte. */
function cutOff(): AppError {
  return new AppError('badRequest', 'the upload was cut off before its end; nothing of it is kept');
}

/**
 * Streams one upload part into the BlobStore. The part is piped through a stream of its own, so
 * that when the store refuses it (too large) the part is drained rather than destroyed: the
 * client then reads the 413 instead of a reset connection.
 */
function keepPart(
  part: Readable,
  name: string,
  keep: KeepFiles,
): { pass: PassThrough; done: Promise<KeptSource> } {
  const media = mediaFileOf(name)!;
  const pass = new PassThrough();
  part.on('error', (error) => pass.destroy(error));
  // A part that closes before its end (the client went away) fails the put: its temporary file
  // is removed and its descriptor closed, or its transaction rolled back.
  part.once('close', () => {
    if (!part.readableEnded) pass.destroy(cutOff());
  });
  part.pipe(pass);
  const done = keep.blobs.put(pass, { maxBytes: keep.maxBytes }).then(
    ({ sha256, bytes }) => ({ kind: media.kind, sha256, bytes, mediaType: media.mediaType, fileName: name }),
    (error: unknown) => {
      part.unpipe(pass);
      part.resume();
      throw error;
    },
  );
  return { pass, done };
}

async function readRaw(
  req: IncomingMessage,
  limits: UploadLimits,
  fallbackName: string,
  keep: KeepFiles | null,
): Promise<Upload> {
  const name = rawName(req, fallbackName);
  if (keep && mediaFileOf(name)) {
    const source = await keepPart(req, name, keep).done;
    if (source.bytes === 0) {
      await keep.discard([source.sha256]);
      throw new AppError('validation', `no file was sent: put it in the multipart field "${FILE_FIELD}"`);
    }
    return { files: [{ name, data: Buffer.alloc(0), source }], fields: {} };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let over = false;
  // Read to the end even when over the limit, so the client gets the 413 rather than a reset.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limits.maxBytes) over = true;
    if (!over) chunks.push(chunk);
  }
  if (over) throw tooLarge(limits);
  if (total === 0)
    throw new AppError('validation', `no file was sent: put it in the multipart field "${FILE_FIELD}"`);
  return { files: [{ name, data: Buffer.concat(chunks) }], fields: {} };
}

function readMultipart(req: IncomingMessage, limits: UploadLimits, keep: KeepFiles | null): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers and our CLI send file names as UTF-8.
        defParamCharset: 'utf8',
        limits: {
          // Kept files are bounded by the store, each on its own; others by the total below.
          fileSize: Math.max(limits.maxBytes, keep?.maxBytes ?? 0) + 1,
          files: limits.maxFiles,
          fields: 20,
          fieldSize: 10_000,
          parts: limits.maxFiles + 20,
        },
      });
    } catch (error) {
      reject(
        new AppError(
          'badRequest',
          `malformed multipart request: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
      return;
    }
    // In the order sent; a kept file's slot is filled when the store has it whole.
    const files: (UploadedFile | null)[] = [];
    const fields: Record<string, string> = {};
    const storing: Promise<void>[] = [];
    const passes: PassThrough[] = [];
    const kept: string[] = [];
    let total = 0;
    let failure: AppError | null = null;
    const fail = (error: AppError) => {
      failure ??= error;
    };
    parser.on('file', (field, stream, info) => {
      if (field !== FILE_FIELD) {
        fail(new AppError('validation', `files go in the multipart field "${FILE_FIELD}", not "${field}"`));
        stream.resume();
        return;
      }
      const name = info.filename || 'upload';
      const slot = files.push(null) - 1;
      if (keep && mediaFileOf(name)) {
        const { pass, done } = keepPart(stream, name, keep);
        passes.push(pass);
        // busboy cuts a part at its fileSize limit, above MAX_MEDIA_BYTES: never keep a cut file.
        stream.on('limit', () => fail(fileTooLarge(keep.maxBytes)));
        storing.push(
          done.then(
            (source) => {
              kept.push(source.sha256);
              if (source.bytes === 0) fail(new AppError('validation', `${name} is empty`));
              files[slot] = { name, data: Buffer.alloc(0), source };
            },
            (error: unknown) => {
              fail(
                error instanceof AppError
                  ? error
                  : new AppError('badRequest', `${name} could not be received whole`, undefined, {
                      cause: error,
                    }),
              );
            },
          ),
        );
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limits.maxBytes) fail(tooLarge(limits));
        if (failure === null) chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge(limits)));
      stream.on('end', () => {
        if (failure === null) files[slot] = { name, data: Buffer.concat(chunks) };
      });
    });
    let finished = false;
    /** Settles once every kept file is stored or refused; on failure, drops what was stored. */
    const finish = async (error: AppError | null) => {
      if (finished) return;
      finished = true;
      await Promise.all(storing);
      const failed = error ?? failure;
      if (failed) {
        await keep?.discard(kept);
        reject(failed);
      } else resolve({ files: files.filter((f): f is UploadedFile => f !== null), fields });
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new AppError('validation', `the field "${name}" is too long`));
      else fields[name] = value;
    });
    parser.on('filesLimit', () =>
      fail(new AppError('payloadTooLarge', `at most ${limits.maxFiles} files per upload`)),
    );
    parser.on('fieldsLimit', () => fail(new AppError('validation', 'too many fields')));
    parser.on('partsLimit', () => fail(new AppError('validation', 'too many parts')));
    parser.on('error', (error: unknown) => {
      const failed =
        failure ??
        new AppError(
          'badRequest',
          `malformed multipart request: ${error instanceof Error ? error.message : String(error)}`,
        );
      // A file still streaming into the store ends with the request: nothing of it is kept.
      for (const pass of passes) pass.destroy(failed);
      void finish(failed).catch(reject);
    });
    parser.on('close', () => void finish(null).catch(reject));
    // busboy is not told when the request is aborted: its file streams would wait for the rest
    // forever, holding their puts (a temporary file and its descriptor, or a transaction) open.
    req.once('close', () => {
      if (req.complete || finished) return;
      const aborted = cutOff();
      fail(aborted);
      req.unpipe(parser);
      for (const pass of passes) pass.destroy(aborted);
      void finish(aborted).catch(reject);
    });
    req.pipe(parser);
  });
}

/**
 * Reads an upload: multipart, or the raw body as one file named `fallbackName` unless the request
 * names it. With `keep`, PDFs and recordings stream into its BlobStore (see the module comment);
 * without, they are read like any file.
 * @throws AppError `payloadTooLarge` (413: over MAX_IMPORT_BYTES, or a kept file over
 *   MAX_MEDIA_BYTES), `validation`, `badRequest`, `unsupportedMediaType`.
 */
export async function readUpload(
  req: IncomingMessage,
  limits: UploadLimits,
  fallbackName: string,
  keep: KeepFiles | null = null,
): Promise<Upload> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const multipart = type.startsWith('multipart/form-data');
  // A raw kept file is bounded by MAX_MEDIA_BYTES; a multipart upload that may carry kept files,
  // each on its own, only as it streams.
  const rawKept =
    !multipart && keep !== null && mediaFileOf(rawName(req, fallbackName)) !== null ? keep : null;
  const bound = rawKept ? rawKept.maxBytes : multipart && keep ? Infinity : limits.maxBytes + 64 * 1024;
  // Multipart framing adds a little; anything far beyond the limit is refused before reading.
  if (Number.isFinite(declared) && declared > bound) {
    req.resume();
    throw rawKept ? fileTooLarge(rawKept.maxBytes) : tooLarge(limits);
  }
  if (multipart) return readMultipart(req, limits, keep);
  if (type.startsWith('application/json') || type.startsWith('application/x-www-form-urlencoded')) {
    throw new AppError(
      'unsupportedMediaType',
      `send the file as multipart/form-data (field "${FILE_FIELD}") or as the raw request body`,
    );
  }
  return readRaw(req, limits, fallbackName, keep);
}
