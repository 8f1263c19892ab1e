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
  zip.addBuffer(Buffer.from(written.qde, 'utf8'), 'project.qde', { mtime });
  for (const source of written.sources)
    zip.addBuffer(Buffer.from(source.text, 'utf8'), `sources/${source.name}`, { mtime });
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
