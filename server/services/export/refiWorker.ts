/**
 * Worker-thread entry (server/offThread.ts) writing a project as REFI-QDA (`writeRefiProject`):
 * for a thousand transcripts and tens of thousands of codings that takes seconds, which on the
 * event loop would stall every room's sync while a supervisor exports.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeRefiProject } from '../../../shared/interchange/refi/writeProject.ts';
import { derivedGuid } from './ExportService.ts';
import type { RefiWriteInput } from './writeRefiOffThread.ts';

const { input } = workerData as { input: RefiWriteInput };
parentPort!.postMessage(
  writeRefiProject(input.project, { guid: derivedGuid, origin: input.origin, now: input.now }),
);
