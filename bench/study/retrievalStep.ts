/**
 * Retrieval and search in the study: every passage coded with one code across all layers
 * (`GET /api/projects/:id/segments?code=…`), and text search for two words and for a phrase taken
 * from a transcript (`GET /api/projects/:id/search?q=…&mode=words|phrase`, first page).
 * No targets are set for them in the issue; their stalls are held to the common one.
 */
import type { Code } from '../../shared/schemas.ts';
import type { BenchRow } from '../table.ts';
import type { StudyContext } from './context.ts';
import { studyDocument } from './generate.ts';
import { getJson, timedGet } from './http.ts';
import { stallRow, timeRow } from './rows.ts';

/** Three words of a sentence of the first transcript's first answer: a phrase the corpus holds. */
function phraseOf(ctx: StudyContext): string {
  const turn = studyDocument(ctx.plan, 0)
    .text.split('\n\n')
    .find((t) => t.startsWith('Participant:'))!;
  const sentences = turn.replace(/^Participant:\s*/, '').split(/[.?!]/);
  const words = sentences.map((s) => s.match(/[\p{L}'-]+/gu) ?? []).find((w) => w.length >= 4)!;
  return words.slice(1, 4).join(' ');
}

export async function measureRetrieval(ctx: StudyContext): Promise<BenchRow[]> {
  const { backend, projectId } = ctx;
  const codes = await getJson<Code[]>(ctx, `/api/projects/${projectId}/codebook`);
  const parents = new Set(codes.map((c) => c.parentId));
  const code = codes.find((c) => !parents.has(c.id))!;
  const retrieval = await ctx.stalls.during(() =>
    timedGet(ctx, `/api/projects/${projectId}/segments?code=${encodeURIComponent(code.id)}`),
  );
  const found = (JSON.parse(retrieval.result.body.toString('utf8')) as { total: number }).total;
  const [first, second] = phraseOf(ctx).split(' ');
  const search = (q: string, mode: string) =>
    ctx.stalls.during(() =>
      timedGet(ctx, `/api/projects/${projectId}/search?q=${encodeURIComponent(q)}&mode=${mode}`),
    );
  const words = await search(`${first} ${second}`, 'words');
  const phrase = await search(phraseOf(ctx), 'phrase');
  const hits = (answer: { result: { body: Buffer } }) =>
    (JSON.parse(answer.result.body.toString('utf8')) as { total: number }).total;
  return [
    timeRow(`retrieval of one code, all layers (${found} passages), ${backend}`, retrieval.result.ms),
    stallRow('retrieval', retrieval.stall),
    timeRow(`search, two words (${hits(words)} hits), ${backend}`, words.result.ms),
    stallRow('the word search', words.stall),
    timeRow(`search, a three-word phrase (${hits(phrase)} hits), ${backend}`, phrase.result.ms),
    stallRow('the phrase search', phrase.stall),
  ];
}
