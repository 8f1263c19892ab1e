/**
 * File uploads for imports: `multipart/form-data` (busboy; files in the field `file`, repeated
 * for several) or the raw file as the request body. Sizes are limited while reading, so an
 * oversized upload is answered with 413 without being held in memory.
 */
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { AppError } from '../../shared/errors.ts';
import type { UploadedFile } from '../services/import/documents.ts';

export interface UploadLimits {
  /** Largest upload, all files together, in bytes. */
  maxBytes: number;
  /** Most files in one upload. */
  maxFiles: number;
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

async function readRaw(req: IncomingMessage, limits: UploadLimits, fallbackName: string): Promise<Upload> {
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
  return { files: [{ name: rawName(req, fallbackName), data: Buffer.concat(chunks) }], fields: {} };
}

function readMultipart(req: IncomingMessage, limits: UploadLimits): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers and our CLI send file names as UTF-8.
        defParamCharset: 'utf8',
        limits: {
          fileSize: limits.maxBytes,
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
    const files: UploadedFile[] = [];
    const fields: Record<string, string> = {};
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
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limits.maxBytes) fail(tooLarge(limits));
        if (failure === null) chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge(limits)));
      stream.on('end', () => {
        if (failure === null) files.push({ name: info.filename || 'upload', data: Buffer.concat(chunks) });
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new AppError('validation', `the field "${name}" is too long`));
      else fields[name] = value;
    });
    parser.on('filesLimit', () =>
      fail(new AppError('payloadTooLarge', `at most ${limits.maxFiles} files per upload`)),
    );
    parser.on('fieldsLimit', () => fail(new AppError('validation', 'too many fields')));
    parser.on('partsLimit', () => fail(new AppError('validation', 'too many parts')));
    parser.on('error', (error: unknown) =>
      reject(
        failure ??
          new AppError(
            'badRequest',
            `malformed multipart request: ${error instanceof Error ? error.message : String(error)}`,
          ),
      ),
    );
    parser.on('close', () => (failure ? reject(failure) : resolve({ files, fields })));
    req.pipe(parser);
  });
}

/** Reads an upload: multipart, or the raw body as one file named `fallbackName` unless the request names it. */
export async function readUpload(
  req: IncomingMessage,
  limits: UploadLimits,
  fallbackName: string,
): Promise<Upload> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  // Multipart framing adds a little; anything far beyond the limit is refused before reading.
  if (Number.isFinite(declared) && declared > limits.maxBytes + 64 * 1024) {
    req.resume();
    throw tooLarge(limits);
  }
  if (type.startsWith('multipart/form-data')) return readMultipart(req, limits);
  if (type.startsWith('application/json') || type.startsWith('application/x-www-form-urlencoded')) {
    throw new AppError(
      'unsupportedMediaType',
      `send the file as multipart/form-data (field "${FILE_FIELD}") or as the raw request body`,
    );
  }
  return readRaw(req, limits, fallbackName);
}
