import { describe, expect, it } from 'vitest';
import { Rng } from '../../../shared/agreement/rng.ts';
import {
  allocate,
  sampleDocuments,
  sizeOfFraction,
  type SampleCandidate,
} from '../../../shared/rounds/sample.ts';

/** Documents d000 … d(n-1), listed out of order so sorting by id is exercised. */
function corpus(n: number, site: (i: number) => string = () => 'x'): SampleCandidate[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `d${String(i).padStart(3, '0')}`,
    attributes: { site: site(i) },
  })).reverse();
}

describe('sample size', () => {
  it('rounds half up, as the decimal fraction is written', () => {
    // 0.15 × 10 is 1.4999999999999998 in binary floating point; the documented rule says 1.5 → 2.
    expect(sizeOfFraction(0.15, 10)).toBe(2);
    expect(sizeOfFraction(0.2, 12)).toBe(2); // 2.4 → 2
    expect(sizeOfFraction(0.25, 10)).toBe(3); // 2.5 → 3
    expect(sizeOfFraction(0.2, 1000)).toBe(200);
  });

  it('draws at least one document for any positive fraction, none from nothing', () => {
    expect(sizeOfFraction(0.01, 10)).toBe(1);
    expect(sizeOfFraction(0.5, 0)).toBe(0);
    expect(() => sizeOfFraction(0, 10)).toThrow(RangeError);
    expect(() => sizeOfFraction(1.5, 10)).toThrow(RangeError);
  });
});

describe('largest-remainder allocation', () => {
  it('matches an allocation worked by hand', () => {
    // N = 10 in strata A (5), B (3), C (2); n = 3. Quotas 1.5, 0.9, 0.6 → floors 1, 0, 0 (one
    // placed). Remainders n·N_h mod N = 5, 9, 6: the two left go to B, then C. The largest
    // stratum gets no more than its floor: A 1, B 1, C 1.
    expect(allocate(3, [5, 3, 2])).toEqual([1, 1, 1]);
    // N = 20 in strata of 9, 7, 4; n = 5. Quotas 2.25, 1.75, 1.0 → floors 2, 1, 1 (four placed);
    // remainders 5, 15, 0: the one left goes to the second stratum.
    expect(allocate(5, [9, 7, 4])).toEqual([2, 2, 1]);
  });

  it('breaks equal remainders by stratum order (name order)', () => {
    // Two strata of 2, n = 1: both quotas are 0.5; the first by name takes the document.
    expect(allocate(1, [2, 2])).toEqual([1, 0]);
    expect(allocate(3, [1, 1, 1, 1])).toEqual([1, 1, 1, 0]);
  });

  it('always allocates exactly n and never more than a stratum holds', () => {
    for (let n = 0; n <= 17; n++) {
      const got = allocate(n, [7, 1, 5, 4]);
      expect(got.reduce((a, b) => a + b, 0)).toBe(n);
      got.forEach((k, i) => expect(k).toBeLessThanOrEqual([7, 1, 5, 4][i]!));
    }
    expect(() => allocate(5, [1, 2])).toThrow(RangeError);
  });
});

describe('sampleDocuments', () => {
  it('gives the same sample for the same seed and documents, whatever order they are listed in', () => {
    const docs = corpus(100);
    const a = sampleDocuments(docs, { fraction: 0.2, seed: 42 });
    const b = sampleDocuments([...docs].reverse(), { fraction: 0.2, seed: 42 });
    expect(a.documents).toHaveLength(20);
    expect(b.documents).toEqual(a.documents);
  });

  it('gives a different sample for a different seed', () => {
    const docs = corpus(100);
    const a = sampleDocuments(docs, { fraction: 0.2, seed: 42 });
    const b = sampleDocuments(docs, { fraction: 0.2, seed: 43 });
    expect(b.documents).toHaveLength(20);
    expect(b.documents).not.toEqual(a.documents);
  });

  it('reproduces the reference sample of docs/rounds.md on any machine', () => {
    // Pinned so that a change of PRNG, shuffle or ordering shows up as a failure: the documented
    // algorithm must keep giving this exact draw (12 documents d00…d11, count 3, seed 2024).
    const docs = Array.from({ length: 12 }, (_, i) => ({
      id: `d${String(i).padStart(2, '0')}`,
      attributes: {},
    }));
    expect(sampleDocuments(docs, { count: 3, seed: 2024 }).documents).toEqual(REFERENCE_SAMPLE);
  });

  it('follows the documented steps: sorted ids, Fisher–Yates with the seeded generator, first n', () => {
    // The steps of docs/rounds.md carried out by hand with the generator itself.
    const ids = Array.from({ length: 12 }, (_, i) => `d${String(i).padStart(2, '0')}`);
    const rng = new Rng(2024);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    expect(ids.slice(0, 3).sort()).toEqual(REFERENCE_SAMPLE);
  });

  it('allocates proportionally per stratum and draws within each stratum', () => {
    // Sites A (5), B (3), C (2), n = round(0.25 × 10) = 3: one from each (worked above).
    const site = (i: number) => (i < 5 ? 'A' : i < 8 ? 'B' : 'C');
    const docs = corpus(10, site);
    const s = sampleDocuments(docs, { fraction: 0.25, seed: 7, stratifyBy: 'site' });
    expect(s.strata).toEqual([
      { stratum: 'A', size: 5, drawn: 1 },
      { stratum: 'B', size: 3, drawn: 1 },
      { stratum: 'C', size: 2, drawn: 1 },
    ]);
    const bySite = new Map(docs.map((d) => [d.id, d.attributes.site]));
    expect(s.documents.map((d) => bySite.get(d)).sort()).toEqual(['A', 'B', 'C']);
  });

  it('puts documents without the attribute in a stratum of their own', () => {
    const docs: SampleCandidate[] = [
      { id: 'a', attributes: { site: 'N' } },
      { id: 'b', attributes: { site: 'N' } },
      { id: 'c', attributes: {} },
      { id: 'd', attributes: {} },
    ];
    const s = sampleDocuments(docs, { count: 2, seed: 1, stratifyBy: 'site' });
    expect(s.strata).toEqual([
      { stratum: '', size: 2, drawn: 1 },
      { stratum: 'N', size: 2, drawn: 1 },
    ]);
  });

  it('never draws excluded documents, and draws from the rest', () => {
    const docs = corpus(30);
    const first = sampleDocuments(docs, { fraction: 0.5, seed: 3 });
    const second = sampleDocuments(docs, { fraction: 0.5, seed: 3, exclude: new Set(first.documents) });
    expect(second.eligible).toBe(15);
    expect(second.documents).toHaveLength(8); // 0.5 × 15 = 7.5 → 8
    for (const d of second.documents) expect(first.documents).not.toContain(d);
  });

  it('caps a count at the documents eligible', () => {
    expect(sampleDocuments(corpus(4), { count: 10, seed: 1 }).documents).toHaveLength(4);
  });

  it('draws every document with equal frequency over many seeds (an unbiased shuffle)', () => {
    const docs = corpus(10);
    const hits = new Map<string, number>();
    const runs = 5000;
    for (let seed = 0; seed < runs; seed++)
      for (const d of sampleDocuments(docs, { count: 3, seed }).documents)
        hits.set(d, (hits.get(d) ?? 0) + 1);
    // Each document is drawn with probability 0.3: 1500 expected, sd ≈ 32; allow 5 sd.
    for (const d of docs) expect(Math.abs((hits.get(d.id) ?? 0) - 1500)).toBeLessThan(165);
  });
});

const REFERENCE_SAMPLE = ['d01', 'd02', 'd10'];
