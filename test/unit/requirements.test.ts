import { describe, expect, it, vi } from 'vitest';
import { inCi, MissingRequirementError, skipUnlessPresent } from '../helpers/requirements.ts';
import { missingServiceVariables, skipWithout } from '../helpers/services.ts';

describe('missing requirements', () => {
  it('recognises CI the way CI services set it', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '1' })).toBe(true);
    expect(inCi({ CI: 'false' })).toBe(false);
    expect(inCi({ CI: '' })).toBe(false);
    expect(inCi({})).toBe(false);
  });

  it('skip with the reason outside CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(skipWithout('scale-out', { database: true, redis: true }, {})).toBe(true);
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^SKIPPED scale-out: CONCORD_TEST_DATABASE_URL is not set .*; CONCORD_TEST_REDIS_URL is not set/,
        ),
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('fail under CI, naming every missing variable', () => {
    const run = () => skipWithout('scale-out', { database: true, redis: true }, { CI: 'true' });
    expect(run).toThrow(MissingRequirementError);
    expect(run).toThrow(
      /CI must run scale-out: CONCORD_TEST_DATABASE_URL is not set .*; CONCORD_TEST_REDIS_URL/,
    );
    expect(() =>
      skipWithout('postgres', { database: true }, { CI: 'true', CONCORD_TEST_REDIS_URL: 'redis://x' }),
    ).toThrow(/: CONCORD_TEST_DATABASE_URL is not set \(e\.g\. postgres:[^;]*\(\.ci\/run sets them\)$/);
  });

  it('run when everything is there, in CI or not', () => {
    const env = { CONCORD_TEST_DATABASE_URL: 'postgres://x', CONCORD_TEST_REDIS_URL: 'redis://x' };
    expect(missingServiceVariables({ database: true, redis: true }, env)).toEqual([]);
    expect(skipWithout('scale-out', { database: true, redis: true }, { ...env, CI: 'true' })).toBe(false);
    expect(skipUnlessPresent('browser', [], 'install it', { CI: 'true' })).toBe(false);
  });
});
