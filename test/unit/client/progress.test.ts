import { describe, expect, it } from 'vitest';
import {
  coderProgress,
  codersInProgress,
  codersToShow,
  coveredLength,
  progressFromLayers,
} from '../../../client/src/model/progress.ts';

describe('coder progress', () => {
  it('counts overlapping and touching spans once', () => {
    expect(coveredLength([])).toBe(0);
    expect(
      coveredLength([
        { start: 0, end: 10 },
        { start: 5, end: 12 },
        { start: 12, end: 14 },
        { start: 20, end: 25 },
        { start: 21, end: 22 },
        { start: 30, end: 30 },
      ]),
    ).toBe(19);
  });

  it('reports codings, coverage and done marks per coder in the order asked', () => {
    const spans = [
      { coder: 'a', start: 0, end: 50 },
      { coder: 'a', start: 25, end: 75 },
      { coder: 'b', start: 90, end: 100 },
    ];
    expect(coderProgress(100, spans, ['b'], ['b', 'a', 'c'])).toEqual([
      { coder: 'b', codings: 1, coverage: 0.1, done: true },
      { coder: 'a', codings: 2, coverage: 0.75, done: false },
      { coder: 'c', codings: 0, coverage: 0, done: false },
    ]);
    expect(coderProgress(0, [], [], ['a'])[0]!.coverage).toBe(0);
  });
});

describe('codersToShow', () => {
  it('shows coders by role, then an owner or reviewer once they coded or marked done, never the consensus', () => {
    const documents = [
      {
        codings: [
          { coder: 'owner', start: 0, end: 3 },
          { coder: 'consensus', start: 0, end: 3 },
        ],
        completed: [],
      },
      { codings: [{ coder: 'ana', start: 1, end: 2 }], completed: ['reviewer', 'owner'] },
    ];
    expect(codersToShow(['ana', 'ben'], documents, new Set(['consensus']))).toEqual([
      'ana',
      'ben',
      'owner',
      'reviewer',
    ]);
    expect(codersToShow(['ana'], [], new Set(['consensus']))).toEqual(['ana']);
  });
});

describe('progress from the server’s figures', () => {
  const document = {
    documentId: 'd1',
    length: 200,
    layers: [
      { coder: 'ana', codings: 3, covered: 50, done: true },
      { coder: 'owner', codings: 0, covered: 0, done: true },
      { coder: 'consensus', codings: 1, covered: 20, done: false },
    ],
  };

  it('gives each coder asked for their layer’s figures, and nothing coded for a layer not in the answer', () => {
    expect(progressFromLayers(document, ['ben', 'ana', 'consensus'])).toEqual([
      { coder: 'ben', codings: 0, coverage: 0, done: false },
      { coder: 'ana', codings: 3, coverage: 0.25, done: true },
      { coder: 'consensus', codings: 1, coverage: 0.1, done: false },
    ]);
    expect(progressFromLayers({ documentId: 'd2', length: 0, layers: [] }, ['ana'])).toEqual([
      { coder: 'ana', codings: 0, coverage: 0, done: false },
    ]);
  });

  it('shows a member who coded or marked done beside the coders by role, never the consensus', () => {
    expect(codersInProgress(['ben'], [document], new Set(['consensus']))).toEqual(['ben', 'ana', 'owner']);
  });
});
