import { describe, expect, it } from 'vitest';
import {
  citation,
  codeOutline,
  layerChoices,
  layerName,
  layersWithCodings,
  pickLayer,
} from '../../../client/src/model/analysisChoices.ts';
import type { Code } from '../../../shared/schemas.ts';

function code(id: string, parentId: string | null, order: number): Code {
  return { id, name: id.toUpperCase(), parentId, color: '#336699', description: '', order };
}

describe('codeOutline', () => {
  it('lists themes before their codes, depth first, in sibling order', () => {
    const outline = codeOutline([
      code('b', 't1', 1),
      code('t2', null, 1),
      code('a', 't1', 0),
      code('t1', null, 0),
      code('a1', 'a', 0),
    ]);
    expect(outline.map((e) => [e.code.id, e.depth, e.hasChildren])).toEqual([
      ['t1', 0, true],
      ['a', 1, true],
      ['a1', 2, false],
      ['b', 1, false],
      ['t2', 0, false],
    ]);
  });

  it('keeps a code whose parent is gone, at the top level', () => {
    expect(codeOutline([code('x', 'gone', 0)]).map((e) => [e.code.id, e.depth])).toEqual([['x', 0]]);
  });
});

describe('layers', () => {
  const members = [
    { userId: 'u1', name: 'Ann' },
    { userId: 'u2', name: 'Bea' },
    { userId: 'u3', name: 'Cal' },
  ];

  it('offers the user first as “Your coding”, then coders by name, then the consensus', () => {
    expect(layerChoices(['u3', 'u2', 'consensus', 'u1'], 'u2', members)).toEqual([
      { id: 'u2', label: 'Your coding' },
      { id: 'u1', label: 'Ann' },
      { id: 'u3', label: 'Cal' },
      { id: 'consensus', label: 'Consensus' },
    ]);
  });

  it('offers only the user’s own layer in a blind round', () => {
    expect(layerChoices(['u2'], 'u2', members)).toEqual([{ id: 'u2', label: 'Your coding' }]);
  });

  it('offers only layers with codings, and the user’s own; all while that is unknown', () => {
    const all = layerChoices(['u1', 'u2', 'u3', 'consensus'], 'u2', members);
    const coded = new Set(['u1', 'consensus']);
    expect(layersWithCodings(all, coded, 'u2').map((l) => l.id)).toEqual(['u2', 'u1', 'consensus']);
    expect(layersWithCodings(all, null, 'u2')).toEqual(all);
  });

  it('starts at the user’s layer when it has codings, else the first that has', () => {
    const offered = layerChoices(['u1', 'u2', 'u3'], 'u2', members);
    // A supervisor who codes nothing starts at a coder's work, not an empty table.
    expect(pickLayer('', offered, new Set(['u3']), 'u2')).toBe('u3');
    expect(pickLayer('', offered, new Set(['u3', 'u2']), 'u2')).toBe('u2');
    // Nothing coded anywhere, or not known yet: the user's own.
    expect(pickLayer('', offered, new Set(), 'u2')).toBe('u2');
    expect(pickLayer('', offered, null, 'u2')).toBe('u2');
    // A choice stands while offered; one no longer offered falls back.
    expect(pickLayer('u1', offered, new Set(['u3']), 'u2')).toBe('u1');
    expect(pickLayer('gone', offered, new Set(['u3']), 'u2')).toBe('u3');
    expect(pickLayer('', [], null, 'u2')).toBe('');
  });

  it('names layers for passages', () => {
    expect(layerName('consensus', 'u1', members)).toBe('Consensus');
    expect(layerName('u1', 'u1', members)).toBe('Ann (you)');
    expect(layerName('u2', 'u1', members)).toBe('Bea');
    expect(layerName('gone', 'u1', members)).toBe('Former member');
  });
});

describe('citation', () => {
  it('cites as the exports do: document, paragraph or turn number, speaker', () => {
    expect(citation({ documentTitle: 'P3 interview', paragraph: 12, speaker: 'Nurse' })).toBe(
      '(P3 interview, ¶12, Nurse)',
    );
    expect(citation({ documentTitle: 'Notes', paragraph: 1, speaker: null })).toBe('(Notes, ¶1)');
    // Before any text, or from an answer without the number: the document alone.
    expect(citation({ documentTitle: 'Notes', paragraph: 0, speaker: null })).toBe('(Notes)');
    expect(citation({ documentTitle: 'Notes' })).toBe('(Notes)');
  });
});
