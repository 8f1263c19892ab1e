import { describe, expect, it } from 'vitest';
import { pairRecordings } from '../../../server/services/import/recordings.ts';
import type { UploadedFile } from '../../../server/services/import/documents.ts';

/** An uploaded file; a recording or PDF as the upload leaves it: kept, with no bytes in memory. */
function file(name: string): UploadedFile {
  const kind = /\.(wav|mp3|ogg)$/i.test(name)
    ? 'audio'
    : /\.mp4$/i.test(name)
      ? 'video'
      : /\.pdf$/i.test(name)
        ? 'pdf'
        : null;
  if (!kind) return { name, data: Buffer.from('text') };
  return {
    name,
    data: Buffer.alloc(0),
    source: { kind, sha256: 'a'.repeat(64), bytes: 1, mediaType: 'x/y', fileName: name },
  };
}

const names = (documents: ReturnType<typeof pairRecordings>['documents']) =>
  documents.map((d) => [d.recording?.name ?? null, d.file?.name ?? null]);

describe('pairRecordings', () => {
  it('pairs a recording with the transcript of its name, case and spacing aside, where the first of them was', () => {
    const { documents, problems } = pairRecordings(
      ['notes.txt', 'Interview 1.vtt', 'a.docx', ' interview 1.MP3', 'Focus group.mp4', 'report.pdf'].map(
        file,
      ),
    );
    expect(problems).toEqual([]);
    expect(names(documents)).toEqual([
      [null, 'notes.txt'],
      [' interview 1.MP3', 'Interview 1.vtt'],
      [null, 'a.docx'],
      ['Focus group.mp4', null],
      [null, 'report.pdf'],
    ]);
  });

  it('leaves transcripts of one name without a recording alone, as before', () => {
    const { documents, problems } = pairRecordings(['x.txt', 'x.vtt'].map(file));
    expect(problems).toEqual([]);
    expect(names(documents)).toEqual([
      [null, 'x.txt'],
      [null, 'x.vtt'],
    ]);
  });

  it('refuses to guess between two recordings or two transcripts of one name', () => {
    const recordings = pairRecordings(['x.wav', 'X.ogg', 'x.txt'].map(file));
    expect(recordings.problems.map((p) => p.file)).toEqual(['x.wav', 'X.ogg']);
    expect(recordings.problems[0]!.error.message).toBe(
      'x.wav, X.ogg: several recordings share one name, so it is unclear which transcript belongs to which; rename them',
    );
    expect(recordings.documents).toEqual([]);
    const transcripts = pairRecordings(['y.txt', 'y.wav', 'y.srt'].map(file));
    expect(transcripts.problems.map((p) => p.file)).toEqual(['y.txt', 'y.srt']);
    expect(transcripts.documents).toEqual([]);
  });
});
