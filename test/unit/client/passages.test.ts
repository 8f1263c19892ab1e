import { describe, expect, it } from 'vitest';
import {
  compareByCoder,
  contextCuts,
  groupByDocument,
  overlappingPassages,
  passageRange,
} from '../../../client/src/model/passages.ts';

function passage(
  codingId: string,
  codeId: string,
  start: number,
  end: number,
  layer = 'ann',
  documentId = 'd1',
) {
  return { documentId, documentTitle: `Title ${documentId}`, layer, codeId, codingId, start, end };
}

describe('passageRange', () => {
  it('is the identity on text without characters outside the BMP', () => {
    expect(passageRange('the beds were full', 4, 8)).toEqual({ from: 4, to: 8 });
  });

  it('counts an emoji before the passage once in code points and twice in UTF-16', () => {
    const text = 'I 😀 said beds';
    // "beds" is code points 9–13 and UTF-16 offsets 10–14.
    const range = passageRange(text, 9, 13);
    expect(range).toEqual({ from: 10, to: 14 });
    expect(text.slice(range.from, range.to)).toBe('beds');
  });

  it('covers both halves of an emoji inside the passage', () => {
    const text = 'a😀b';
    const range = passageRange(text, 1, 2);
    expect(text.slice(range.from, range.to)).toBe('😀');
  });

  it('clamps positions past the end of an edited text', () => {
    expect(passageRange('short', 3, 40)).toEqual({ from: 3, to: 5 });
    expect(passageRange('short', 40, 50)).toEqual({ from: 5, to: 5 });
  });
});

describe('groupByDocument', () => {
  it('keeps the answer’s document order and sorts passages by position', () => {
    const groups = groupByDocument([
      passage('c1', 'x', 30, 40, 'ann', 'd2'),
      passage('c2', 'x', 20, 25, 'ann', 'd1'),
      passage('c3', 'x', 5, 9, 'ann', 'd2'),
    ]);
    expect(groups.map((g) => [g.documentId, g.passages.map((p) => p.codingId)])).toEqual([
      ['d2', ['c3', 'c1']],
      ['d1', ['c2']],
    ]);
    expect(groups[0]!.documentTitle).toBe('Title d2');
  });
});

describe('compareByCoder', () => {
  it('lines coders up in columns and documents in rows, empty where a coder coded nothing', () => {
    const { layers, rows } = compareByCoder(
      [
        passage('a1', 'x', 0, 5, 'ann', 'd1'),
        passage('b1', 'x', 2, 6, 'bob', 'd1'),
        passage('b2', 'x', 9, 12, 'bob', 'd2'),
      ],
      ['ann', 'bob', 'consensus'],
    );
    // The consensus coded nothing: no empty column for it.
    expect(layers).toEqual(['ann', 'bob']);
    expect(rows.map((r) => [r.documentId, r.cells.map((c) => c.map((p) => p.codingId))])).toEqual([
      ['d1', [['a1'], ['b1']]],
      ['d2', [[], ['b2']]],
    ]);
  });

  it('adds layers the passages hold that were not listed, so nothing retrieved is hidden', () => {
    const { layers } = compareByCoder(
      [passage('z', 'x', 0, 1, 'zoe'), passage('a', 'x', 0, 1, 'ann')],
      ['ann'],
    );
    expect(layers).toEqual(['ann', 'zoe']);
  });
});

describe('overlappingPassages', () => {
  const passages = [
    passage('a-overlaps', 'A', 0, 10),
    passage('b-overlaps', 'B', 9, 20),
    // Touching at 20 shares no code point (half-open).
    passage('a-touches', 'A', 20, 25),
    passage('b-other-document', 'B', 0, 10, 'ann', 'd2'),
    passage('b-other-layer', 'B', 0, 10, 'bob'),
    passage('c', 'C', 0, 30),
  ];

  it('keeps passages of either code that share a code point with one of the other code', () => {
    expect(overlappingPassages(passages, 'A', 'B').map((p) => p.codingId)).toEqual([
      'a-overlaps',
      'b-overlaps',
    ]);
    expect(overlappingPassages(passages, 'B', 'A').map((p) => p.codingId)).toEqual([
      'a-overlaps',
      'b-overlaps',
    ]);
  });

  it('shows every passage of the code on the diagonal', () => {
    expect(overlappingPassages(passages, 'A', 'A').map((p) => p.codingId)).toEqual([
      'a-overlaps',
      'a-touches',
    ]);
  });

  it('is empty when the codes never overlap', () => {
    expect(overlappingPassages(passages, 'A', 'Z')).toEqual([]);
  });
});

describe('contextCuts', () => {
  it('marks context that stops short of the text, counting code points', () => {
    const full = '🙂'.repeat(200);
    // The text goes on past both ends of the context.
    expect(contextCuts({ start: 250, before: full, after: full })).toEqual({ before: true, after: true });
    // The document's start and end are inside the context: nothing cut.
    expect(contextCuts({ start: 3, before: 'ab ', after: ' end.' })).toEqual({ before: false, after: false });
    expect(contextCuts({ start: 0, before: '', after: '' })).toEqual({ before: false, after: false });
  });
});
