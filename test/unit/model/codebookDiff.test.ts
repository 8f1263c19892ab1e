import { describe, expect, it } from 'vitest';
import { diffCodebooks } from '../../../shared/model/codebookDiff.ts';
import type { CodebookEntry } from '../../../shared/model/codebookEntries.ts';

const code = (
  id: string,
  name: string,
  parentId: string | null = null,
  more: Partial<CodebookEntry> = {},
) => ({
  id,
  name,
  parentId,
  color: '#336699',
  description: '',
  order: 0,
  inclusion: '',
  exclusion: '',
  examples: [],
  ...more,
});

const v1: CodebookEntry[] = [
  code('barriers', 'Barriers'),
  code('cost', 'Cost', 'barriers', { description: 'Money spent on care' }),
  code('time', 'Time', 'barriers'),
  code('waiting', 'Waiting', 'barriers'),
  code('trust', 'Trust'),
  code('misc', 'Miscellaneous'),
];

describe('diffCodebooks', () => {
  it('reports nothing between identical codebooks', () => {
    expect(diffCodebooks(v1, v1)).toEqual({
      added: [],
      removed: [],
      merged: [],
      renamed: [],
      moved: [],
      redefined: [],
    });
  });

  it('names each kind of change after add, rename, merge, move and redefine', () => {
    const v2: CodebookEntry[] = [
      code('barriers', 'Barriers to care'), // renamed
      code('cost', 'Cost', 'barriers', { description: 'Out-of-pocket payments', exclusion: 'Insurance' }),
      code('time', 'Time', 'barriers'),
      code('trust', 'Trust', 'barriers'), // moved under Barriers
      code('stigma', 'Stigma', 'barriers'), // added
      // waiting merged into time; misc deleted
    ];
    const diff = diffCodebooks(v1, v2, [{ sourceId: 'waiting', targetId: 'time' }]);
    expect(diff.added).toEqual([{ id: 'stigma', name: 'Stigma', parentId: 'barriers' }]);
    expect(diff.renamed).toEqual([{ id: 'barriers', from: 'Barriers', to: 'Barriers to care' }]);
    expect(diff.moved).toEqual([{ id: 'trust', name: 'Trust', fromParentId: null, toParentId: 'barriers' }]);
    expect(diff.merged).toEqual([{ id: 'waiting', name: 'Waiting', into: { id: 'time', name: 'Time' } }]);
    expect(diff.removed).toEqual([{ id: 'misc', name: 'Miscellaneous' }]);
    expect(diff.redefined).toEqual([
      {
        id: 'cost',
        name: 'Cost',
        changes: [
          { field: 'description', before: 'Money spent on care', after: 'Out-of-pocket payments' },
          { field: 'exclusion', before: '', after: 'Insurance' },
        ],
      },
    ]);
  });

  it('follows a chain of merges to the code that remains', () => {
    const v2 = [code('barriers', 'Barriers'), code('cost', 'Cost', 'barriers')];
    const diff = diffCodebooks(v1.slice(0, 4), v2, [
      { sourceId: 'waiting', targetId: 'time' },
      { sourceId: 'time', targetId: 'cost' },
    ]);
    expect(diff.merged).toEqual([
      { id: 'time', name: 'Time', into: { id: 'cost', name: 'Cost' } },
      { id: 'waiting', name: 'Waiting', into: { id: 'cost', name: 'Cost' } },
    ]);
    expect(diff.removed).toEqual([]);
  });

  it('calls a merge into a code that is gone too a removal', () => {
    const diff = diffCodebooks([code('a', 'A'), code('b', 'B')], [], [{ sourceId: 'a', targetId: 'b' }]);
    expect(diff.merged).toEqual([]);
    expect(diff.removed.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('sees changed examples and inclusion criteria', () => {
    const before = [code('a', 'A', null, { examples: ['one'] })];
    const after = [code('a', 'A', null, { examples: ['one', 'two'], inclusion: 'When…' })];
    expect(diffCodebooks(before, after).redefined[0]!.changes.map((c) => c.field)).toEqual([
      'inclusion',
      'examples',
    ]);
  });
});
