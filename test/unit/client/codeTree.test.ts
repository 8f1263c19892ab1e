import { describe, expect, it } from 'vitest';
import { childrenOf, dropPlace, keyboardPlace, planMove } from '../../../client/src/model/codeTree.ts';
import type { Code } from '../../../shared/schemas.ts';

const code = (id: string, parentId: string | null, order: number): Code => ({
  id,
  name: id,
  parentId,
  color: '#000000',
  description: '',
  order,
});
const codes = [
  code('T1', null, 0),
  code('a', 'T1', 0),
  code('b', 'T1', 1),
  code('c', 'T1', 2),
  code('T2', null, 1),
  code('d', 'T2', 0),
];

/** The tree after applying changes. */
function apply(changes: ReturnType<typeof planMove>): Code[] {
  return codes.map((c) => {
    const change = changes.find((x) => x.id === c.id);
    return change ? { ...c, parentId: change.parentId, order: change.order } : c;
  });
}
const names = (tree: Code[], parent: string | null) => childrenOf(tree, parent).map((c) => c.id);

describe('codebook tree moves', () => {
  it('reorders among siblings and renumbers them', () => {
    const tree = apply(planMove(codes, 'c', { parentId: 'T1', index: 0 }));
    expect(names(tree, 'T1')).toEqual(['c', 'a', 'b']);
    expect(childrenOf(tree, 'T1').map((c) => c.order)).toEqual([0, 1, 2]);
  });

  it('re-parents and closes the gap it leaves', () => {
    const tree = apply(planMove(codes, 'a', { parentId: 'T2', index: 1 }));
    expect(names(tree, 'T2')).toEqual(['d', 'a']);
    expect(names(tree, 'T1')).toEqual(['b', 'c']);
    expect(childrenOf(tree, 'T1').map((c) => c.order)).toEqual([0, 1]);
  });

  it('refuses to move a code into itself or its own codes', () => {
    expect(planMove(codes, 'T1', { parentId: 'a', index: 0 })).toEqual([]);
    expect(planMove(codes, 'T1', { parentId: 'T1', index: 0 })).toEqual([]);
    expect(planMove(codes, 'nope', { parentId: null, index: 0 })).toEqual([]);
  });

  it('turns a drop before, after or onto a code into a place', () => {
    expect(dropPlace(codes, 'b', 'before')).toEqual({ parentId: 'T1', index: 1 });
    expect(dropPlace(codes, 'b', 'after')).toEqual({ parentId: 'T1', index: 2 });
    expect(dropPlace(codes, 'T2', 'inside')).toEqual({ parentId: 'T2', index: 1 });
    // Dropping d after a: into T1 between a and b.
    expect(names(apply(planMove(codes, 'd', dropPlace(codes, 'a', 'after')!)), 'T1')).toEqual([
      'a',
      'd',
      'b',
      'c',
    ]);
  });

  it('moves with the keyboard: up, down, indent, outdent', () => {
    expect(keyboardPlace(codes, 'a', 'up')).toBeNull();
    expect(keyboardPlace(codes, 'b', 'up')).toEqual({ parentId: 'T1', index: 0 });
    expect(keyboardPlace(codes, 'c', 'down')).toBeNull();
    expect(keyboardPlace(codes, 'b', 'indent')).toEqual({ parentId: 'a', index: 0 });
    expect(keyboardPlace(codes, 'a', 'indent')).toBeNull();
    expect(keyboardPlace(codes, 'a', 'outdent')).toEqual({ parentId: null, index: 1 });
    expect(keyboardPlace(codes, 'T1', 'outdent')).toBeNull();
  });
});

describe('code frequencies', () => {
  it('counts codings per code, per coder and documents', async () => {
    const { codeFrequencies } = await import('../../../client/src/model/frequencies.ts');
    const f = codeFrequencies([
      {
        codings: [
          { code: 'x', coder: 'a' },
          { code: 'x', coder: 'b' },
          { code: 'y', coder: 'a' },
        ],
      },
      { codings: [{ code: 'x', coder: 'a' }] },
      { codings: [] },
    ]);
    expect(f.get('x')).toEqual({
      total: 3,
      byCoder: new Map([
        ['a', 2],
        ['b', 1],
      ]),
      documents: 2,
    });
    expect(f.get('y')?.documents).toBe(1);
    expect(f.has('z')).toBe(false);
  });
});
