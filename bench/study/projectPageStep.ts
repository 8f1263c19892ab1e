/**
 * The project page as a study step: its documents-and-progress answer, its first render in
 * Chromium and the memory of a room per document loaded (bench/study/projectPage.ts), on the
 * server holding the imported study, signed in as its administrator. Run first, while no other
 * step has loaded rooms; the longest event-loop stall over the whole step is reported too.
 */
import { CHILD_ADMIN } from '../../test/helpers/childServer.ts';
import type { BenchRow } from '../table.ts';
import type { StudyContext } from './context.ts';
import { measureProjectPage } from './projectPage.ts';
import { stallRow } from './rows.ts';

export async function measureProjectPageStep(ctx: StudyContext): Promise<BenchRow[]> {
  const { result, stall } = await ctx.stalls.during(() =>
    measureProjectPage({
      http: ctx.http,
      token: ctx.token,
      credentials: CHILD_ADMIN,
      projectId: ctx.projectId,
      childPid: ctx.childPid,
    }),
  );
  return [...result, stallRow('the project page step (answers, renders, 1,000 rooms loaded)', stall)];
}
