/**
 * Decoding transcript bytes: every byte Windows-1252 gives a typographic character (0x80–0x9F)
 * becomes that character, never a C1 control; byte-order marks pick UTF-8 or UTF-16 and are not
 * part of the text. Expected characters: the WHATWG Encoding Standard's windows-1252 index
 * (https://encoding.spec.whatwg.org/index-windows-1252.txt), with the five bytes it leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) replaced and reported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../server/services/import/decodeText.ts';

/** Windows-1252 bytes 0x80–0x9F; null where the code page defines no character. */
const WINDOWS_1252: (number | null)[] = [
  0x20ac,
  null,
  0x201a,
  0x0192,
  0x201e,
  0x2026,
  0x2020,
  0x2021,
  0x02c6,
  0x2030,
  0x0160,
  0x2039,
  0x0152,
  null,
  0x017d,
  null,
  null,
  0x2018,
  0x2019,
  0x201c,
  0x201d,
  0x2022,
  0x2013,
  0x2014,
  0x02dc,
  0x2122,
  0x0161,
  0x203a,
  0x0153,
  null,
  0x017e,
  0x0178,
];

const C1 = /[\u0080-\u009f]/u;

describe('decodeText', () => {
  it.each(WINDOWS_1252.map((expected, i) => [0x80 + i, expected] as const))(
    'byte 0x%s in a Windows-1252 file',
    (byte, expected) => {
      // A non-UTF-8 byte among plain text, as in a transcript saved by Word on Windows.
      const { text, encoding, warnings } = decodeText(Buffer.from([0x41, byte, 0x42]), 'x.txt');
      expect(encoding).toBe('windows-1252');
      expect(text).not.toMatch(C1);
      expect(text.codePointAt(1)).toBe(expected ?? 0xfffd);
      expect(text).toHaveLength(3);
      expect(warnings[0]).toBe('x.txt is not UTF-8; it was read as Windows-1252');
      if (expected === null) expect(warnings[1]).toMatch(/1 byte\(s\) that Windows-1252 does not define/);
      else expect(warnings).toHaveLength(1);
    },
  );

  it('reads the field case cp1252-interview.txt with its quotes and dash', () => {
    const data = readFileSync(new URL('../../fixtures/field-cases/cp1252-interview.txt', import.meta.url));
    const { text, encoding } = decodeText(data, 'cp1252-interview.txt');
    expect(encoding).toBe('windows-1252');
    expect(text).toBe(
      '[00:00:01] Interviewer: Let\u2019s start \u2013 the \u201Cnew rota\u201D.\r\n[00:00:04] Respondent: It\u2019s bad.\r\n',
    );
    expect(text).not.toMatch(C1);
  });

  const sample = 'Let\u2019s start \u2013 the \u201Cnew rota\u201D. 😊 €';
  it('UTF-8 with a byte-order mark: the mark is not text', () => {
    const data = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample, 'utf8')]);
    expect(decodeText(data, 'x.txt')).toEqual({ text: sample, encoding: 'utf-8', warnings: [] });
  });

  it('UTF-8 without a mark', () => {
    expect(decodeText(Buffer.from(sample, 'utf8'), 'x.txt')).toEqual({
      text: sample,
      encoding: 'utf-8',
      warnings: [],
    });
  });

  it('UTF-16 little-endian with a byte-order mark', () => {
    const data = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')]);
    expect(decodeText(data, 'x.txt')).toEqual({ text: sample, encoding: 'utf-16le', warnings: [] });
  });

  it('UTF-16 big-endian with a byte-order mark', () => {
    const data = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(sample, 'utf16le').swap16()]);
    expect(decodeText(data, 'x.txt')).toEqual({ text: sample, encoding: 'utf-16be', warnings: [] });
  });

  it('refuses binary content', () => {
    expect(() => decodeText(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]), 'x.txt')).toThrow(
      /looks like a binary file/,
    );
  });
});
