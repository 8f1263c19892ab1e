/** Titles and attribute names: what the routes refuse and what imports from other tools clean. */
import { describe, expect, it } from 'vitest';
import {
  attributeNameProblem,
  attributeProblems,
  cleanAttributes,
  cleanTitle,
  titleProblem,
} from '../../../shared/model/attributes.ts';

describe('attribute names', () => {
  it('refuses the names every object has, control characters, empty and long names', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(attributeNameProblem(name)).toContain(`“${name}” cannot be an attribute name`);
    }
    expect(attributeNameProblem('a\tb')).toContain('control characters');
    expect(attributeNameProblem('site\u202E')).toContain('control characters');
    expect(attributeNameProblem('')).toBe('an attribute needs a name');
    expect(attributeNameProblem('x'.repeat(101))).toContain('at most 100');
    expect(attributeNameProblem('participant role')).toBeNull();
  });

  it('finds names given twice once trimmed', () => {
    expect(attributeProblems(['site', ' site ', 'role'])).toEqual([
      { name: ' site ', message: 'the attribute “site” is given twice' },
    ]);
  });

  it('cleans what another tool sends without losing a value', () => {
    expect(
      cleanAttributes({ constructor: 'a', ' site ': 'b', site: 'c', 'x\ny': 'd', '': 'e', __proto__x: 'f' }),
    ).toEqual({
      'constructor (attribute)': 'a',
      site: 'b',
      'site 2': 'c',
      'x y': 'd',
      attribute: 'e',
      __proto__x: 'f',
    });
    const parsed = JSON.parse('{"__proto__": "g"}') as Record<string, string>;
    expect(cleanAttributes(parsed)).toEqual({ '__proto__ (attribute)': 'g' });
  });
});

describe('titles', () => {
  it('are one line without control or direction-override characters', () => {
    expect(titleProblem('Ward 3, nurse')).toBeNull();
    expect(titleProblem('a\nb')).toContain('one line');
    expect(titleProblem('evil\u202Etxt.exe')).toContain('one line');
    // Line separators and invisible characters of no script are refused; the joiners and
    // direction marks that Persian, Arabic and Hebrew need are not.
    for (const c of ['\u2028', '\u2029', '\u200B', '\u2060', '\uFEFF'])
      expect(titleProblem(`A${c}B`)).not.toBeNull();
    for (const c of ['\u200C', '\u200D', '\u200E', '\u200F', '\u061C'])
      expect(titleProblem(`A${c}B`)).toBeNull();
    expect(attributeNameProblem('\u200Bsite')).toContain('control characters');
    expect(cleanTitle('  evil\u202Etxt\r\n.exe ')).toBe('eviltxt .exe');
  });
});
