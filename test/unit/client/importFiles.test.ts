import { describe, expect, it } from 'vitest';
import {
  IMPORT_ACCEPT,
  describeState,
  pasteErrors,
  percentOf,
  groupUploads,
  routeFor,
  summarize,
  type FileRow,
  uploadsAtOnce,
  PARALLEL_UPLOADS,
} from '../../../client/src/model/importFiles.ts';

const row = (key: string, state: FileRow['state']): FileRow => ({
  key,
  name: `${key}.txt`,
  bytes: 10,
  state,
});

describe('import dialog model', () => {
  it('offers every format the server imports', () => {
    expect(IMPORT_ACCEPT).toBe('.txt,.md,.docx,.vtt,.srt,.pdf,.mp3,.m4a,.wav,.ogg,.mp4,.webm,.qdpx,.qdc');
  });

  it('sends files of a project to its documents route, and project files from the list to the project route', () => {
    expect(routeFor({ kind: 'documents', projectId: 'p1' }, 'a.DOCX')).toEqual({
      path: '/api/projects/p1/documents/import',
    });
    // The server refuses what it does not read, with its own words, so unknown kinds are sent.
    expect(routeFor({ kind: 'documents', projectId: 'p1' }, 'scan.pdf')).toEqual({
      path: '/api/projects/p1/documents/import',
    });
    expect(routeFor({ kind: 'projects' }, 'study.qdpx')).toEqual({ path: '/api/projects/import' });
    expect(routeFor({ kind: 'projects' }, 'notes.rtf')).toEqual({ path: '/api/projects/import' });
    for (const name of ['ward 3.vtt', 'scan.pdf', 'interview.MP3']) {
      expect(routeFor({ kind: 'projects' }, name)).toEqual({
        refuse:
          'transcripts, PDFs and recordings are added to a project: open the project (or create one) and import them on its page',
      });
    }
  });

  it('uploads a recording together with the transcripts and recordings of the same base name, everything else alone', () => {
    expect(
      groupUploads(['a.txt', 'Interview 1.MP3', 'plan.pdf', 'interview 1.vtt', 'memo.mp3', 'b.srt', 'b.wav']),
    ).toEqual([[0], [1, 3], [2], [4], [5, 6]]);
    // Unclear pairings go together, for the server to refuse with the files named.
    expect(groupUploads(['x.wav', 'x.mp3', 'x.vtt'])).toEqual([[0, 1, 2]]);
    expect(groupUploads(['x.txt', 'x.vtt', 'x.ogg'])).toEqual([[0, 1, 2]]);
    // A PDF is no transcript: it goes alone.
    expect(groupUploads(['x.pdf', 'x.wav'])).toEqual([[0], [1]]);
  });

  it('states each row in words', () => {
    expect(describeState({ kind: 'waiting' })).toBe('waiting');
    expect(describeState({ kind: 'uploading', percent: 40 })).toBe('uploading 40%');
    expect(describeState({ kind: 'added', titles: ['Ward 3'], warnings: [] })).toBe('added “Ward 3”');
    expect(describeState({ kind: 'refused', message: 'x.pdf: PDF files are not imported' })).toBe(
      'refused: x.pdf: PDF files are not imported',
    );
  });

  it('turns bytes sent into a whole percentage, 0 while the size is unknown', () => {
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(1, 3)).toBe(33);
    expect(percentOf(3, 3)).toBe(100);
    expect(percentOf(5, 3)).toBe(100);
  });

  it('sums up what the import did for the page it closes onto', () => {
    const target = { kind: 'documents', projectId: 'p' } as const;
    expect(summarize(target, [])).toBe('');
    expect(
      summarize(target, [
        row('a', { kind: 'added', titles: ['A'], warnings: [] }),
        row('b', { kind: 'added', titles: ['B'], warnings: ['w'] }),
        row('c', { kind: 'refused', message: 'no' }),
      ]),
    ).toBe('Added 2 documents; 1 file was refused.');
    expect(summarize(target, [row('a', { kind: 'uploading', percent: 5 })], 1)).toBe(
      'Added 1 document; 1 file was not finished.',
    );
    expect(summarize({ kind: 'projects' }, [row('a', { kind: 'added', titles: ['S'], warnings: [] })])).toBe(
      'Created 1 project.',
    );
  });

  it('asks for a title and the text of a pasted transcript, in plain words', () => {
    expect(pasteErrors(' ', '')).toEqual({
      title: 'Give the transcript a title (up to 500 characters).',
      text: 'Paste the transcript’s text (up to 5,000,000 characters).',
    });
    expect(pasteErrors('Ward 3', 'Q: hi')).toEqual({});
  });
});

describe('uploads at once', () => {
  it('sends transcripts one after another, in the order chosen, and projects side by side', () => {
    expect(uploadsAtOnce({ kind: 'documents', projectId: 'p' })).toBe(1);
    expect(uploadsAtOnce({ kind: 'projects' })).toBe(PARALLEL_UPLOADS);
  });
});
