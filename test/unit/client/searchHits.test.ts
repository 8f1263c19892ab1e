import { describe, expect, it } from 'vitest';
import { groupByDocument, hitRange, kwic, rangeFromContext } from '../../../client/src/model/searchHits.ts';
import { parseRoute, routeUrl } from '../../../client/src/model/route.ts';

const hit = (documentId: string, start: number, end: number, before: string, match: string, after = '') => ({
  documentId,
  documentTitle: `T ${documentId}`,
  start,
  end,
  before,
  match,
  after,
});

describe('search hits on the page', () => {
  it('convert code points to the coding view’s UTF-16 range, the text checked', () => {
    const text = '🙂🙂 the beds, 👍🏽 more beds';
    // Code points: 🙂 0, 🙂 1, " the " 2–6, "beds" 7–11; UTF-16: each emoji counts two.
    expect(hitRange(text, { start: 7, end: 11, match: 'beds' })).toEqual({ from: 9, to: 13 });
    expect(hitRange(text, { start: 21, end: 25, match: 'beds' })).toEqual({ from: 25, to: 29 });
    // Edited since the search: no range rather than a wrong one.
    expect(hitRange(text, { start: 6, end: 10, match: 'beds' })).toBeNull();
    expect(hitRange(text, { start: 40, end: 44, match: 'beds' })).toBeNull();
  });

  it('take the range from the context when it reaches the start of the text', () => {
    expect(rangeFromContext(hit('d', 7, 11, '🙂🙂 the ', 'beds'))).toEqual({ from: 9, to: 13 });
    expect(rangeFromContext(hit('d', 300, 304, 'x'.repeat(200), 'beds'))).toBeNull();
  });

  it('group by document in order of appearance, and cut the context for a line', () => {
    const groups = groupByDocument([
      hit('a', 0, 1, '', 'x'),
      hit('b', 0, 1, '', 'x'),
      hit('a', 5, 6, '', 'x'),
    ]);
    expect(groups.map((g) => [g.documentId, g.hits.length])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(kwic(hit('a', 10, 14, 'one\ntwo three', 'beds', ' four five six'), 5)).toEqual({
      before: '…three',
      after: ' four…',
    });
    expect(kwic(hit('a', 3, 7, 'ab ', 'beds', ' c'))).toEqual({ before: 'ab ', after: ' c' });
  });

  it('have a page route', () => {
    expect(parseRoute('/projects/p1/search')).toEqual({ name: 'search', projectId: 'p1' });
    expect(routeUrl({ name: 'search', projectId: 'p1' })).toBe('/projects/p1/search');
  });
});
