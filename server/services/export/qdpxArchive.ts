/**
 * The `.qdpx` archive as a stream: `project.qde`, the text files and the original files of PDFs
 * and recordings under `sources/`. Original files are opened one at a time, when the archive
 * reaches them (yazl's lazy entries), and stored without compression (PDFs and media are
 * compressed already), so an export of many recordings holds none of them in memory.
 */
import { Readable } from 'node:stream';
import yazl from 'yazl';
import type { PortableSource } from '../../../shared/interchange/portable.ts';
import type { RefiSourceFile } from '../../../shared/interchange/refi/writeProject.ts';
import type { RefiMediaFile } from '../../../shared/interchange/refi/writeMedia.ts';
import { AppError } from '../../../shared/errors.ts';

/** Reads a kept file by its SHA-256 digest (the BlobStore's `read`). */
export type ReadKeptFile = (sha256: string) => Readable;

/** The bytes of an original file: those it carries, else the kept file its digest names. */
export function openSource(source: PortableSource, read: ReadKeptFile | undefined): Readable {
  if (source.data !== undefined) return Readable.from([source.data]);
  if (source.sha256 === undefined || read === undefined) {
    throw new AppError('internal', `the file ${source.fileName} cannot be read for the export`);
  }
  return read(source.sha256);
}

/**
 * The archive's bytes as they are written. `read` opens a kept file; errors while reading one
 * end the stream with that error.
 */
export function qdpxArchive(
  written: { qde: string; sources: readonly RefiSourceFile[]; media: readonly RefiMediaFile[] },
  read: ReadKeptFile | undefined,
  mtime: Date,
): Readable {
  const zip = new yazl.ZipFile();
  // Entries are added as streams, not buffers: yazl checksums a buffer whole when it is added, so
  // a thousand transcripts added as buffers are checksummed in one go on the event loop (seconds);
  // a stream is checksummed chunk by chunk as the archive reaches it. The project file is cut
  // into chunks of its bytes (not of its string, which could split a surrogate pair).
  const qde = Buffer.from(written.qde, 'utf8');
  zip.addReadStreamLazy('project.qde', { mtime, size: qde.length }, (done) =>
    done(null, Readable.from(chunksOf(qde))),
  );
  for (const source of written.sources) {
    zip.addReadStreamLazy(`sources/${source.name}`, { mtime }, (done) =>
      done(null, Readable.from([Buffer.from(source.text, 'utf8')])),
    );
  }
  const output = zip.outputStream as Readable;
  for (const file of written.media) {
    zip.addReadStreamLazy(
      `sources/${file.name}`,
      { mtime, compress: false, ...(file.source.bytes === undefined ? {} : { size: file.source.bytes }) },
      (done) => {
        try {
          const stream = openSource(file.source, read);
          // yazl reports a failing entry stream as an error of the archive, not of its output.
          stream.once('error', (error) => output.destroy(error));
          done(null, stream);
        } catch (error) {
          output.destroy(error as Error);
        }
      },
    );
  }
  zip.end();
  return output;
}

/** A buffer in views of at most `size` bytes (default 1 MiB), in order. */
function* chunksOf(buffer: Buffer, size = 1024 * 1024): Generator<Buffer> {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}
