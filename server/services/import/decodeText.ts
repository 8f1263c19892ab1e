/**
 * Bytes of a text file as a string: UTF-8 (with or without a byte-order mark) or UTF-16 with a
 * byte-order mark; anything that is not valid UTF-8 is read as Windows-1252, the usual
 * alternative on researchers' machines, and says so.
 */
import { AppError } from '../../../shared/errors.ts';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

/** Decodes a text file; binary content (NUL characters) is an error. */
export function decodeText(data: Uint8Array, what: string): DecodedText {
  let decoded: DecodedText;
  if (data[0] === 0xff && data[1] === 0xfe) {
    decoded = { text: new TextDecoder('utf-16le').decode(data.subarray(2)), encoding: 'utf-16le' };
  } else if (data[0] === 0xfe && data[1] === 0xff) {
    decoded = { text: new TextDecoder('utf-16be').decode(data.subarray(2)), encoding: 'utf-16be' };
  } else {
    try {
      // ignoreBOM: false drops a UTF-8 byte-order mark.
      decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
    } catch {
      decoded = { text: new TextDecoder('windows-1252').decode(data), encoding: 'windows-1252' };
    }
  }
  if (decoded.text.includes('\u0000')) {
    throw new AppError('validation', `${what} looks like a binary file, not text`);
  }
  return decoded;
}

/** Strict UTF-8, for files a format defines as UTF-8 (REFI-QDA sources); null when invalid. */
export function decodeUtf8(data: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return null;
  }
}
