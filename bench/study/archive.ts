/**
 * The generated study as a REFI-QDA `.qdpx` archive, as Concord's own export writes one
 * (`writeRefiProject` for `project.qde`, derived GUIDs as `ExportService` makes them), so the
 * study enters through the same import path as a project from a desktop tool.
 *
 * Only the codings are held while the archive is written: `project.qde` is written from them with
 * texts left out (the writer only names text files), and each transcript is generated again when
 * the archive reaches its entry, so a 1,000 × 10,000-word study never holds more than one text.
 */
import { Readable } from 'node:stream';
import yazl from 'yazl';
import type { PortableCoding, PortableProject } from '../../shared/interchange/portable.ts';
import { writeRefiProject } from '../../shared/interchange/refi/writeProject.ts';
import { derivedGuid } from '../../server/services/export/ExportService.ts';
import { studyDocument, type StudyPlan } from './generate.ts';

/** When the study says it was written: fixed, so the same seed gives the same bytes. */
const WRITTEN = new Date('2025-01-15T09:00:00.000Z');

/** What the archive holds, to compare with what an import reports. */
export interface StudyCounts {
  documents: number;
  /** Codebook entries: themes and codes. */
  codes: number;
  /** Coders and the consensus layer. */
  coders: number;
  /** Codings of every layer, the consensus layer's included. */
  codings: number;
}

/**
 * The study's project as plain data with every text empty, and its counts. Generates each
 * document once and keeps only its codings.
 */
export function studyProject(plan: StudyPlan): { project: PortableProject; counts: StudyCounts } {
  const documents: PortableProject['documents'] = [];
  const codings: PortableCoding[] = [];
  const completed: Record<string, string[]> = {};
  plan.assignments.forEach((assignment, index) => {
    const document = studyDocument(plan, index);
    documents.push({
      key: document.key,
      title: document.title,
      text: '',
      attributes: { Site: document.site },
      createdAt: null,
    });
    document.codings.forEach((c, i) =>
      codings.push({
        key: `${document.key}:${i}`,
        document: document.key,
        coder: c.coder,
        code: c.code,
        start: c.start,
        end: c.end,
        memo: '',
        createdAt: WRITTEN.toISOString(),
      }),
    );
    completed[document.key] = [...assignment.coders];
  });
  const { documents: n, words, seed } = plan.options;
  const project: PortableProject = {
    name: `Generated study (${n} × ${words} words, seed ${seed})`,
    description: 'Synthetic interview study generated for the capacity benchmark.',
    coders: plan.coders.map((c) => ({ key: c.key, name: c.name, externalId: null, consensus: c.consensus })),
    codes: plan.codes.map((c) => ({
      key: c.key,
      name: c.name,
      parent: c.parent,
      color: c.color,
      description: '',
    })),
    documents,
    codings,
    completed,
  };
  return {
    project,
    counts: { documents: n, codes: plan.codes.length, coders: plan.coders.length, codings: codings.length },
  };
}

/**
 * The study's `.qdpx` bytes as they are written (deflated entries, fixed dates), with its counts.
 * The same plan gives the same bytes.
 */
export function studyQdpx(plan: StudyPlan): { archive: Readable; counts: StudyCounts } {
  const { project, counts } = studyProject(plan);
  const seed = plan.options.seed;
  const written = writeRefiProject(project, {
    // The seed is in the key so that studies of different seeds are different projects to an
    // importer that remembers the GUIDs it has seen.
    guid: (kind, key) => derivedGuid(kind, `study:${seed}:${key}`),
    origin: 'Concord study generator',
    now: WRITTEN.toISOString(),
  });
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(written.qde, 'utf8'), 'project.qde', { mtime: WRITTEN });
  // The writer lists text files in document order.
  written.sources.forEach((source, index) => {
    zip.addReadStreamLazy(`sources/${source.name}`, { mtime: WRITTEN }, (done) =>
      done(null, Readable.from([Buffer.from(studyDocument(plan, index).text, 'utf8')])),
    );
  });
  zip.end();
  return { archive: zip.outputStream as Readable, counts };
}
