import { describe, expect, it } from 'vitest';
import {
  attributeNames,
  attributeValues,
  formatAdded,
  filterDocuments,
  compactProgress,
  progressLabel,
  sortDocuments,
  withAttribute,
} from '../../../client/src/model/documentTable.ts';
import type { CoderProgress } from '../../../client/src/model/progress.ts';
import type { Document } from '../../../shared/schemas.ts';

const doc = (id: string, title: string, createdAt: string, order: number, attributes = {}): Document => ({
  id,
  projectId: 'p',
  title,
  attributes,
  order,
  createdAt,
});
const docs = [
  doc('a', 'Interview 10', '2026-03-01T00:00:00Z', 1, { site: 'North', participant: 'P10' }),
  doc('b', 'interview 2', '2026-01-01T00:00:00Z', 2, { site: 'South' }),
  doc('c', 'Focus group', '2026-02-01T00:00:00Z', 3, { site: 'North', role: 'nurse' }),
];
const progress = (coder: string, coverage: number, codings = 1, done = false): CoderProgress => ({
  coder,
  coverage,
  codings,
  done,
});

describe('sorting documents', () => {
  it('by title, numbers in order and case aside', () => {
    const ids = (s: Document[]) => s.map((d) => d.id);
    expect(ids(sortDocuments(docs, { key: 'title', ascending: true, coder: null }, new Map()))).toEqual([
      'c',
      'b',
      'a',
    ]);
    expect(ids(sortDocuments(docs, { key: 'title', ascending: false, coder: null }, new Map()))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('by date added', () => {
    const sorted = sortDocuments(docs, { key: 'added', ascending: true, coder: null }, new Map());
    expect(sorted.map((d) => d.id)).toEqual(['b', 'c', 'a']);
  });

  it("by one coder's progress, unknown progress last either way", () => {
    const map = new Map([
      ['a', [progress('u1', 0.5), progress('u2', 0.1)]],
      ['b', [progress('u1', 0.2), progress('u2', 0.9)]],
    ]);
    const byU1 = sortDocuments(docs, { key: 'progress', ascending: false, coder: 'u1' }, map);
    expect(byU1.map((d) => d.id)).toEqual(['a', 'b', 'c']);
    const byU2 = sortDocuments(docs, { key: 'progress', ascending: true, coder: 'u2' }, map);
    expect(byU2.map((d) => d.id)).toEqual(['a', 'b', 'c']);
    const byU2Desc = sortDocuments(docs, { key: 'progress', ascending: false, coder: 'u2' }, map);
    expect(byU2Desc.map((d) => d.id)).toEqual(['b', 'a', 'c']);
  });
});

describe('filtering documents', () => {
  it('by words in the title or attribute values, in any case', () => {
    expect(filterDocuments(docs, { text: 'north', attribute: null }).map((d) => d.id)).toEqual(['a', 'c']);
    expect(filterDocuments(docs, { text: 'interview p10', attribute: null }).map((d) => d.id)).toEqual(['a']);
    expect(filterDocuments(docs, { text: '  ', attribute: null })).toHaveLength(3);
    expect(filterDocuments(docs, { text: 'nobody', attribute: null })).toEqual([]);
  });

  it('by one attribute value, with the text too', () => {
    const north = { name: 'site', value: 'North' };
    expect(filterDocuments(docs, { text: '', attribute: north }).map((d) => d.id)).toEqual(['a', 'c']);
    expect(filterDocuments(docs, { text: 'focus', attribute: north }).map((d) => d.id)).toEqual(['c']);
  });

  it('by any value of an attribute: the documents that have it at all', () => {
    const anyRole = { name: 'role', value: null };
    expect(filterDocuments(docs, { text: '', attribute: anyRole }).map((d) => d.id)).toEqual(['c']);
    const anySite = { name: 'site', value: null };
    expect(filterDocuments(docs, { text: '', attribute: anySite }).map((d) => d.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('attribute columns', () => {
  it('lists names and values', () => {
    expect(attributeNames(docs)).toEqual(['participant', 'role', 'site']);
    expect(attributeValues(docs, 'site')).toEqual(['North', 'South']);
    expect(attributeValues(docs, 'missing')).toEqual([]);
  });

  it('an emptied cell removes the attribute', () => {
    expect(withAttribute({ site: 'North' }, 'role', 'nurse')).toEqual({ site: 'North', role: 'nurse' });
    expect(withAttribute({ site: 'North', role: 'nurse' }, 'role', ' ')).toEqual({ site: 'North' });
  });
});

describe('progress labels', () => {
  it('say how much is coded, how many codings and whether it is done', () => {
    expect(progressLabel(progress('u', 0.4249, 7, true))).toBe('42% coded · 7 codings · done');
    expect(progressLabel(progress('u', 0, 1))).toBe('0% coded · 1 coding');
  });
});

describe('the date added', () => {
  it('shows the time too, so documents of one import are told apart', () => {
    const a = formatAdded('2026-03-01T09:05:00Z', 'en-GB');
    const b = formatAdded('2026-03-01T09:47:00Z', 'en-GB');
    expect(a).toMatch(/\d{1,2}:\d{2}/);
    expect(a).not.toBe(b);
    expect(formatAdded('not a date')).toBe('');
  });
});

describe('compact progress', () => {
  it('says share and codings in a few characters, with a tick when done', () => {
    expect(compactProgress(progress('u', 0.374, 2))).toBe('37% · 2');
    expect(compactProgress(progress('u', 1, 12, true))).toBe('100% · 12 ✓');
    expect(progressLabel(progress('u', 0.374, 2))).toBe('37% coded · 2 codings');
  });
});
