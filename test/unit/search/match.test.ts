import { describe, expect, it } from 'vitest';
import {
  compileSearch,
  distinctWords,
  indexedWords,
  matchSpans,
  placeHits,
  positionSpans,
  searchSpans,
  wordPositions,
} from '../../../shared/search/match.ts';
import { generateAnalysisCorpus } from '../../../bench/analysisCorpus.ts';

describe('search words', () => {
  it('are maximal runs of letters, marks and digits, lower case, each once', () => {
    expect(distinctWords("Beds, BEDS; the bed-side café (2024) — don't")).toEqual([
      'beds',
      'the',
      'bed',
      'side',
      'café',
      '2024',
      'don',
      't',
    ]);
    // "é" as e + combining acute stays inside its word.
    expect(distinctWords('cafe\u0301 ok')).toEqual(['cafe\u0301', 'ok']);
    expect(indexedWords('a b a')).toBe('a b');
  });
});

describe('compiled searches', () => {
  it('find whole words only, any case unless asked', () => {
    const text = 'Beds by the bedside; beds.';
    expect(searchSpans(text, compileSearch('beds', 'words', false))).toEqual([
      [0, 4],
      [21, 25],
    ]);
    expect(searchSpans(text, compileSearch('beds', 'words', true))).toEqual([[21, 25]]);
  });

  it('in words mode want every word in the document', () => {
    const search = compileSearch('beds staff', 'words', false);
    expect(search.words).toEqual(['beds', 'staff']);
    expect(searchSpans('beds only', search)).toEqual([]);
    expect(searchSpans('staff and beds', search)).toEqual([
      [0, 5],
      [10, 14],
    ]);
  });

  it('read a phrase with any whitespace between words and its punctuation as typed', () => {
    const search = compileSearch('  not  enough beds. ', 'phrase', false);
    expect(searchSpans('Not\nenough   beds. And not enough beds!', search)).toEqual([[0, 18]]);
    // Whole words at the ends: no hit inside a longer word.
    expect(searchSpans('knot enough beds.', search)).toEqual([]);
    // A refused match does not hide a hit overlapping it.
    expect(searchSpans('xa b a b a', compileSearch('a b a', 'phrase', false))).toEqual([[5, 10]]);
  });

  it('take regular expressions as given, and refuse bad ones with the parser message', () => {
    expect(() => compileSearch('(beds', 'regex', false)).toThrow(
      /Invalid regular expression.*Unterminated group/,
    );
    expect(() => compileSearch('?!', 'words', false)).toThrow(RangeError);
    const search = compileSearch('b.d', 'regex', false);
    expect(search.untrusted).toBe(true);
    expect(search.patterns[0]!.flags).toBe('giu');
  });

  it('skip empty matches without stalling, over astral characters too', () => {
    expect(matchSpans('a🙂b', /x*/gu)).toEqual([]);
    expect(matchSpans('a🙂b', /🙂|b/gu)).toEqual([
      [1, 3],
      [3, 4],
    ]);
  });
});

describe('searching by word positions', () => {
  it('finds exactly what a scan of the whole text finds', () => {
    const corpus = generateAnalysisCorpus({
      documents: 3,
      wordsPerDocument: 2000,
      coders: 1,
      codes: 1,
      codingsPerLayer: 0,
      seed: 3,
    });
    const text = `${corpus.documents.map((d) => d.text).join('\n\n')} Beds, beds; BEDS bedside. not enough\n beds! beds beds beds`;
    const positions = wordPositions(text);
    const words = text.match(/\p{L}+/gu)!;
    const queries: [string, 'words' | 'phrase', boolean][] = [
      ['beds', 'words', false],
      ['Beds', 'words', true],
      ['beds enough', 'words', false],
      ['enough beds!', 'phrase', false],
      ['. not enough', 'phrase', false],
      ['beds beds', 'phrase', false],
    ];
    for (let i = 0; i < 40; i++) {
      const at = (i * 7919) % (words.length - 3);
      queries.push([words[at]!, 'words', i % 2 === 0]);
      queries.push([words.slice(at, at + 1 + (i % 3)).join(' '), 'phrase', i % 3 === 0]);
    }
    for (const [q, mode, caseSensitive] of queries) {
      const search = compileSearch(q, mode, caseSensitive);
      expect(positionSpans(text, positions, search), `${mode} "${q}"`).toEqual(searchSpans(text, search));
    }
  });
});

describe('placed hits', () => {
  it('count code points and cut context at the given length', () => {
    const text = '🙂🙂 abc beds xyz 🙂';
    const [hit] = placeHits(text, [[9, 13]], 3);
    expect(hit).toEqual({ start: 7, end: 11, before: 'bc ', match: 'beds', after: ' xy' });
    const [whole] = placeHits(text, [[9, 13]]);
    expect(whole).toEqual({ start: 7, end: 11, before: '🙂🙂 abc ', match: 'beds', after: ' xyz 🙂' });
  });
});
