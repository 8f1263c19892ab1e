import { describe, expect, it } from 'vitest';
import { countLoss, updateKeys } from '../../bench/lossCount.ts';

describe('loss count', () => {
  it('names n distinct keys in writing order', () => {
    expect(updateKeys(3)).toEqual(['u0', 'u1', 'u2']);
    expect(new Set(updateKeys(500)).size).toBe(500);
  });

  it('refuses a count that is not a positive whole number', () => {
    expect(() => updateKeys(0)).toThrow(RangeError);
    expect(() => updateKeys(2.5)).toThrow(RangeError);
  });

  it('counts the written keys missing after the restart, in writing order', () => {
    const survived = new Set(['u0', 'u2']);
    expect(countLoss(updateKeys(4), (k) => survived.has(k))).toEqual({
      written: 4,
      lost: 2,
      lostKeys: ['u1', 'u3'],
    });
    expect(countLoss(updateKeys(2), () => true)).toEqual({ written: 2, lost: 0, lostKeys: [] });
  });
});
