import { describe, expect, it } from 'vitest';
import type { PortableProject } from '../../../shared/interchange/portable.ts';
import { codingsTable } from '../../../server/services/export/codingsTable.ts';

const project = (attributes: Record<string, string>[]): PortableProject => ({
  name: 'Typed',
  description: '',
  coders: [{ key: 'ann', name: 'Ann', externalId: null, consensus: false }],
  codes: [{ key: 'c', name: 'Beds', parent: null, color: '#112233', description: '' }],
  documents: attributes.map((a, i) => ({
    key: `d${i}`,
    title: `D${i}`,
    text: 'Some words.',
    attributes: a,
    createdAt: null,
  })),
  codings: attributes.map((_, i) => ({
    key: `k${i}`,
    document: `d${i}`,
    coder: 'ann',
    code: 'c',
    start: 0,
    end: 4,
    memo: '',
    createdAt: '2026-01-01T00:00:00.000Z',
  })),
  completed: null,
  attributeTypes: [
    { name: 'age', type: 'number' },
    { name: 'visited', type: 'date' },
  ],
});

describe('codings table with typed attributes', () => {
  it('writes number attributes as numbers, other attributes and empty or misfitting numbers as text', () => {
    const table = codingsTable(
      project([
        { age: '42', visited: '2024-03-01', site: '7' },
        { age: '3.5', visited: '', site: 'B' },
        { age: '', visited: '2024-01-01', site: '' },
        { age: 'n/a (written before typing)', visited: '', site: '' },
      ]),
    );
    const col = (name: string) => table.header.indexOf(name);
    expect(table.rows.map((r) => r[col('age')])).toEqual([42, 3.5, '', 'n/a (written before typing)']);
    expect(table.rows.map((r) => r[col('visited')])).toEqual(['2024-03-01', '', '2024-01-01', '']);
    // An untyped attribute stays text even when it looks like a number.
    expect(table.rows[0]![col('site')]).toBe('7');
  });
});
