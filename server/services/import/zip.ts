/**
 * Reads zip archives from elsewhere (.qdpx, .docx) without trusting them: the entry count,
 * every entry's declared size and compression ratio are checked before anything is inflated,
 * inflating stops at the declared size (yauzl's `validateEntrySizes`) and at our own limit,
 * and entry names that leave the archive (`../x`, `/etc/x`, `C:\x`) are refused.
 */
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { AppError } from '../../../shared/errors.ts';

/** How much an archive may hold. */
export interface ZipLimits {
  /** Most entries an archive may list. Default 10,000. */
  maxEntries: number;
  /** Largest uncompressed size of one entry, in bytes. Default 128 MiB. */
  maxEntryBytes: number;
  /** Largest uncompressed size of all entries together, in bytes. Default 512 MiB. */
  maxTotalBytes: number;
  /** Largest expansion (uncompressed / compressed) of an entry above `ratioFloorBytes`. Default 200. */
  maxRatio: number;
  /**
   * Entries smaller than this may expand more: they cannot exhaust memory. Default 32 MiB, because
   * a transcript that repeats itself (a template, a long silence marked line by line) deflates far
   * past 200-fold, and Concord's own `.qdpx` of it must import again; the absolute limits above
   * bound memory whatever the ratio.
   */
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 10_000,
  maxEntryBytes: 128 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 32 * 1024 * 1024,
};

/** An opened archive: its file entries by name, read on demand. */
export interface ZipArchive {
  /** File names as stored (directories left out). */
  readonly names: readonly string[];
  /** The name as stored that matches `name` ignoring case, if any. */
  find(name: string): string | undefined;
  /** Inflates one entry. */
  read(name: string): Promise<Buffer>;
  close(): void;
}

/** Turns yauzl's messages into ones a researcher can act on. */
function explain(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const traversal = /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/.exec(
    message,
  );
  if (traversal) {
    return new AppError(
      'validation',
      `${what}: the archive entry "${traversal[2]}" points outside the archive (path traversal); refused`,
      undefined,
      { cause: error },
    );
  }
  if (/end of central directory record signature not found/i.test(message)) {
    return new AppError('validation', `${what} is not a zip archive (or it is truncated)`, undefined, {
      cause: error,
    });
  }
  if (/(too many|not enough) bytes in the stream/.test(message)) {
    return new AppError(
      'validation',
      `${what}: an archive entry inflates to another size than it declares; refused as a possible zip bomb`,
      undefined,
      { cause: error },
    );
  }
  return new AppError('validation', `${what} is a broken zip archive: ${message}`, undefined, {
    cause: error,
  });
}

const MiB = 1024 * 1024;
const megabytes = (bytes: number) => `${(bytes / MiB).toFixed(bytes < 10 * MiB ? 1 : 0)} MiB`;

/** Checks one entry's metadata against the limits; returns its declared size. */
function checkEntry(entry: Entry, what: string, limits: ZipLimits): number {
  const name = entry.fileName;
  if (entry.isEncrypted()) throw new AppError('validation', `${what}: entry "${name}" is encrypted; refused`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new AppError(
      'validation',
      `${what}: entry "${name}" uses compression method ${entry.compressionMethod}; only stored and deflated entries are read`,
    );
  }
  const size = entry.uncompressedSize;
  if (size > limits.maxEntryBytes) {
    throw new AppError(
      'payloadTooLarge',
      `${what}: entry "${name}" declares ${megabytes(size)} uncompressed, more than the ${megabytes(limits.maxEntryBytes)} allowed per entry; refused as a possible zip bomb`,
    );
  }
  const ratio = size / Math.max(entry.compressedSize, 1);
  if (size > limits.ratioFloorBytes && ratio > limits.maxRatio) {
    throw new AppError(
      'payloadTooLarge',
      `${what}: entry "${name}" expands ${Math.round(ratio)}-fold (${megabytes(size)} from ${entry.compressedSize} bytes), more than the ${limits.maxRatio}-fold allowed; refused as a possible zip bomb`,
    );
  }
  return size;
}

/** Inflates an entry, stopping as soon as it yields more than it declared (checked against the limits). */
async function collect(stream: Readable, declared: number, name: string, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > declared) {
      stream.destroy();
      throw new AppError(
        'payloadTooLarge',
        `${what}: entry "${name}" inflates to more than the ${declared} bytes it declares; refused as a possible zip bomb`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Opens an archive held in memory, checking every entry's metadata before returning. */
export async function openZip(
  data: Buffer,
  what: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ZipArchive> {
  let zip: ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, {
      lazyEntries: true,
      autoClose: false,
      validateEntrySizes: true,
      decodeStrings: true,
      // Backslashes become slashes before the name check, so "..\evil" is caught as "../evil".
      strictFileNames: false,
    });
  } catch (error) {
    throw explain(error, what);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new AppError(
        'payloadTooLarge',
        `${what}: the archive lists ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed`,
      );
    }
    const entries = new Map<string, Entry>();
    const byLowerCase = new Map<string, string>();
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      if (entries.has(entry.fileName)) {
        throw new AppError('validation', `${what}: the archive holds "${entry.fileName}" twice; refused`);
      }
      total += checkEntry(entry, what, limits);
      if (total > limits.maxTotalBytes) {
        throw new AppError(
          'payloadTooLarge',
          `${what}: the archive declares more than ${megabytes(limits.maxTotalBytes)} uncompressed; refused as a possible zip bomb`,
        );
      }
      entries.set(entry.fileName, entry);
      if (!byLowerCase.has(entry.fileName.toLowerCase()))
        byLowerCase.set(entry.fileName.toLowerCase(), entry.fileName);
    }
    return {
      names: [...entries.keys()],
      find: (name) => byLowerCase.get(name.toLowerCase()),
      async read(name) {
        const entry = entries.get(name);
        if (!entry) throw new AppError('validation', `${what}: no entry "${name}" in the archive`);
        try {
          const stream = await zip.openReadStreamPromise(entry);
          return await collect(stream, entry.uncompressedSize, name, what);
        } catch (error) {
          throw explain(error, what);
        }
      },
      close: () => zip.close(),
    };
  } catch (error) {
    zip.close();
    throw explain(error, what);
  }
}

/** Opens an archive, runs `fn` with it and closes it, whatever happens. */
export async function withZip<T>(
  data: Buffer,
  what: string,
  limits: ZipLimits,
  fn: (zip: ZipArchive) => Promise<T>,
): Promise<T> {
  const zip = await openZip(data, what, limits);
  try {
    return await fn(zip);
  } finally {
    zip.close();
  }
}
