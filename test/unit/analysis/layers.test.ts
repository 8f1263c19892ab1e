/** Which layers an analysis reads for whom (shared/access.ts: mayReadLayer, chooseLayers). */
import { describe, expect, it } from 'vitest';
import { chooseLayers, layerRefusal, mayReadLayer, type AccessSubject } from '../../../shared/access.ts';

const open = { blind: false, codersEditText: false };
const blind = { blind: true, codersEditText: false };
const coder: AccessSubject = { userId: 'ann', role: 'coder', isAdmin: false };
const reviewer: AccessSubject = { userId: 'rev', role: 'reviewer', isAdmin: false };
const viewer: AccessSubject = { userId: 'vic', role: 'viewer', isAdmin: false };
const outsider: AccessSubject = { userId: 'out', role: null, isAdmin: false };

describe('mayReadLayer', () => {
  it('lets a coder in a blind round read only their own layers', () => {
    expect(mayReadLayer(coder, 'ann', blind)).toBe(true);
    expect(mayReadLayer(coder, 'ann~r1', blind)).toBe(true);
    expect(mayReadLayer(coder, 'bob', blind)).toBe(false);
    expect(mayReadLayer(coder, 'consensus', blind)).toBe(false);
    expect(mayReadLayer(viewer, 'bob', blind)).toBe(false);
  });

  it('lets every member read every layer outside a blind round, and reviewers always', () => {
    for (const layer of ['bob', 'consensus', 'ann']) {
      expect(mayReadLayer(coder, layer, open)).toBe(true);
      expect(mayReadLayer(viewer, layer, open)).toBe(true);
      expect(mayReadLayer(reviewer, layer, blind)).toBe(true);
      expect(mayReadLayer(outsider, layer, open)).toBe(false);
    }
  });
});

describe('chooseLayers', () => {
  it('refuses the first named layer the caller may not read, saying the round is blind', () => {
    expect(chooseLayers(coder, blind, ['ann', 'consensus', 'bob'])).toEqual({
      ok: false,
      refused: 'consensus',
    });
    expect(layerRefusal(coder, 'bob', blind)).toMatch(/round is blind/);
  });

  it('reads the named layers only', () => {
    const choice = chooseLayers(reviewer, blind, ['ann', 'ann']);
    expect(choice.ok && choice.named).toEqual(['ann']);
    expect(choice.ok && [choice.includes('ann'), choice.includes('bob')]).toEqual([true, false]);
  });

  it('by default reads every readable layer except recode layers', () => {
    const mine = chooseLayers(coder, blind, undefined);
    expect(mine.ok && ['ann', 'bob', 'consensus', 'ann~r1'].filter(mine.includes)).toEqual(['ann']);
    const all = chooseLayers(coder, open, []);
    expect(all.ok && ['ann', 'bob', 'consensus', 'ann~r1'].filter(all.includes)).toEqual([
      'ann',
      'bob',
      'consensus',
    ]);
  });
});
