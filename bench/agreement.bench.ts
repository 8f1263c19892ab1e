/**
 * Agreement benchmark: a full report over 200 synthetic transcripts × 10,000 words × 40 codes ×
 * 4 coders (seeded), an incremental recompute after one coding changes, and the character-level
 * report against the naive one-cell-per-code-point reference, measured in the same run; Fleiss' κ and
 * Krippendorff's α of the segment report against statsmodels and NLTK on the same segment matrices.
 */
import {
  analyseDocument,
  combine,
  RunningTables,
  createAgreementContext,
  type AgreementContext,
  type AgreementDocument,
  type AgreementOptionsInput,
  type AgreementSetup,
  type DocumentPartial,
} from '../shared/agreement/index.ts';
import { Rng } from '../shared/agreement/rng.ts';
import { statisticalPackageRows } from './agreementPeers.ts';
import { naiveCharacterAgreement, type NaiveDocument } from './naive-agreement.ts';
import type { BenchSection } from './run.ts';
import { alternate, repeat } from './samples.ts';
import { compared, measured, type BenchRow } from './table.ts';
import { TARGETS } from './targets.ts';

const DOCUMENTS = Number(process.env.BENCH_AGREEMENT_DOCUMENTS ?? 200);
const WORDS = 10_000;
const CODES = 40;
const CODERS = 4;
const SEED = 20_080_801;

/** Synthetic project: codebook and coders, and the documents with their codings. */
export interface Corpus {
  setup: AgreementSetup;
  documents: AgreementDocument[];
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'po', 'da', 've', 'an', 'el', 'or', 'is'];

/** Interview transcripts: speaker turns of 40–160 words, one paragraph each. */
function transcript(rng: Rng): string {
  const turns: string[] = [];
  let words = 0;
  let speaker = 0;
  while (words < WORDS) {
    const n = Math.min(WORDS - words, 40 + rng.int(120));
    const turn: string[] = [];
    for (let i = 0; i < n; i++) {
      let w = '';
      const syllables = 1 + rng.int(3);
      for (let s = 0; s < syllables; s++) w += SYLLABLES[rng.int(SYLLABLES.length)] ?? '';
      turn.push(i % 12 === 11 ? `${w}.` : w);
    }
    turns.push(`${speaker === 0 ? 'Interviewer' : 'Participant'}: ${turn.join(' ')}.`);
    speaker = 1 - speaker;
    words += n;
  }
  return turns.join('\n\n');
}

/**
 * A "true" coding per ~60 words; each coder reproduces it with probability 0.8 with boundaries
 * moved by up to 15 code points, sometimes with another code, and adds a few codings of their own.
 * Exported for profiling.
 */
export function synthesise(seed: number): Corpus {
  const rng = new Rng(seed);
  const coders = Array.from({ length: CODERS }, (_, i) => `coder${i + 1}`);
  const codes = Array.from({ length: CODES }, (_, i) => ({ id: `c${i + 1}`, name: `Code ${i + 1}` }));
  const documents: AgreementDocument[] = [];
  for (let d = 0; d < DOCUMENTS; d++) {
    const text = transcript(rng);
    const length = text.length;
    const truth = Array.from({ length: Math.floor(WORDS / 60) }, () => {
      const start = rng.int(length - 700);
      return { code: rng.int(CODES), start, end: start + 30 + rng.int(600) };
    });
    const codings: AgreementDocument['codings'][number][] = [];
    for (const coder of coders) {
      for (const t of truth) {
        if (rng.next() >= 0.8) continue;
        const start = Math.max(0, t.start + rng.int(31) - 15);
        const end = Math.min(length, Math.max(start + 1, t.end + rng.int(31) - 15));
        const code = rng.next() < 0.05 ? rng.int(CODES) : t.code;
        codings.push({ coder, code: codes[code]?.id ?? 'c1', start, end });
      }
      for (let k = 0; k < truth.length / 10; k++) {
        const start = rng.int(length - 400);
        codings.push({
          coder,
          code: codes[rng.int(CODES)]?.id ?? 'c1',
          start,
          end: start + 20 + rng.int(380),
        });
      }
    }
    documents.push({ id: `interview-${d + 1}`, text, completed: coders, codings });
  }
  return { setup: { coders, codes }, documents };
}

function fullReport(
  corpus: Corpus,
  options: AgreementOptionsInput,
): { ms: number; ctx: AgreementContext; partials: DocumentPartial[] } {
  const start = performance.now();
  const ctx = createAgreementContext(corpus.setup, options);
  const partials = corpus.documents.map((d) => analyseDocument(ctx, d));
  combine(ctx, partials);
  return { ms: performance.now() - start, ctx, partials };
}

/**
 * Times of re-analysing one document after one of its codings moved, plus combine through the
 * running table sums the server keeps (shared/agreement/running.ts: only that document's tables
 * are taken out and added again).
 */
function timeIncremental(
  corpus: Corpus,
  ctx: AgreementContext,
  partials: DocumentPartial[],
  runs: number,
): number[] {
  const times: number[] = [];
  const current = [...partials];
  const running = new RunningTables(ctx);
  running.sync(current);
  for (let r = 0; r < runs; r++) {
    const at = (r * 37) % corpus.documents.length;
    const doc = corpus.documents[at];
    if (!doc) break;
    const codings = doc.codings.map((c, i) =>
      i === r % doc.codings.length ? { ...c, end: Math.max(c.start + 1, c.end - 7) } : c,
    );
    const start = performance.now();
    current[at] = analyseDocument(ctx, { ...doc, codings });
    running.sync(current);
    combine(ctx, current, running.tables());
    times.push(performance.now() - start);
  }
  return times;
}

