/**
 * REFI-QDA archives: a `.qdpx` is a zip holding `project.qde` and a `sources/` folder (its name
 * in any case); a `.qdc` is a codebook file. The archive is opened with the checks of zip.ts,
 * and only `project.qde` and the plain-text files it refers to are inflated.
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
import { Warnings } from '../../../shared/interchange/warnings.ts';
import { decodeUtf8 } from './decodeText.ts';
import { withZip, type ZipLimits } from './zip.ts';

/** Reads a `.qdpx` held in memory into plain project data. `what` names it in messages. */
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
    const xml = decodeUtf8(await zip.read(main));
    if (xml === null) throw new AppError('validation', `${what}: ${main} is not UTF-8 text`);
    const root = parseRefiProject(xml, `${what}: ${main}`);
    const texts = new Map<string, string>();
    const unreadable: string[] = [];
    for (const name of refiTextPaths(root)) {
      const entry = zip.find(`sources/${name}`);
      if (entry === undefined) continue;
      const text = decodeUtf8(await zip.read(entry));
      if (text === null) unreadable.push(name);
      else texts.set(name, text);
    }
    const result = readRefiProject(root, { read: (name) => texts.get(name) }, options);
    return {
      project: result.project,
      warnings: [
        ...(unreadable.length > 0
          ? [
              `source files that are not UTF-8 were left out: ${unreadable.length} (e.g. ${unreadable.slice(0, 3).join('; ')})`,
            ]
          : []),
        ...result.warnings,
      ],
    };
  });
}

/** Reads a `.qdc` codebook file. */
export function readQdc(data: Buffer, what: string): { codes: PortableCode[]; warnings: string[] } {
  const xml = decodeUtf8(data);
  if (xml === null) throw new AppError('validation', `${what} is not UTF-8 text`);
  const warnings = new Warnings();
  const codes = readRefiCodebook(xml, what, warnings);
  return { codes, warnings: warnings.list() };
}
