import { describe, expect, it } from 'vitest';
import {
  codeDepths,
  leafCodes,
  quickCodeIndex,
  quickCodes,
  searchCodes,
} from '../../../client/src/model/quickCodes.ts';
import { speakerLabelLength } from '../../../client/src/model/transcript.ts';
import { initials, personColor, withAlpha } from '../../../client/src/model/colors.ts';
import type { Code } from '../../../shared/schemas.ts';

const code = (id: string, name: string, parentId: string | null = null): Code => ({
  id,
  name,
  parentId,
  color: '#336699',
  description: '',
  order: 0,
});

const codebook = [
  code('t1', 'Loss'),
  code('c1', 'Loss of home', 't1'),
  code('c2', 'Loss of garden', 't1'),
  code('t2', 'Coping'),
  ...Array.from({ length: 9 }, (_, i) => code(`k${i}`, `Strategy ${i}`, 't2')),
];

describe('quick codes', () => {
  it('maps keys 1–9 to the first nine codes that are nobody’s parent, in tree order', () => {
    expect(leafCodes(codebook).map((c) => c.id)).not.toContain('t1');
    expect(quickCodes(codebook).map((c) => c.id)).toEqual([
      'c1',
      'c2',
      'k0',
      'k1',
      'k2',
      'k3',
      'k4',
      'k5',
      'k6',
    ]);
    expect(quickCodeIndex('1')).toBe(0);
    expect(quickCodeIndex('Digit9')).toBe(8);
    expect(quickCodeIndex('Numpad3')).toBe(2);
    expect(quickCodeIndex('0')).toBeNull();
    expect(quickCodeIndex('a')).toBeNull();
  });

  it('finds codes by every word, in names and their theme’s name', () => {
    expect(searchCodes(codebook, 'garden').map((c) => c.id)).toEqual(['c2']);
    expect(searchCodes(codebook, 'LOSS home').map((c) => c.id)).toEqual(['c1']);
    expect(searchCodes(codebook, 'coping 3').map((c) => c.id)).toEqual(['k3']);
    expect(searchCodes(codebook, '  ').length).toBe(codebook.length);
  });

  it('knows each code’s depth, even in a parent cycle', () => {
    const depths = codeDepths([...codebook, code('x', 'X', 'y'), code('y', 'Y', 'x')]);
    expect(depths.get('t1')).toBe(0);
    expect(depths.get('c1')).toBe(1);
    expect(depths.get('x')).toBe(1);
  });
});

describe('transcript structure', () => {
  it('recognises speaker labels as the turn segmentation does', () => {
    expect(speakerLabelLength('Nurse: we talk')).toBe(6);
    expect(speakerLabelLength('Dr Ann Lee: yes')).toBe(11);
    expect(speakerLabelLength('Interviewer:')).toBe(12);
    expect(speakerLabelLength('The time was 10:30 today')).toBe(0);
    expect(speakerLabelLength('One two three four five: no')).toBe(0);
    expect(speakerLabelLength(': nobody')).toBe(0);
    expect(speakerLabelLength('no label here')).toBe(0);
  });
});

describe('colours', () => {
  it('turns code colours into translucent highlights', () => {
    expect(withAlpha('#ff8000', 0.5)).toBe('rgba(255, 128, 0, 0.5)');
    expect(withAlpha('red', 0.2)).toBe('rgba(128, 128, 128, 0.2)');
  });

  it('gives each person one colour everywhere, and initials', () => {
    expect(personColor('user-1')).toEqual(personColor('user-1'));
    expect(personColor('user-1').color).not.toBe(personColor('user-2').color);
    expect(initials('Demo supervisor')).toBe('DS');
    expect(initials('Synthetic coder (generated)')).toBe('SC');
    expect(initials('')).toBe('?');
  });
});
