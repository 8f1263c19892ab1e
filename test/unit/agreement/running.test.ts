/**
 * Running table sums (shared/agreement/running.ts): a report combined through them, after any
 * sequence of documents changed, added and removed, is the very report combined from scratch.
 */
import { describe, expect, it } from 'vitest';
import {
  analyseDocument,
  combine,
  createAgreementContext,
  RunningTables,
  splitInput,
  type AgreementDocument,
  type DocumentPartial,
} from '../../../shared/agreement/index.ts';
import { Rng } from '../../../shared/agreement/rng.ts';
import { randomInput } from './random.ts';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);

describe('running table sums', () => {
  it.each(SEEDS)('give the report combined from scratch after changes (seed %i)', (seed) => {
    const rng = new Rng(seed * 7919);
    const input = randomInput(seed, {
      documents: 8,
      coders: 3,
      codes: 4,
      maxLength: 300,
      codingsPerCoder: 5,
      missing: 0.2,
      exclusive: 3,
    });
    const other = randomInput(seed + 1000, {
      documents: 8,
      coders: 3,
      codes: 4,
      maxLength: 300,
      codingsPerCoder: 5,
      missing: 0.2,
      exclusive: 3,
    });
    for (const unit of ['segment', 'character'] as const) {
      const { setup, documents } = splitInput(input);
      const replacements = splitInput(other).documents;
      const ctx = createAgreementContext(setup, { unit, segments: 'paragraph', overlap: 'any' });
      const analyse = (d: AgreementDocument) => analyseDocument(ctx, d);
      let partials: DocumentPartial[] = documents.map(analyse);
      const running = new RunningTables(ctx);
      for (let step = 0; step < 10; step++) {
        running.sync(partials);
        expect(running.exact).toBe(true);
        expect(combine(ctx, partials, running.tables())).toEqual(combine(ctx, partials));
        // Change one document's codings (same id), drop one, or bring one back.
        const pick = rng.int(partials.length);
        const r = rng.next();
        if (r < 0.6) {
          const replacement = replacements[pick % replacements.length]!;
          partials[pick] = analyse({ ...replacement, id: partials[pick]!.document });
        } else if (r < 0.8 && partials.length > 2) {
          partials = partials.filter((_, i) => i !== pick);
        } else {
          const missing = documents.find((d) => !partials.some((p) => p.document === d.id));
          if (missing) partials.push(analyse(missing));
        }
      }
    }
  });

  it('refuses a partial of another context', () => {
    const input = randomInput(1, {
      documents: 2,
      coders: 2,
      codes: 2,
      maxLength: 50,
      codingsPerCoder: 2,
      missing: 0,
    });
    const { setup, documents } = splitInput(input);
    const a = createAgreementContext(setup, { unit: 'segment', segments: 'paragraph', overlap: 'any' });
    const b = createAgreementContext(setup, { unit: 'character', segments: 'paragraph', overlap: 'any' });
    expect(() => new RunningTables(a).sync([analyseDocument(b, documents[0]!)])).toThrow(RangeError);
  });
});
