/**
 * Agreement reports with bootstrap intervals are combined in a worker thread (the server's event
 * loop stays free for sync): the worker, started for real, must give exactly the report that
 * combining on the calling thread gives.
 */
import { OffThreadPool } from '../../server/offThread.ts';
import { describe, expect, it } from 'vitest';
import { analyseDocument, combine, createAgreementContext } from '../../shared/agreement/index.ts';
import { combineOffThread } from '../../server/services/combineOffThread.ts';

/** Three coders on four short documents of paragraphs; codings disagree in places. */
function corpus() {
  const text = 'One paragraph here.\n\nAnother one there.\n\nA third, longer paragraph of text.';
  const codings = (doc: number) => [
    { coder: 'ann', code: 'a', start: 0, end: 10 },
    { coder: 'bob', code: 'a', start: 2, end: 12 },
    { coder: 'cat', code: doc % 2 === 0 ? 'a' : 'b', start: 25, end: 30 },
    { coder: 'ann', code: 'b', start: 45, end: 60 },
    { coder: 'bob', code: doc % 3 === 0 ? 'b' : 'a', start: 45, end: 50 },
  ];
  return Array.from({ length: 4 }, (_, i) => ({
    id: `d${i}`,
    text,
    completed: ['ann', 'bob', 'cat'],
    codings: codings(i),
  }));
}

describe('combineOffThread', () => {
  it('gives the report combining on this thread gives, intervals included', async () => {
    const setup = {
      coders: ['ann', 'bob', 'cat'],
      codes: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B' },
      ],
    };
    const consensusSetup = { ...setup, coders: ['ann', 'bob'] };
    const options = { unit: 'segment', segments: 'paragraph', ci: { replicates: 300, seed: 7 } } as const;
    const ctx = createAgreementContext(setup, options);
    const consensusCtx = createAgreementContext(consensusSetup, options);
    const partials = corpus().map((d) => analyseDocument(ctx, d));
    const consensusPartials = corpus().map((d) => analyseDocument(consensusCtx, d));

    const answer = await combineOffThread(new OffThreadPool(), {
      setup,
      options,
      partials,
      consensus: { setup: consensusSetup, partials: consensusPartials },
    });

    expect(answer.report).toEqual(combine(ctx, partials));
    expect(answer.againstConsensus).toEqual(combine(consensusCtx, consensusPartials));
    // The intervals were computed (not left out on the way).
    expect(answer.report.codes[0]!.ci).toBeDefined();
  });

  it('rejects with the engine error of partials that do not fit the setup', async () => {
    const setup = { coders: ['ann', 'bob', 'cat'], codes: [{ id: 'a', name: 'A' }] };
    const other = createAgreementContext({ ...setup, coders: ['ann', 'bob'] }, {});
    const partials = corpus().map((d) =>
      analyseDocument(other, { ...d, completed: ['ann', 'bob'], codings: [] }),
    );
    await expect(
      combineOffThread(new OffThreadPool(), { setup, options: {}, partials, consensus: null }),
    ).rejects.toThrow(/different codebook, coder list or options/);
  });
});
