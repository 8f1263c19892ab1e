import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTE_TYPE_LABELS,
  casesOf,
  filterByAttribute,
  filterByCase,
  parseSortChoice,
  sortByAttribute,
  sortChoices,
  sortChoiceValue,
  sortMark,
  typedValues,
} from '../../../client/src/model/typedDocuments.ts';
import type { Case, Document } from '../../../shared/schemas.ts';

const doc = (id: string, order: number, attributes: Record<string, string>): Document => ({
  id,
  projectId: 'p',
  title: id,
  attributes,
  order,
  createdAt: '2026-01-01T00:00:00.000Z',
});

const docs = [
  doc('a', 1, { age: '10', visited: '2024-01-10' }),
  doc('b', 2, { age: '9', visited: '2023-12-31' }),
  doc('c', 3, { age: '', visited: 'soon' }),
  doc('d', 4, { age: '100' }),
];
const types = new Map([
  ['age', 'number' as const],
  ['visited', 'date' as const],
]);

describe('sortByAttribute', () => {
  it('sorts numbers numerically and dates by date, empty and misfitting values last either way', () => {
    const ids = (list: Document[]) => list.map((d) => d.id);
    expect(ids(sortByAttribute(docs, { name: 'age', ascending: true }, types))).toEqual(['b', 'a', 'd', 'c']);
    expect(ids(sortByAttribute(docs, { name: 'age', ascending: false }, types))).toEqual([
      'd',
      'a',
      'b',
      'c',
    ]);
    expect(ids(sortByAttribute(docs, { name: 'visited', ascending: true }, types))).toEqual([
      'b',
      'a',
      'd',
      'c',
    ]);
    // Untyped, the numeric collation of text orders these the same way.
    expect(ids(sortByAttribute(docs, { name: 'age', ascending: true }, new Map()))).toEqual([
      'b',
      'a',
      'd',
      'c',
    ]);
  });
});

describe('filterByAttribute and typedValues', () => {
  it('compares values of a typed attribute in canonical form and offers them in type order', () => {
    expect(filterByAttribute(docs, { name: 'age', value: '10.0' }, types).map((d) => d.id)).toEqual(['a']);
    expect(filterByAttribute(docs, { name: 'age', value: '10.0' }, new Map()).map((d) => d.id)).toEqual([]);
    expect(filterByAttribute(docs, { name: 'visited', value: null }, types).map((d) => d.id)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(typedValues(docs, 'age', types)).toEqual(['9', '10', '100', '']);
  });
});

describe('cases', () => {
  const cases: Case[] = [
    { id: 'k1', projectId: 'p', name: 'Site B', description: '', documentIds: ['a', 'c'], createdAt: '' },
    { id: 'k2', projectId: 'p', name: 'P1', description: '', documentIds: ['a'], createdAt: '' },
  ];
  it('narrows to a case’s documents and names a document’s cases', () => {
    expect(filterByCase(docs, cases, 'k1').map((d) => d.id)).toEqual(['a', 'c']);
    expect(filterByCase(docs, cases, null)).toHaveLength(4);
    expect(filterByCase(docs, cases, 'gone')).toHaveLength(4);
    expect(casesOf(cases, 'a')).toEqual(['Site B', 'P1']);
  });
});

describe('type labels', () => {
  it('calls a boolean "yes/no", as the help does, and the other types by their names', () => {
    expect(ATTRIBUTE_TYPE_LABELS).toEqual({
      text: 'text',
      number: 'number',
      date: 'date',
      boolean: 'yes/no',
    });
  });
});

describe('the Sort by menu', () => {
  const columns = { title: 'Title', added: 'Date added' };

  it('offers the fixed columns, then each attribute marked as one', () => {
    expect(sortChoices(columns, ['age', 'title'], null)).toEqual([
      { value: 'title', label: 'Title' },
      { value: 'added', label: 'Date added' },
      { value: 'attribute:age', label: 'age (attribute)' },
      { value: 'attribute:title', label: 'title (attribute)' },
    ]);
  });

  it('always offers the attribute that sorts the table, even one no document has yet', () => {
    expect(sortChoices(columns, [], { name: 'site', ascending: false }).map((c) => c.label)).toEqual([
      'Title',
      'Date added',
      'site (attribute)',
    ]);
  });

  it('shows the attribute while one sorts, else the column, and reads its values back', () => {
    expect(sortChoiceValue('added', { name: 'age', ascending: true })).toBe('attribute:age');
    expect(sortChoiceValue('added', null)).toBe('added');
    expect(parseSortChoice('attribute:age')).toEqual({ kind: 'attribute', name: 'age' });
    // An attribute named like a fixed column stays an attribute.
    expect(parseSortChoice('attribute:title')).toEqual({ kind: 'attribute', name: 'title' });
    expect(parseSortChoice('title')).toEqual({ kind: 'column', key: 'title' });
  });
});

describe('sortMark', () => {
  it('marks only the column that sorts, with its direction', () => {
    expect(sortMark(true, true)).toBe(' ▲');
    expect(sortMark(true, false)).toBe(' ▼');
    expect(sortMark(false, true)).toBe('');
  });
});
