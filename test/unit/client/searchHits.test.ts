import { describe, expect, it } from 'vitest';
import {
  groupByDocument,
  hitRange,
  kwic,
  PATTERN_STILL_RUNNING,
  queryErrorText,
  rangeFromContext,
  resultsHeading,
} from '../../../client/src/model/searchHits.ts';
import { parseRoute, routeUrl, type Route } from '../../../client/src/model/route.ts';

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

  it('have a page route, the plain URL without a search', () => {
    expect(parseRoute('/projects/p1/search')).toEqual({ name: 'search', projectId: 'p1', query: null });
    expect(routeUrl({ name: 'search', projectId: 'p1', query: null })).toBe('/projects/p1/search');
    expect(parseRoute('/projects/p1/search', '?q=%20')).toEqual({
      name: 'search',
      projectId: 'p1',
      query: null,
    });
  });

  it('keep the last search in the URL: query, mode, match case and document', () => {
    const routes: Route[] = [
      {
        name: 'search',
        projectId: 'p1',
        query: { q: 'beds', mode: 'words', caseSensitive: false, document: null },
      },
      {
        name: 'search',
        projectId: 'p1',
        query: { q: '(a|b)+ & ?#/', mode: 'regex', caseSensitive: true, document: 'd_1' },
      },
      {
        name: 'search',
        projectId: 'p1',
        query: { q: 'no beds', mode: 'phrase', caseSensitive: false, document: null },
      },
    ];
    for (const route of routes) {
      const url = new URL(routeUrl(route), 'http://x');
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
    expect(
      routeUrl({
        name: 'search',
        projectId: 'p1',
        query: { q: 'beds', mode: 'words', caseSensitive: false, document: null },
      }),
    ).toBe('/projects/p1/search?q=beds');
    // Unknown values fall back to the form's defaults rather than failing the page.
    expect(parseRoute('/projects/p1/search', '?q=x&mode=fuzzy&case=yes&document=bad:id')).toEqual({
      name: 'search',
      projectId: 'p1',
      query: { q: 'x', mode: 'words', caseSensitive: false, document: null },
    });
  });

  it('count documents only as far as the shown hits allow', () => {
    const shown = [hit('a', 0, 1, '', 'x'), hit('b', 0, 1, '', 'x'), hit('a', 5, 6, '', 'x')];
    expect(resultsHeading(3, shown)).toBe('3 hits in 2 documents');
    expect(resultsHeading(1, shown.slice(0, 1))).toBe('1 hit in 1 document');
    expect(resultsHeading(0, [])).toBe('0 hits');
    // More hits than shown: the rest may be in other documents.
    expect(resultsHeading(1459, shown)).toBe('1459 hits (showing 1–3), in 2 documents so far');
  });

  it('say what is wrong with a query in researchers’ words', () => {
    expect(queryErrorText('Invalid regular expression: /(unclosed/giu: Unterminated group')).toBe(
      'This pattern is not valid: unterminated group ‘(’ — check brackets.',
    );
    // A slash in the pattern does not confuse where the reason starts.
    expect(queryErrorText("Invalid regular expression: /a/b)/gu: Unmatched ')'")).toBe(
      'This pattern is not valid: unmatched ‘)’ — check brackets.',
    );
    expect(queryErrorText('Invalid regular expression: /*a/giu: Nothing to repeat')).toBe(
      'This pattern is not valid: nothing to repeat — write \\*, \\+ or \\? to find the character itself.',
    );
    // A reason without a hint is kept, readable.
    expect(queryErrorText('Invalid regular expression: /\\k<x>/giu: Invalid named reference')).toBe(
      'This pattern is not valid: invalid named reference.',
    );
    expect(queryErrorText('the query has no words (letters or digits) to search for')).toBe(
      'The query has no words (letters or digits) to search for.',
    );
    expect(PATTERN_STILL_RUNNING).not.toMatch(/429|rateLimited/);
  });
});
