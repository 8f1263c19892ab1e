import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addComment,
  isSeeded,
  markSeeded,
  readReviews,
  readThread,
  recordReview,
  regionStartMs,
  reopenReview,
  threadSizes,
} from '../../../shared/model/review.ts';

describe('review state in the consensus layer', () => {
  it('records, replaces and withdraws decisions by region', () => {
    const doc = new Y.Doc();
    recordReview(doc, 'r1', {
      decision: { kind: 'accept', coders: ['a'] },
      start: 0,
      end: 5,
      by: 'rev',
      at: 't1',
    });
    recordReview(doc, 'r2', { decision: { kind: 'own' }, start: 9, end: 12, by: 'rev', at: 't2' });
    recordReview(doc, 'r1', {
      decision: { kind: 'accept', coders: ['a', 'b'] },
      start: 0,
      end: 5,
      by: 'rev',
      at: 't3',
    });
    expect(readReviews(doc).get('r1')?.decision).toEqual({ kind: 'accept', coders: ['a', 'b'] });
    reopenReview(doc, 'r2');
    expect([...readReviews(doc).keys()]).toEqual(['r1']);
    // Something that is not a decision is left out, not trusted.
    doc.getMap('reviews').set('junk', { decision: { kind: 'maybe' } });
    expect(readReviews(doc).has('junk')).toBe(false);
    expect(() =>
      recordReview(doc, 'r3', {
        decision: { kind: 'accept', coders: [] },
        start: 0,
        end: 1,
        by: 'x',
        at: 't',
      }),
    ).toThrow();
  });

  it('keeps concurrent comments from two reviewers, each thread in time order', () => {
    const one = new Y.Doc();
    const two = new Y.Doc();
    addComment(one, {
      id: '1',
      region: 'r1',
      author: 'a',
      name: 'A',
      text: 'first',
      at: '2025-01-01T10:00:00Z',
    });
    addComment(two, {
      id: '2',
      region: 'r1',
      author: 'b',
      name: 'B',
      text: 'second',
      at: '2025-01-01T09:00:00Z',
    });
    addComment(two, {
      id: '3',
      region: 'r2',
      author: 'b',
      name: 'B',
      text: 'other',
      at: '2025-01-01T11:00:00Z',
    });
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two));
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    expect(readThread(one, 'r1').map((c) => c.text)).toEqual(['second', 'first']);
    expect(readThread(two, 'r1')).toEqual(readThread(one, 'r1'));
    expect(threadSizes(one)).toEqual(
      new Map([
        ['r1', 2],
        ['r2', 1],
      ]),
    );
    expect(() =>
      addComment(one, { id: '4', region: 'r1', author: 'a', name: 'A', text: '', at: 't' }),
    ).toThrow();
  });

  it('remembers that the consensus was started from the agreed codings', () => {
    const doc = new Y.Doc();
    expect(isSeeded(doc)).toBe(false);
    markSeeded(doc);
    expect(isSeeded(doc)).toBe(true);
  });
});

describe('regionStartMs', () => {
  // "🙂 Anna: Yes.\n\nBen: No." — the emoji is one code point; Ben's turn starts at 14.
  const text = '🙂 Anna: Yes.\n\nBen: No.';
  const cues = [
    { start: 2, end: 12, startMs: 1_000, endMs: 2_000, speaker: 'Anna' },
    { start: 14, end: 22, startMs: 3_000, endMs: 4_000, speaker: 'Ben' },
  ];

  it('times a region where its words begin, past white space before them', () => {
    expect(regionStartMs(cues, text, 8)).toBe(1_000);
    // Starts on the blank line before Ben's turn: timed by Ben's first word.
    expect(regionStartMs(cues, text, 12)).toBe(3_000);
    expect(regionStartMs(cues, text, 0)).toBeNull();
    expect(regionStartMs([], text, 8)).toBeNull();
  });
});
