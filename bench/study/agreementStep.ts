/**
 * The study's agreement report, as `GET /api/projects/:id/agreement` answers it with its default
 * query (segments by paragraph, any overlap, 1,000 bootstrap replicates): the first report of the
 * server (every document analysed), the same report again (nothing changed), and the report after
 * one coding made through a coder's layer room (bench/study/codeOnce.ts), which only that
 * document's analysis has to follow.
 */
import { TARGETS } from '../targets.ts';
import type { BenchRow } from '../table.ts';
import { codeOnce } from './codeOnce.ts';
import type { StudyContext } from './context.ts';
import { timedGet } from './http.ts';
import { stallRow, timeRow } from './rows.ts';

export async function measureAgreement(ctx: StudyContext): Promise<BenchRow[]> {
  const path = `/api/projects/${ctx.projectId}/agreement`;
  const { backend } = ctx;
  const full = await ctx.stalls.during(() => timedGet(ctx, path));
  const again = await ctx.stalls.during(() => timedGet(ctx, path));
  await codeOnce(ctx);
  const incremental = await ctx.stalls.during(() => timedGet(ctx, path));
  return [
    timeRow(`full agreement report, first of the server, ${backend}`, full.result.ms, TARGETS.studyFullReportMs),
    stallRow('the full report', full.stall),
    timeRow(`agreement report again, nothing changed, ${backend}`, again.result.ms),
    stallRow('the report again', again.stall),
    timeRow(`agreement report after one coding, ${backend}`, incremental.result.ms, TARGETS.studyIncrementalMs),
    stallRow('the report after one coding', incremental.stall),
  ];
}
