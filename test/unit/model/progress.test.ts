import { describe, expect, it } from 'vitest';
import { isCurrent, layerProgress, type StoredLayerProgress } from '../../../shared/progress/progress.ts';

const row = (coder: string, layerSeq: number, textSeq = 4): StoredLayerProgress => ({
  documentId: 'd1',
  coder,
  codings: 1,
  covered: 5,
  length: 40,
  done: false,
  textSeq,
  layerSeq,
});

describe('layer progress', () => {
  it('counts each layer’s codings, the code points they cover once, and its done mark, in the order asked', () => {
    const codings = [
      { coder: 'ana', start: 0, end: 10 },
      { coder: 'ana', start: 5, end: 12 },
      { coder: 'ben', start: 20, end: 22 },
    ];
    expect(layerProgress(codings, ['ben'], ['ben', 'ana', 'consensus'])).toEqual([
      { coder: 'ben', codings: 1, covered: 2, done: true },
      { coder: 'ana', codings: 2, covered: 12, done: false },
      { coder: 'consensus', codings: 0, covered: 0, done: false },
    ]);
  });
});

describe('whether stored progress is current', () => {
  const rooms = {
    textSeq: 4,
    layers: new Map([
      ['ana', 2],
      ['ben', 7],
    ]),
  };

  it('is when every layer has a row from its present log position and the text’s', () => {
    expect(isCurrent([row('ana', 2), row('ben', 7)], rooms)).toBe(true);
    expect(isCurrent([], { textSeq: 3, layers: new Map() })).toBe(true);
  });

  it('is not when a layer moved, the text moved, a layer is new or a row’s layer is gone', () => {
    expect(isCurrent([row('ana', 2), row('ben', 6)], rooms)).toBe(false);
    expect(isCurrent([row('ana', 2, 3), row('ben', 7, 3)], rooms)).toBe(false);
    expect(isCurrent([row('ana', 2)], rooms)).toBe(false);
    expect(isCurrent([row('ana', 2), row('cleo', 7)], rooms)).toBe(false);
  });
});
