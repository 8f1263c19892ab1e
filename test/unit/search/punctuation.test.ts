/**
 * Straight and typographic quotes, apostrophes and dashes count as the same in phrase search and
 * memo search, without moving any position (each variant is one code point).
 */
import { describe, expect, it } from 'vitest';
import { memoMatches } from '../../../shared/memos/listing.ts';
import { compileSearch } from '../../../shared/search/match.ts';
import { foldPunctuation } from '../../../shared/search/punctuation.ts';

describe('punctuation variants', () => {
  it('folds curly quotes, apostrophes and dashes to their plain forms, code point for code point', () => {
    const text = 'Let\u2019s start \u2013 the \u201Cnew rota\u201D \u2014 it\u02BCs \u201Ebad\u201C';
    const folded = foldPunctuation(text);
    expect(folded).toBe('Let\'s start - the "new rota" - it\'s "bad"');
    expect([...folded].length).toBe([...text].length);
  });

  it('lets a typed phrase find either form, and the stored form find the typed one', () => {
    const phrase = compileSearch('"new rota" isn\'t', 'phrase', false).patterns[0]!;
    expect('the \u201Cnew rota\u201D isn\u2019t'.match(phrase)?.[0]).toBe('\u201Cnew rota\u201D isn\u2019t');
    const curly = compileSearch('\u201Cnew rota\u201D', 'phrase', false).patterns[0]!;
    expect('the "new rota".'.match(curly)?.[0]).toBe('"new rota"');
    // Other punctuation still has to match as typed.
    expect('the (new rota).'.match(phrase)).toBeNull();
  });

  it('finds a memo by a word typed with a straight apostrophe when the memo has a curly one', () => {
    const memo = {
      kind: 'project' as const,
      title: 'Ward notes',
      body: 'Nurses\u2019 rota \u2013 night shifts',
      links: { codes: [], documents: [], passages: [] },
    };
    expect(memoMatches(memo, { q: "nurses' rota-night" })).toBe(false);
    expect(memoMatches(memo, { q: "nurses' rota" })).toBe(true);
    expect(memoMatches(memo, { q: 'rota - night' })).toBe(true);
  });
});
