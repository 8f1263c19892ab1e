import { describe, expect, it } from 'vitest';
import { parseRoute, routeUrl, type Route } from '../../../client/src/model/route.ts';

describe('team pages', () => {
  it('round-trips the members, invitation and account pages through their URLs', () => {
    const routes: Route[] = [
      { name: 'members', projectId: 'p1' },
      { name: 'invitation', token: 'Ab_-0123456789abcdefXYZ' },
      { name: 'account' },
    ];
    for (const route of routes) {
      const url = new URL(routeUrl(route), 'http://x');
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
  });

  it('sends a signed-out visitor of an invitation link back to it after sign-in', () => {
    const login: Route = {
      name: 'login',
      next: routeUrl({ name: 'invitation', token: 'tok_en-0123456789' }),
    };
    const url = new URL(routeUrl(login), 'http://x');
    expect(parseRoute(url.pathname, url.search)).toEqual({
      name: 'login',
      next: '/invitations/tok_en-0123456789',
    });
  });

  it('refuses malformed invitation tokens', () => {
    expect(parseRoute('/invitations/short')).toMatchObject({ name: 'notFound' });
    expect(parseRoute('/invitations/has.dots.0123456789')).toMatchObject({ name: 'notFound' });
  });
});
