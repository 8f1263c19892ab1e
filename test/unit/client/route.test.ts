import { describe, expect, it } from 'vitest';
import { NO_CHOICES } from '../../../client/src/model/analysisQuery.ts';
import { parseRoute, routeUrl, signsInForInvitation, type Route } from '../../../client/src/model/route.ts';

describe('client routes', () => {
  it('round-trips every page through its URL', () => {
    const routes: Route[] = [
      { name: 'projects' },
      { name: 'help' },
      { name: 'login', next: '/projects/p1' },
      { name: 'login', next: null },
      { name: 'project', projectId: 'p1' },
      { name: 'document', projectId: 'p1', documentId: 'd_2', consensus: false, range: null },
      { name: 'document', projectId: 'p1', documentId: 'd-2', consensus: true, range: { from: 4, to: 90 } },
      { name: 'document', projectId: 'p1', documentId: 'd3', consensus: false, range: null, view: 'text' },
      {
        name: 'document',
        projectId: 'p1',
        documentId: 'd3',
        consensus: false,
        range: { from: 1, to: 2 },
        view: 'page',
      },
      { name: 'agreement', projectId: 'p1' },
      { name: 'review', projectId: 'p1' },
      { name: 'codebook', projectId: 'p1' },
      { name: 'rounds', projectId: 'p1' },
      { name: 'analysis', projectId: 'p1', view: 'retrieve', choices: NO_CHOICES },
      { name: 'analysis', projectId: 'p1', view: 'cooccurrence', choices: NO_CHOICES },
      { name: 'analysis', projectId: 'p1', view: 'matrix', choices: NO_CHOICES },
      {
        name: 'analysis',
        projectId: 'p1',
        view: 'matrix',
        choices: {
          codes: ['c1', 't_2'],
          subCodes: false,
          hiddenLayers: ['u1', 'u2~r1'],
          document: 'd1',
          attributeName: 'site: ward',
          attributeValue: 'B & C',
          groupBy: 'coder',
          cooccurrenceLayer: 'consensus',
          matrixLayer: 'u3',
          columns: { by: 'attribute', name: 'role' },
        },
      },
    ];
    for (const route of routes) {
      const url = new URL(routeUrl(route), 'http://x');
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
  });

  it('ignores a trailing slash and reports unknown paths', () => {
    expect(parseRoute('/projects/p1/')).toEqual({ name: 'project', projectId: 'p1' });
    expect(parseRoute('/projects/p1/nope')).toEqual({ name: 'notFound', path: '/projects/p1/nope' });
    expect(parseRoute('/projects/bad:id')).toMatchObject({ name: 'notFound' });
  });

  it('never redirects to another origin after sign-in', () => {
    expect(parseRoute('/login', '?next=//evil.example/x')).toEqual({ name: 'login', next: null });
    expect(parseRoute('/login', '?next=https://evil.example')).toEqual({ name: 'login', next: null });
    expect(parseRoute('/login', '?next=%2Fprojects%2Fp')).toEqual({ name: 'login', next: '/projects/p' });
  });

  it('keeps the analysis tab in the query, Retrieve without one', () => {
    expect(routeUrl({ name: 'analysis', projectId: 'p', view: 'retrieve' })).toBe('/projects/p/analysis');
    expect(routeUrl({ name: 'analysis', projectId: 'p', view: 'matrix' })).toBe(
      '/projects/p/analysis?view=matrix',
    );
    expect(parseRoute('/projects/p/analysis', '?view=nonsense')).toEqual({
      name: 'analysis',
      projectId: 'p',
      view: 'retrieve',
      choices: NO_CHOICES,
    });
  });

  it('keeps the analysis choices in the query, dropping malformed ones', () => {
    expect(
      routeUrl({
        name: 'analysis',
        projectId: 'p',
        view: 'retrieve',
        choices: { ...NO_CHOICES, codes: ['a', 'b'] },
      }),
    ).toBe('/projects/p/analysis?code=a&code=b');
    const route = parseRoute(
      '/projects/p/analysis',
      '?code=ok&code=bad%20id&hide=a:b&columns=attribute:&value=x',
    );
    expect(route).toMatchObject({ choices: { ...NO_CHOICES, codes: ['ok'] } });
  });

  it('drops a malformed range', () => {
    expect(parseRoute('/projects/p/documents/d', '?range=9-3')).toMatchObject({ range: null });
    expect(parseRoute('/projects/p/documents/d', '?range=x')).toMatchObject({ range: null });
  });

  it('knows a sign-in that continues to an invitation', () => {
    expect(signsInForInvitation(parseRoute('/invitations/abcdefghijklmnop', ''))).toBe(true);
    expect(signsInForInvitation(parseRoute('/login', '?next=%2Finvitations%2Fabcdefghijklmnop'))).toBe(true);
    expect(signsInForInvitation(parseRoute('/login', '?next=%2Fprojects%2Fp1'))).toBe(false);
    expect(signsInForInvitation(parseRoute('/login', ''))).toBe(false);
    expect(signsInForInvitation(parseRoute('/login', '?next=%2Finvitations%2Fx%2Fmore'))).toBe(false);
  });
});
