import { describe, expect, it } from 'vitest';
import {
  casesOf,
  filterByAttribute,
  filterByCase,
  sortByAttribute,
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
