import { describe, expect, it } from 'vitest';
import { citation, codeOutline, layerChoices, layerName } from '../../../client/src/model/analysisChoices.ts';
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

  it('names layers for passages', () => {
    expect(layerName('consensus', 'u1', members)).toBe('Consensus');
    expect(layerName('u1', 'u1', members)).toBe('Ann (you)');
    expect(layerName('u2', 'u1', members)).toBe('Bea');
    expect(layerName('gone', 'u1', members)).toBe('Former member');
  });
});

describe('citation', () => {
  it('gives the document, its attributes and the position', () => {
    expect(
      citation({ documentTitle: 'P3 interview', start: 10, end: 42 }, { site: 'Site B', empty: '' }),
    ).toBe('P3 interview, site: Site B, characters 10–42');
    expect(citation({ documentTitle: 'Notes', start: 0, end: 1 }, undefined)).toBe('Notes, characters 0–1');
  });
});
