/**
 * REFI-QDA archives: a `.qdpx` is a zip holding `project.qde` and a `sources/` folder (its name
 * in any case); a `.qdc` is a codebook file. The archive is opened with the checks of zip.ts,
 * and only `project.qde`, the plain-text files it refers to and the original files of its PDF,
 * audio and video sources are inflated; those count toward the same limits. Text is decoded as
 * every import decodes it (decodeText.ts).
 */
import { AppError } from '../../../shared/errors.ts';
import type { PortableCode, PortableProject } from '../../../shared/interchange/portable.ts';
import { readRefiCodebook } from '../../../shared/interchange/refi/codebook.ts';
import {
  parseRefiProject,
  readRefiProject,
  refiTextPaths,
  type ReadRefiOptions,
} from '../../../shared/interchange/refi/readProject.ts';
import { refiMediaPaths } from '../../../shared/interchange/refi/media.ts';
import { Warnings } from '../../../shared/interchange/warnings.ts';
import { decodeText } from './decodeText.ts';
import { withZip, type ZipLimits } from './zip.ts';

/**
 * Reads a `.qdpx` held in memory into plain project data. `what` names it in messages. The
 * original file of a PDF or recording comes back in its document's `source.data`: the import
 * puts it in the BlobStore before the project is written.
 */
export async function readQdpx(
  data: Buffer,
  what: string,
  limits: ZipLimits,
  options: ReadRefiOptions,
): Promise<{ project: PortableProject; warnings: string[] }> {
  return withZip(data, what, limits, async (zip) => {
    const qde = zip.names.filter((n) => !n.includes('/') && n.toLowerCase().endsWith('.qde'));
    const main =
      qde.find((n) => n.toLowerCase() === 'project.qde') ?? (qde.length === 1 ? qde[0] : undefined);
    if (main === undefined) {
      throw new AppError(
        'validation',
        qde.length > 1
          ? `${what} holds several .qde files and none is project.qde`
          : `${what} is not a REFI-QDA project: it holds no project.qde`,
      );
    }
    // REFI-QDA asks for UTF-8, but files saved by other tools arrive in UTF-16 or a legacy code
    // page too: they are decoded as any transcript is (decodeText), and the import says so.
    const decoded = decodeText(await zip.read(main), `${what}: ${main}`);
    const root = parseRefiProject(decoded.text, `${what}: ${main}`);
    const notes: string[] = [...decoded.warnings];
    const texts = new Map<string, string>();
    const unreadable: string[] = [];
    for (const name of refiTextPaths(root)) {
      const entry = zip.find(`sources/${name}`);
      if (entry === undefined) continue;
      try {
        const text = decodeText(await zip.read(entry), `sources/${name}`);
        notes.push(...text.warnings);
        texts.set(name, text.text);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        unreadable.push(name);
      }
    }
    const files = new Map<string, Buffer>();
    for (const name of refiMediaPaths(root)) {
      const entry = zip.find(`sources/${name}`);
      if (entry !== undefined) files.set(name, await zip.read(entry));
    }
    const result = readRefiProject(
      root,
      { read: (name) => texts.get(name), file: (name) => files.get(name) },
      options,
    );
    return {
      project: result.project,
      warnings: [
        ...notes,
        ...(unreadable.length > 0
          ? [
              `source files that look binary, not text, were left out: ${unreadable.length} (e.g. ${unreadable.slice(0, 3).join('; ')})`,
            ]
          : []),
        ...result.warnings,
      ],
    };
  });
}

/** Reads a `.qdc` codebook file. */
export function readQdc(data: Buffer, what: string): { codes: PortableCode[]; warnings: string[] } {
  const decoded = decodeText(data, what);
  const warnings = new Warnings();
  const codes = readRefiCodebook(decoded.text, what, warnings);
  return { codes, warnings: [...decoded.warnings, ...warnings.list()] };
}
