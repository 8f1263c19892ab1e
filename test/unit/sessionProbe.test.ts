import { describe, expect, it } from 'vitest';
import { isSessionProbe, unauthorizedAt } from '../e2e/browser.ts';

describe('the browser suites’ expected console error', () => {
  const unauthorized = unauthorizedAt('x').replace(/ \(x\)$/, '');

  it('is the 401 of the session probe only', () => {
    expect(isSessionProbe(unauthorized, 'http://127.0.0.1:4000/api/me')).toBe(true);
  });

  it('is not a 401 from any other request, nor another error from the probe', () => {
    expect(isSessionProbe(unauthorized, 'http://127.0.0.1:4000/api/projects')).toBe(false);
    expect(isSessionProbe(unauthorized, 'http://127.0.0.1:4000/api/me/tokens')).toBe(false);
    expect(isSessionProbe(unauthorized, '')).toBe(false);
    expect(
      isSessionProbe(
        'Failed to load resource: the server responded with a status of 500 (Internal Server Error)',
        'http://127.0.0.1:4000/api/me',
      ),
    ).toBe(false);
  });
});
