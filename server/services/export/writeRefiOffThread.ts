/** Writing a project as REFI-QDA in a worker thread (server/services/export/refiWorker.ts). */
import type { PortableProject } from '../../../shared/interchange/portable.ts';
import type { writeRefiProject } from '../../../shared/interchange/refi/writeProject.ts';
import type { OffThreadPool } from '../../offThread.ts';

/** What the worker writes: the project, the software named in it and the time written (ISO). */
export interface RefiWriteInput {
  project: PortableProject;
  origin: string;
  now: string;
}

/**
 * `writeRefiProject(project, { guid: derivedGuid, origin, now })`, computed in a worker thread of
 * `pool` (GUIDs derived as `ExportService` derives them).
 */
export function writeRefiOffThread(
  pool: OffThreadPool,
  input: RefiWriteInput,
): Promise<ReturnType<typeof writeRefiProject>> {
  return pool.run(new URL('./refiWorker.ts', import.meta.url), input);
}
