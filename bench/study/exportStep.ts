/**
 * The study as a REFI-QDA project (`GET /api/projects/:id/export/qdpx`), timed from request to
 * the archive's last byte, with its size; the caller is the administrator, who sees every layer.
 */
import { TARGETS } from '../targets.ts';
import type { BenchRow } from '../table.ts';
import type { StudyContext } from './context.ts';
import { timedGet } from './http.ts';
import { stallRow, timeRow } from './rows.ts';

export async function measureExport(ctx: StudyContext): Promise<BenchRow[]> {
  const exported = await ctx.stalls.during(() => timedGet(ctx, `/api/projects/${ctx.projectId}/export/qdpx`));
  return [
    timeRow(`.qdpx export, ${ctx.backend}`, exported.result.ms, TARGETS.studyExportMs, true),
    { name: '  exported archive size', value: exported.result.body.length / 1024 / 1024, unit: 'MiB' },
    stallRow('the export', exported.stall),
  ];
}
