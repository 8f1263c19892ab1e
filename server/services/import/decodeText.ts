/**
 * Bytes of a text file as a string: UTF-8 (with or without a byte-order mark) or UTF-16 with a
 * byte-order mark; anything that is not valid UTF-8 is read as Windows-1252, the usual
 * alternative on researchers' machines, and says so.
 *
 * Legacy encodings go through iconv-lite rather than `TextDecoder`: Node 20's
 * `TextDecoder('windows-1252')` decodes like Latin-1 (nodejs/node#60888), which turns the
 * typographic quotes and dashes of bytes 0x80–0x9F into invisible C1 control characters.
 */
import iconv from 'iconv-lite';
import { AppError } from '../../../shared/errors.ts';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /** Oddities worth telling the importer (bytes the encoding does not define), one line each. */
  warnings: string[];
}

/** Bytes that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) decode to this. */
const REPLACEMENT = '\uFFFD';

function startsWith(data: Uint8Array, bom: readonly number[]): boolean {
  return bom.every((byte, i) => data[i] === byte);
}

/**
 * Decodes a text file. `what` names it in messages. Binary content (NUL characters) is an error
 * (`validation`); the byte-order mark is never part of the text.
 */
export function decodeText(data: Uint8Array, what: string): DecodedText {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let decoded: DecodedText;
  if (startsWith(bytes, [0xff, 0xfe])) {
    decoded = { text: iconv.decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le', warnings: [] };
  } else if (startsWith(bytes, [0xfe, 0xff])) {
    decoded = { text: iconv.decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be', warnings: [] };
  } else {
    const utf8 = decodeUtf8(bytes);
    if (utf8 !== null) {
      decoded = { text: utf8, encoding: 'utf-8', warnings: [] };
    } else {
      const text = iconv.decode(bytes, 'windows-1252');
      const undefinedBytes = text.split(REPLACEMENT).length - 1;
      decoded = {
        text,
        encoding: 'windows-1252',
        warnings: [
          `${what} is not UTF-8; it was read as Windows-1252`,
          ...(undefinedBytes > 0
            ? [
                `${what}: ${undefinedBytes} byte(s) that Windows-1252 does not define were replaced with ${REPLACEMENT}`,
              ]
            : []),
        ],
      };
    }
  }
  if (decoded.text.includes('\u0000')) {
    throw new AppError('validation', `${what} looks like a binary file, not text`);
  }
  return decoded;
}

/**
 * Strict UTF-8, for files a format defines as UTF-8 (REFI-QDA sources); null when invalid. A
 * leading byte-order mark is dropped.
 */
export function decodeUtf8(data: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return null;
  }
}
