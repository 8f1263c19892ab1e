import { describe, expect, it } from 'vitest';
import { CodePointIndex } from '../../../shared/model/codePoints.ts';

describe('CodePointIndex', () => {
  it('matches Array.from on text with emoji, CJK and combining marks', () => {
    const text = 'a😀b文字🇬🇧 e\u0301 𝄞end';
    const index = new CodePointIndex(text);
    const points = Array.from(text);
    expect(index.length).toBe(points.length);
    let utf16 = 0;
    for (let cp = 0; cp <= points.length; cp++) {
      expect(index.toUtf16(cp)).toBe(utf16);
      expect(index.toCodePoint(utf16)).toBe(cp);
      utf16 += points[cp]?.length ?? 0;
    }
  });

  it('maps an offset inside a surrogate pair to the pair start', () => {
    const index = new CodePointIndex('x😀y');
    expect(index.toCodePoint(2)).toBe(1);
    expect(index.toCodePoint(3)).toBe(2);
  });

  it('is the identity on text without surrogate pairs', () => {
    const index = new CodePointIndex('plain ascii and é');
    for (const i of [0, 3, 17]) {
      expect(index.toCodePoint(i)).toBe(i);
      expect(index.toUtf16(i)).toBe(i);
    }
  });
});
