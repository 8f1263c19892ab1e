/** New ids never begin with "-", so a command line never takes one for an option. */
import { describe, expect, it } from 'vitest';
import { newId } from '../../../server/ids.ts';
import { IdSchema } from '../../../shared/protocol.ts';

describe('newId', () => {
  it('draws again when the id would begin with "-"', () => {
    // 0xf8 = 0b111110.. is base64url index 62, "-".
    const draws = [Buffer.alloc(12, 0xf8), Buffer.alloc(12, 0x00)];
    const seen: number[] = [];
    const id = newId((size) => {
      seen.push(size);
      return draws.shift()!;
    });
    expect(Buffer.alloc(12, 0xf8).toString('base64url')).toMatch(/^-/);
    expect(id).toBe('AAAAAAAAAAAAAAAA');
    expect(seen).toEqual([12, 12]);
  });

  it('gives 16-character ids that pass IdSchema and never begin with "-"', () => {
    // With 1 in 64 ids beginning with "-" before, 5,000 ids would hold about 78 of them.
    const ids = Array.from({ length: 5000 }, () => newId());
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(ids.every((id) => id.length === 16 && IdSchema.safeParse(id).success)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
