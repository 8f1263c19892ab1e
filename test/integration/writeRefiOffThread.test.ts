/**
 * The `.qdpx` export writes its project file in a worker thread (sync stays free meanwhile): the
 * worker, started for real, must write exactly what writing on the calling thread writes.
 */
import { OffThreadPool } from '../../server/offThread.ts';
import { describe, expect, it } from 'vitest';
import { writeRefiProject } from '../../shared/interchange/refi/writeProject.ts';
import { derivedGuid, ORIGIN } from '../../server/services/export/ExportService.ts';
import { writeRefiOffThread } from '../../server/services/export/writeRefiOffThread.ts';
import { studyProject } from '../../bench/study/archive.ts';
import { planStudy } from '../../bench/study/generate.ts';

describe('writeRefiOffThread', () => {
  it('writes the project file and sources that writing on this thread writes', async () => {
    const { project } = studyProject(planStudy({ documents: 20, words: 200, seed: 3 }));
    const withTexts = {
      ...project,
      documents: project.documents.map((d, i) => ({ ...d, text: `Text ${i}.` })),
    };
    const now = '2025-02-01T10:00:00.000Z';
    const written = await writeRefiOffThread(new OffThreadPool(), {
      project: withTexts,
      origin: ORIGIN,
      now,
    });
    expect(written).toEqual(writeRefiProject(withTexts, { guid: derivedGuid, origin: ORIGIN, now }));
    expect(written.qde).toContain('<CodeBook>');
    expect(written.sources).toHaveLength(20);
  });
});
