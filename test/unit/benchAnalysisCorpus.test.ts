import { describe, expect, it } from 'vitest';
import { generateAnalysisCorpus, type AnalysisCorpusOptions } from '../../bench/analysisCorpus.ts';

const SMALL: AnalysisCorpusOptions = {
  documents: 5,
  wordsPerDocument: 300,
  coders: 4,
  codes: 40,
  codingsPerLayer: 6,
  seed: 7,
};

describe('the analysis benchmark corpus', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = generateAnalysisCorpus(SMALL);
    const b = generateAnalysisCorpus(SMALL);
    expect(b).toEqual(a);
    const c = generateAnalysisCorpus({ ...SMALL, seed: 8 });
    expect(c.documents[0]!.text).not.toBe(a.documents[0]!.text);
  });

  it('has the asked sizes, and codings inside their texts', () => {
    const corpus = generateAnalysisCorpus(SMALL);
    expect(corpus.documents).toHaveLength(5);
    expect(corpus.coders).toEqual(['coder-1', 'coder-2', 'coder-3', 'coder-4']);
    expect(corpus.codes).toHaveLength(40);
    for (const doc of corpus.documents) {
      expect(doc.text.match(/[\p{L}]+/gu)).toHaveLength(300);
      const length = Array.from(doc.text).length;
      for (const codings of doc.layers.values()) {
        expect(codings).toHaveLength(6);
        for (const c of codings) expect(0 <= c.start && c.start < c.end && c.end <= length).toBe(true);
      }
    }
  });
});
