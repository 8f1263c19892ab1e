/**
 * The study's agreement report (`GET /api/projects/:id/agreement`, segments by paragraph, any
 * overlap). The targets are held by the live report, the one the dashboard's stream recomputes on
 * every change (no bootstrap, `ci=0`): the first report of the server (every document analysed),
 * the same report again (nothing changed), and the report after one coding made through a coder's
 * layer room (bench/study/codeOnce.ts), which only that document's analysis has to follow. Then
 * the route's default report, with 1,000 bootstrap replicates for its intervals (asked for once,
 * for a methods section): its time is reported without a target, its stall is held to the same
 * 100 ms (docs/capacity.md, "The large study").
 */
import { TARGETS } from '../targets.ts';
import type { BenchRow } from '../table.ts';
import { codeOnce } from './codeOnce.ts';
import type { StudyContext } from './context.ts';
import { timedGet } from './http.ts';
import { stallRow, timeRow } from './rows.ts';

export async function measureAgreement(ctx: StudyContext): Promise<BenchRow[]> {
  const path = `/api/projects/${ctx.projectId}/agreement`;
  const live = `${path}?ci=0`;
  const { backend } = ctx;
  const full = await ctx.stalls.during(() => timedGet(ctx, live));
  const again = await ctx.stalls.during(() => timedGet(ctx, live));
  await codeOnce(ctx);
  const incremental = await ctx.stalls.during(() => timedGet(ctx, live));
  const intervals = await ctx.stalls.during(() => timedGet(ctx, path));
  return [
    timeRow(
      `full agreement report (live, no intervals), first of the server, ${backend}`,
      full.result.ms,
      TARGETS.studyFullReportMs,
    ),
    stallRow('the full report', full.stall),
    timeRow(`live agreement report again, nothing changed, ${backend}`, again.result.ms),
    stallRow('the report again', again.stall),
    timeRow(
      `live agreement report after one coding, ${backend}`,
      incremental.result.ms,
      TARGETS.studyIncrementalMs,
    ),
    stallRow('the report after one coding', incremental.stall),
    timeRow(`agreement report with 1,000-replicate bootstrap intervals, ${backend}`, intervals.result.ms),
    stallRow('the report with intervals', intervals.stall),
  ];
}