function naiveInput(corpus: Corpus): NaiveDocument[] {
  const coderIndex = new Map(corpus.setup.coders.map((c, i) => [c, i]));
  const codeIndex = new Map(corpus.setup.codes.map((c, i) => [c.id, i]));
  return corpus.documents.map((d) => ({
    length: d.text?.length ?? 0,
    completed: d.completed.map((c) => coderIndex.get(c) ?? 0),
    codings: d.codings.map((c) => ({
      coder: coderIndex.get(c.coder) ?? 0,
      code: codeIndex.get(c.code) ?? 0,
      start: c.start,
      end: c.end,
    })),
  }));
}

/** The `agreement` section of `npm run bench`. */
export const section: BenchSection = {
  title: `Agreement: ${DOCUMENTS} transcripts × ${WORDS.toLocaleString('en')} words × ${CODES} codes × ${CODERS} coders`,
  async run(): Promise<BenchRow[]> {
    const corpus = synthesise(SEED);
    const segmentOptions = { unit: 'segment', segments: 'paragraph' } as const;
    const segments = await repeat(() => fullReport(corpus, segmentOptions));
    const withCi = await repeat(
      () => fullReport(corpus, { ...segmentOptions, ci: { replicates: 1000, seed: 1 } }),
      { rounds: 3 },
    );

    // The product and the naive reference, five times each in alternating order after a warm-up.
    const naiveData = naiveInput(corpus);
    let naive: ReturnType<typeof naiveCharacterAgreement> = [];
    const versus = await alternate(
      async () => fullReport(corpus, { unit: 'character' }),
      async () => {
        const start = performance.now();
        naive = naiveCharacterAgreement(naiveData, CODERS, CODES);
        return performance.now() - start;
      },
    );
    const characters = versus.a.at(-1)!;
    const report = combine(characters.ctx, characters.partials);
    // A speed-up only counts if both give the same numbers.
    report.codes.forEach((c, i) => {
      const n = naive[i];
      const same = (a: number | null | undefined, b: number | null | undefined): boolean =>
        a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) < 1e-9);
      if (
        !n ||
        !same(c.krippendorffAlpha, n.krippendorffAlpha) ||
        !same(c.fleissKappa, n.fleissKappa) ||
        !same(c.percentAgreement, n.percentAgreement)
      ) {
        throw new Error(`naive and sweep disagree on code ${c.code}`);
      }
      // Naive pairs are in coder order; with ids coder1…coder4 that is also the sorted key order.
      report.pairs.forEach((p, k) => {
        if (!same(c.cohensKappa[p] ?? null, n.cohensKappa[k]))
          throw new Error(`naive and sweep disagree on κ ${p} of ${c.code}`);
      });
    });
    const productMs = versus.a.map((r) => r.ms);
    const speedup = measured(versus.b.map((naiveMs, i) => naiveMs / productMs[i]!));

    const last = segments.at(-1)!;
    const incrementalSegments = measured(timeIncremental(corpus, last.ctx, last.partials, 41));
    const incrementalCharacters = measured(timeIncremental(corpus, characters.ctx, characters.partials, 41));
    const combineMs = await repeat(() => {
      const start = performance.now();
      combine(characters.ctx, characters.partials);
      return performance.now() - start;
    });
    const fullSegments = measured(segments.map((r) => r.ms));
    const packages = await statisticalPackageRows(last.ctx, last.partials);
    return [
      {
        name: 'full report, segments (paragraphs)',
        unit: 'ms',
        ...fullSegments,
        target: `< ${TARGETS.fullReportMs} ms`,
        met: fullSegments.value < TARGETS.fullReportMs,
      },
      {
        name: 'full report, characters (vs naive per-character reference)',
        unit: 'ms',
        ...compared(productMs, versus.b),
      },
      {
        name: 'full report, segments + 1000 bootstrap replicates',
        unit: 'ms',
        ...measured(withCi.map((r) => r.ms)),
      },
      {
        name: 'incremental: one document re-analysed + combine through running sums (segments)',
        unit: 'ms',
        ...incrementalSegments,
        target: `< ${TARGETS.incrementalMs} ms`,
        met: incrementalSegments.value < TARGETS.incrementalMs,
      },
      {
        name: 'incremental: one document re-analysed + combine through running sums (characters)',
        unit: 'ms',
        ...incrementalCharacters,
        target: `< ${TARGETS.incrementalMs} ms`,
        met: incrementalCharacters.value < TARGETS.incrementalMs,
      },
      { name: 'combine alone (characters)', unit: 'ms', ...measured(combineMs) },
      {
        name: `speed-up over naive (${(report.codes[0]?.units ?? 0).toLocaleString('en')} code points per code; median of paired runs)`,
        unit: '×',
        ...speedup,
        target: `≥ ${TARGETS.speedupOverNaive}`,
        met: speedup.value >= TARGETS.speedupOverNaive,
      },
      ...packages,
    ];
  },
};
