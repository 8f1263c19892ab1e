import { describe, expect, it } from 'vitest';
import {
  codeDepths,
  leafCodes,
  assignQuickKeys,
  codeOnKey,
  describeQuickKeyChanges,
  keyOfCode,
  parseQuickKeys,
  quickCodeIndex,
  searchCodes,
} from '../../../client/src/model/quickCodes.ts';
import { speakerLabelLength } from '../../../client/src/model/transcript.ts';
import { initials, personColor, whiteContrast, withAlpha } from '../../../client/src/model/colors.ts';
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
    const first = assignQuickKeys(null, codebook);
    expect(first.changes).toEqual([]);
    expect(Array.from({ length: 9 }, (_, i) => codeOnKey(first.keys, i))).toEqual([
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
    expect(codeOnKey(first.keys, 9)).toBeNull();
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
    // White initials on every person's colour stay readable (WCAG AA), whatever hue the id gives.
    for (let i = 0; i < 2000; i++) {
      const m = /^hsl\((\d+), 70%, (\d+)%\)$/.exec(personColor(`person-${i}`).color)!;
      expect(whiteContrast(Number(m[1]), 70, Number(m[2]))).toBeGreaterThanOrEqual(4.5);
    }
    expect(initials('Demo supervisor')).toBe('DS');
    expect(initials('Synthetic coder (generated)')).toBe('SC');
    expect(initials('')).toBe('?');
  });
});

describe('quick keys stay with their codes', () => {
  // The field study's codebook: adding "Discharge coordination" under the first theme used to
  // move "Families not informed" from 3 to 4 and "Morale" from 6 to 7.
  const before = [
    code('t1', 'Communication'),
    code('a', 'Handover', 't1'),
    code('b', 'Shift notes', 't1'),
    code('f', 'Families not informed', 't1'),
    code('t2', 'Workload'),
    code('s', 'Staffing', 't2'),
    code('o', 'Overtime', 't2'),
    code('m', 'Morale', 't2'),
  ];
  const first = assignQuickKeys(null, before).keys;
  const keyOf = (keys: ReturnType<typeof assignQuickKeys>['keys'], id: string) => keyOfCode(keys).get(id);

  it('gives a new code the next free key and moves no other', () => {
    expect(keyOf(first, 'f')).toBe('3');
    expect(keyOf(first, 'm')).toBe('6');
    const revised = [...before.slice(0, 4), code('d', 'Discharge coordination', 't1'), ...before.slice(4)];
    const { keys, changes } = assignQuickKeys(first, revised);
    expect(changes).toEqual([]);
    expect(keyOf(keys, 'f')).toBe('3');
    expect(keyOf(keys, 'm')).toBe('6');
    expect(keyOf(keys, 'd')).toBe('7');
  });

  it('frees the key of a removed code for the next new code, and says so', () => {
    const withoutShiftNotes = before.filter((c) => c.id !== 'b');
    const freed = assignQuickKeys(first, withoutShiftNotes);
    expect(freed.keys['2']).toBeUndefined();
    expect(keyOf(freed.keys, 'f')).toBe('3');
    expect(describeQuickKeyChanges(freed.changes)).toBe(
      'Quick keys changed: 2 applies nothing now (it applied “Shift notes”, which was removed).',
    );
    const added = assignQuickKeys(freed.keys, [
      ...withoutShiftNotes,
      code('d', 'Discharge coordination', 't1'),
    ]);
    expect(keyOf(added.keys, 'd')).toBe('2');
    expect(added.changes).toEqual([]);
    // Seen in one step (removed and added between two visits), the key's new code is named.
    const between = assignQuickKeys(first, [...withoutShiftNotes, code('d', 'Discharge coordination', 't1')]);
    expect(describeQuickKeyChanges(between.changes)).toBe(
      'Quick keys changed: 2 now applies “Discharge coordination” (it applied “Shift notes”, which was removed).',
    );
  });

  it('frees the key of a code that gets codes of its own, and keeps keys through renames', () => {
    const nested = [...before, code('h1', 'Verbal handover', 'a')];
    const { keys, changes } = assignQuickKeys(first, nested);
    expect(keyOf(keys, 'a')).toBeUndefined();
    expect(keyOf(keys, 'h1')).toBe('1');
    expect(describeQuickKeyChanges(changes)).toBe(
      'Quick keys changed: 1 now applies “Verbal handover” (it applied “Handover”, which now holds codes of its own).',
    );
    const renamed = before.map((c) => (c.id === 'f' ? { ...c, name: 'Relatives not informed' } : c));
    const again = assignQuickKeys(first, renamed);
    expect(again.changes).toEqual([]);
    expect(again.keys['3']).toEqual({ id: 'f', name: 'Relatives not informed' });
  });

  it('reads back what it stored, and starts afresh from anything else', () => {
    expect(parseQuickKeys(JSON.stringify(first))).toEqual(first);
    expect(parseQuickKeys(null)).toBeNull();
    expect(parseQuickKeys('{"1":')).toBeNull();
    expect(parseQuickKeys('{"0":{"id":"a","name":"x"}}')).toBeNull();
  });
});
