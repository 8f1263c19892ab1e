/**
 * The capacity benchmark's study generator: the same seed gives the same archive byte for byte,
 * another seed another one, and the study's stated proportions hold exactly.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { studyQdpx } from '../../../bench/study/archive.ts';
import { CONSENSUS_KEY, leafCodes, planStudy, studyDocument } from '../../../bench/study/generate.ts';
import { studyOptionsFrom } from '../../../bench/study/options.ts';

const SMALL = { documents: 20, words: 300 };

async function sha256(options: { documents: number; words: number; seed: number }): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of studyQdpx(planStudy(options)).archive) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('study generator', () => {
  it('gives the same archive for the same seed, and another for another seed', async () => {
    const first = await sha256({ ...SMALL, seed: 42 });
    expect(await sha256({ ...SMALL, seed: 42 })).toBe(first);
    expect(await sha256({ ...SMALL, seed: 43 })).not.toBe(first);
    expect(studyDocument(planStudy({ ...SMALL, seed: 43 }), 0).text).not.toBe(
      studyDocument(planStudy({ ...SMALL, seed: 42 }), 0).text,
    );
  });

  it.each([20, 100, 1000])('holds the stated proportions exactly for %i documents', (documents) => {
    const plan = planStudy({ documents, words: 300, seed: 5 });
    const perCoder = new Map<string, number>();
    const byCount = new Map<number, number>();
    for (const a of plan.assignments) {
      expect(new Set(a.coders).size).toBe(a.coders.length);
      byCount.set(a.coders.length, (byCount.get(a.coders.length) ?? 0) + 1);
      for (const c of a.coders) perCoder.set(c, (perCoder.get(c) ?? 0) + 1);
    }
    // Six coders, each on exactly a quarter of the documents; every document coded.
    expect(plan.coders.filter((c) => !c.consensus)).toHaveLength(6);
    expect([...perCoder.values()]).toEqual(Array(6).fill(documents / 4));
    expect(byCount.get(0)).toBeUndefined();
    // 40% coded by more than one coder (30% by two, 10% by three), 60% by one.
    expect(Object.fromEntries(byCount)).toEqual({
      1: (documents * 6) / 10,
      2: (documents * 3) / 10,
      3: documents / 10,
    });
    // The consensus layer on 10%, all of them multi-coded.
    const consensus = plan.assignments.filter((a) => a.consensus);
    expect(consensus).toHaveLength(documents / 10);
    expect(consensus.every((a) => a.coders.length > 1)).toBe(true);
    // 60 codes under 6 themes of 10.
    const themes = plan.codes.filter((c) => c.parent === null);
    expect(themes).toHaveLength(6);
    expect(leafCodes(plan)).toHaveLength(60);
    for (const theme of themes) expect(plan.codes.filter((c) => c.parent === theme.key)).toHaveLength(10);
  });

  it('writes documents of the stated words in speaker turns, coded by the assigned layers only', () => {
    const plan = planStudy({ ...SMALL, seed: 9 });
    plan.assignments.forEach((assignment, index) => {
      const document = studyDocument(plan, index);
      const turns = document.text.split('\n\n');
      expect(turns.every((t) => /^(Interviewer|Participant): \S/.test(t))).toBe(true);
      const words = turns.flatMap((t) => t.split(' ').slice(1));
      expect(words).toHaveLength(SMALL.words);
      const length = [...document.text].length;
      const layers = new Set(document.codings.map((c) => c.coder));
      expect([...layers].sort()).toEqual(
        [...assignment.coders, ...(assignment.consensus ? [CONSENSUS_KEY] : [])].sort(),
      );
      // The consensus layer codes whole sentences: its spans, in code points, start with a capital
      // and end with a full stop, so positions count code points of the text as written.
      const codePoints = [...document.text];
      for (const c of document.codings.filter((c) => c.coder === CONSENSUS_KEY)) {
        expect(codePoints.slice(c.start, c.end).join('')).toMatch(/^[A-Z][^\n]*\.$/);
      }
      const seen = new Set<string>();
      for (const c of document.codings) {
        expect(c.start).toBeGreaterThanOrEqual(0);
        expect(c.end).toBeGreaterThan(c.start);
        expect(c.end).toBeLessThanOrEqual(length);
        const id = `${c.coder}|${c.code}|${c.start}|${c.end}`;
        expect(seen.has(id)).toBe(false);
        seen.add(id);
      }
    });
  });

  it('refuses sizes whose proportions cannot hold exactly', () => {
    expect(() => planStudy({ documents: 12, words: 300, seed: 1 })).toThrow(RangeError);
    expect(() => planStudy({ documents: 20, words: 10, seed: 1 })).toThrow(RangeError);
  });
});

describe('study size from the environment', () => {
  it("defaults to the issue's study and takes each variable that is set", () => {
    expect(studyOptionsFrom({})).toEqual({ documents: 1000, words: 10_000, seed: 1 });
    expect(studyOptionsFrom({ STUDY_DOCUMENTS: '20', STUDY_WORDS: '300', STUDY_SEED: '' })).toEqual({
      documents: 20,
      words: 300,
      seed: 1,
    });
    expect(() => studyOptionsFrom({ STUDY_WORDS: 'many' })).toThrow(/STUDY_WORDS/);
  });
});
