/** The checked zip reader on archives made here: limits, lying headers, hostile names. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { DEFAULT_ZIP_LIMITS, openZip, withZip, type ZipLimits } from '../../../server/services/import/zip.ts';
import { renameEntry, zip } from '../../helpers/transfer.ts';

const limits = (over: Partial<ZipLimits>): ZipLimits => ({ ...DEFAULT_ZIP_LIMITS, ...over });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** Patches the uncompressed size of the first entry in both its local and central header. */
function declareSize(archive: Buffer, size: number): Buffer {
  const out = Buffer.from(archive);
  out.writeUInt32LE(size, 22); // local file header, offset 22
  const central = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  out.writeUInt32LE(size, central + 24);
  return out;
}

describe('openZip', () => {
  it('reads entries by name, finds them in any case, skips directories', async () => {
    const data = await zip({ 'project.qde': '<Project/>', 'Sources/A.TXT': 'héllo 😀', 'Sources/': '' });
    await withZip(data, 'x.qdpx', DEFAULT_ZIP_LIMITS, async (archive) => {
      expect(archive.names).toEqual(['project.qde', 'Sources/A.TXT']);
      expect(archive.find('sources/a.txt')).toBe('Sources/A.TXT');
      expect((await archive.read('Sources/A.TXT')).toString('utf8')).toBe('héllo 😀');
      await expect(archive.read('nope')).rejects.toThrow(/no entry "nope"/);
    });
  });

  it('refuses more entries, bytes or expansion than allowed, before inflating', async () => {
    const many = await zip(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, 'x'])));
    expect((await refusal(openZip(many, 'many.zip', limits({ maxEntries: 10 })))).message).toBe(
      'many.zip: the archive lists 12 entries, more than the 10 allowed',
    );
    const big = await zip({ 'a.txt': 'x'.repeat(3000), 'b.txt': 'y'.repeat(3000) });
    const total = await refusal(openZip(big, 'big.zip', limits({ maxTotalBytes: 5000 })));
    expect(total.code).toBe('payloadTooLarge');
    expect(total.message).toMatch(/declares more than .* uncompressed; refused as a possible zip bomb/);
    const entry = await refusal(openZip(big, 'big.zip', limits({ maxEntryBytes: 2000 })));
    expect(entry.message).toMatch(/entry "a\.txt" declares .* more than the .* allowed per entry/);
    const ratio = await refusal(openZip(big, 'big.zip', limits({ ratioFloorBytes: 1000, maxRatio: 10 })));
    expect(ratio.message).toMatch(
      /entry "a\.txt" expands \d+-fold .* more than the 10-fold allowed; refused as a possible zip bomb/,
    );
  });

  it('reads a small entry that deflates far past the ratio, as a repetitive transcript does', async () => {
    // A 2 MiB transcript of one repeated line: Concord's own export of it must import again.
    const line = 'Interviewer: [long pause]\n';
    const text = line.repeat(Math.ceil((2 * 1024 * 1024) / line.length));
    const data = await zip({ 'sources/a.txt': text });
    await withZip(data, 'own.qdpx', DEFAULT_ZIP_LIMITS, async (archive) => {
      expect((await archive.read('sources/a.txt')).toString('utf8')).toBe(text);
    });
    expect(text.length / data.length).toBeGreaterThan(DEFAULT_ZIP_LIMITS.maxRatio);
  });

  it('stops an entry that inflates to more than it declares', async () => {
    const lying = declareSize(await zip({ 'project.qde': 'z'.repeat(100_000) }), 100);
    const error = await refusal(
      withZip(lying, 'lying.qdpx', DEFAULT_ZIP_LIMITS, (archive) => archive.read('project.qde')),
    );
    expect(error.message).toMatch(
      /lying\.qdpx: (an archive entry inflates to another size than it declares|entry "project\.qde" inflates to more than the 100 bytes it declares)/,
    );
  });

  it('refuses names that leave the archive', async () => {
    for (const [placeholder, hostile] of [
      ['QQ/x', '../x'],
      ['Qetc/x', '/etc/x'],
      ['QQ/x', 'C:/x'],
      ['a/QQ/QQ/b', 'a/../../b'],
    ] as const) {
      const archive = renameEntry(await zip({ [placeholder]: 'x' }), placeholder, hostile);
      const error = await refusal(openZip(archive, 'evil.zip'));
      expect(error.message).toMatch(/points outside the archive \(path traversal\); refused/);
    }
  });

  it('refuses two entries of the same name, and what is not a zip', async () => {
    const twice = renameEntry(await zip({ 'a.txt': '1', 'b.txt': '2' }), 'b.txt', 'a.txt');
    expect((await refusal(openZip(twice, 'twice.zip'))).message).toBe(
      'twice.zip: the archive holds "a.txt" twice; refused',
    );
    expect((await refusal(openZip(Buffer.from('hello'), 'text.zip'))).message).toBe(
      'text.zip is not a zip archive (or it is truncated)',
    );
  });
});
