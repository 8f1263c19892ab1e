import { describe, expect, it } from 'vitest';
import {
  checkAttributes,
  compareValues,
  convertValues,
  formatNumber,
  normalizeValue,
  typeOf,
  valueMatches,
} from '../../../shared/model/attributeTypes.ts';

const ok = (value: string) => ({ ok: true, value });

describe('normalizeValue', () => {
  it('writes numbers as plain decimals without exponent', () => {
    expect(normalizeValue('number', '42')).toEqual(ok('42'));
    expect(normalizeValue('number', ' 42.0 ')).toEqual(ok('42'));
    expect(normalizeValue('number', '+3.50')).toEqual(ok('3.5'));
    expect(normalizeValue('number', '.5')).toEqual(ok('0.5'));
    expect(normalizeValue('number', '-0')).toEqual(ok('0'));
    expect(normalizeValue('number', '1e21')).toEqual(ok('1000000000000000000000'));
    expect(normalizeValue('number', '1.5e-7')).toEqual(ok('0.00000015'));
    expect(normalizeValue('number', '-2.5E3')).toEqual(ok('-2500'));
  });

  it('refuses what is not a finite number, naming the value', () => {
    expect(normalizeValue('number', 'forty')).toEqual({ ok: false, message: '“forty” is not a number' });
    for (const bad of ['1,5', '0x10', 'Infinity', 'NaN', '1e400', '1 000', '--1', '.'])
      expect(normalizeValue('number', bad).ok, bad).toBe(false);
  });

  it('keeps real calendar dates and drops a time after them', () => {
    expect(normalizeValue('date', '2024-02-29')).toEqual(ok('2024-02-29'));
    expect(normalizeValue('date', '2023-05-01T10:30:00Z')).toEqual(ok('2023-05-01'));
    for (const bad of [
      '2023-02-29',
      '1900-02-29',
      '2023-13-01',
      '2023-00-10',
      '2023-04-31',
      '1/5/2023',
      '23-05-01',
    ])
      expect(normalizeValue('date', bad).ok, bad).toBe(false);
    expect(normalizeValue('date', '2000-02-29')).toEqual(ok('2000-02-29'));
  });

  it('reads booleans in the usual spellings', () => {
    for (const t of ['true', 'TRUE', 'Yes', 'y', '1'])
      expect(normalizeValue('boolean', t)).toEqual(ok('true'));
    for (const f of ['false', 'No', 'n', '0']) expect(normalizeValue('boolean', f)).toEqual(ok('false'));
    expect(normalizeValue('boolean', 'maybe')).toEqual({
      ok: false,
      message: '“maybe” is not true or false',
    });
  });

  it('lets every type hold no value, and text hold anything unchanged', () => {
    for (const type of ['number', 'date', 'boolean'] as const)
      expect(normalizeValue(type, '  ')).toEqual(ok(''));
    expect(normalizeValue('text', ' as said ')).toEqual(ok(' as said '));
  });
});

describe('formatNumber', () => {
  it('reads back as the same number', () => {
    for (const n of [0.1, 1 / 3, 1e21, 123456789.125, -1e-9, 5e-324, Number.MAX_VALUE, 2 ** 53 + 2])
      expect(Number(formatNumber(n))).toBe(n);
    expect(formatNumber(5e-324)).not.toContain('e');
    expect(formatNumber(Number.MAX_VALUE)).toMatch(/^\d+$/);
  });
});

describe('checkAttributes', () => {
  const defs = [
    { name: 'age', type: 'number' as const },
    { name: 'interviewed', type: 'date' as const },
  ];

  it('normalizes typed values, leaves undefined attributes as text and names misfits', () => {
    const result = checkAttributes(defs, { age: '42.50', interviewed: '2024-01-02', site: ' B ' });
    expect(result).toEqual({
      attributes: { age: '42.5', interviewed: '2024-01-02', site: ' B ' },
      problems: [],
    });
    const bad = checkAttributes(defs, { age: 'forty', interviewed: 'May' });
    expect(bad.problems).toEqual([
      { name: 'age', message: '“forty” is not a number' },
      { name: 'interviewed', message: '“May” is not a date (YYYY-MM-DD)' },
    ]);
    expect(typeOf(defs, 'site')).toBe('text');
  });
});

describe('convertValues', () => {
  it('converts all values or names the documents whose values do not fit', () => {
    const held = [
      { documentId: 'a', title: 'A', value: '7' },
      { documentId: 'b', title: 'B', value: '7.0' },
    ];
    expect(convertValues('number', held)).toEqual({
      ok: true,
      values: [
        { documentId: 'a', value: '7' },
        { documentId: 'b', value: '7' },
      ],
    });
    const result = convertValues('boolean', held);
    expect(result).toEqual({
      ok: false,
      misfits: [
        { documentId: 'a', title: 'A', value: '7', message: '“7” is not true or false' },
        { documentId: 'b', title: 'B', value: '7.0', message: '“7.0” is not true or false' },
      ],
    });
  });
});

describe('compareValues', () => {
  it('orders numbers numerically and dates by date, empty and misfits last', () => {
    const numbers = ['10', '9', '', '-1', 'n/a', '9.5'];
    expect([...numbers].sort((a, b) => compareValues('number', a, b))).toEqual([
      '-1',
      '9',
      '9.5',
      '10',
      '',
      'n/a',
    ]);
    expect([...numbers].sort((a, b) => compareValues('text', a, b))).toEqual([
      '',
      '-1',
      '10',
      '9',
      '9.5',
      'n/a',
    ]);
    const dates = ['2024-01-10', '2023-12-31', '2024-01-09'];
    expect([...dates].sort((a, b) => compareValues('date', a, b))).toEqual([
      '2023-12-31',
      '2024-01-09',
      '2024-01-10',
    ]);
    expect(['true', 'false'].sort((a, b) => compareValues('boolean', a, b))).toEqual(['false', 'true']);
  });
});

describe('valueMatches', () => {
  it('compares typed values in canonical form and text exactly', () => {
    expect(valueMatches('number', '42', '42.0')).toBe(true);
    expect(valueMatches('boolean', 'true', 'yes')).toBe(true);
    expect(valueMatches('number', '42', '43')).toBe(false);
    expect(valueMatches('text', 'B', 'b')).toBe(false);
  });
});
