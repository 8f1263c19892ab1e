/**
 * Importing transcripts over real HTTP: every format on files made here, speaker turns, many
 * files at once, and broken, unsupported or oversized uploads refused with nothing created.
 */
import { readFileSync } from 'node:fs';
import { Document as DocxDocument, Packer, Paragraph, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedProject, ImportSummary } from '../../shared/interchange/api.ts';
import type { CodedDocument } from '../../shared/model/codedDocument.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { makeWav } from '../helpers/media.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { upload, zip } from '../helpers/transfer.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ config: { maxImportBytes: 256 * 1024 } });
});
afterAll(async () => {
  await server.destroy();
});

interface ErrorBody {
  error: { code: string; message: string; issues?: { path: (string | number)[]; message: string }[] };
}

async function projectIds(): Promise<string[]> {
  return (await server.api<Project[]>('GET', '/api/projects')).body.map((p) => p.id).sort();
}

async function texts(
  projectId: string,
): Promise<{ title: string; text: string; attributes: Record<string, string> }[]> {
  const docs = (await server.api<Document[]>('GET', `/api/projects/${projectId}/documents`)).body;
  return Promise.all(
    docs.map(async (d) => ({
      title: d.title,
      attributes: d.attributes,
      text: (await server.api<CodedDocument>('GET', `/api/projects/${projectId}/documents/${d.id}/codings`))
        .body.text,
    })),
  );
}

async function docx(paragraphs: string[]): Promise<Buffer> {
  const doc = new DocxDocument({
    sections: [
      {
        children: paragraphs.map((p) => {
          const [label, ...rest] = p.split(': ');
          // Speaker names in bold, as transcription services often deliver them.
          return rest.length > 0
            ? new Paragraph({
                children: [
                  new TextRun({ text: `${label}:`, bold: true }),
                  new TextRun(` ${rest.join(': ')}`),
                ],
              })
            : new Paragraph(p);
        }),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

describe('transcript import', () => {
  it('reads .txt speaker turns with timestamps into "Speaker: text" paragraphs', async () => {
    const txt = [
      'Interview 4, ward 7',
      '',
      '[00:00:05] Interviewer: How did the move go?',
      '[00:00:09] Anna: Hard. We lost the garden,',
      'and the staff room.',
      '',
      '00:01:02',
      'Interviewer (00:01:10): And now?',
      'Anna: Better 😊, mostly.',
    ].join('\r\n');
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'ward-7.txt', data: txt },
    ]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'ward-7', role: 'owner', import: { format: 'documents' } });
    expect(res.body.import.documents).toEqual([
      {
        id: expect.any(String),
        title: 'ward-7',
        file: 'ward-7.txt',
        turns: 4,
        speakers: ['Interviewer', 'Anna'],
      },
    ]);
    const [doc] = await texts(res.body.id);
    expect(doc!.text).toBe(
      [
        'Interview 4, ward 7',
        'Interviewer: How did the move go?',
        'Anna: Hard. We lost the garden,\nand the staff room.',
        'Interviewer: And now?',
        'Anna: Better 😊, mostly.',
      ].join('\n\n'),
    );
    expect(doc!.attributes).toEqual({ file: 'ward-7.txt', speakers: 'Interviewer, Anna' });
  });

  it('keeps prose that only looks like labels as it is', async () => {
    const memo =
      'Background: the ward moved in May.\nMethods: we interviewed staff.\n\n\n\nFindings follow.  ';
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'memo.txt', data: memo },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.import.documents[0]!.turns).toBe(0);
    expect((await texts(res.body.id))[0]!.text).toBe(
      'Background: the ward moved in May.\nMethods: we interviewed staff.\n\nFindings follow.',
    );
  });

  it('reads Markdown (bold speaker labels, links, lists) and Otter-style headers', async () => {
    const md = [
      '# Focus group 2',
      '',
      '**Moderator:** Welcome — see [the guide](https://example.org).',
      '',
      '**Ruth:** I think _three_ things:',
      '',
      '- time',
      '- money',
      '',
      '**Moderator:** Thank you & next.',
      '',
      '**Ruth:** 你好，谢谢。',
    ].join('\n');
    const otter = [
      'Sam Lee  0:03',
      'Good morning.',
      '',
      'Jo  0:07',
      'Morning!',
      '',
      'Sam Lee  0:09',
      'Shall we?',
    ].join('\n');
    const res = await upload<ImportedProject>(
      server,
      '/api/projects/import',
      [
        { name: 'focus group 2.md', data: md },
        { name: 'otter.txt', data: otter },
      ],
      { fields: { name: 'Focus groups' } },
    );
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Focus groups');
    const [group, otterDoc] = await texts(res.body.id);
    expect(group!.text).toBe(
      [
        'Focus group 2',
        'Moderator: Welcome — see the guide.',
        'Ruth: I think three things:\n- time\n- money',
        'Moderator: Thank you & next.',
        'Ruth: 你好，谢谢。',
      ].join('\n\n'),
    );
    expect(otterDoc!.text).toBe('Sam Lee: Good morning.\n\nJo: Morning!\n\nSam Lee: Shall we?');
  });

  it('reads .docx made with the docx library', async () => {
    const data = await docx([
      'Interviewer: What changed?',
      'Nurse: The rota. Everything.',
      'Interviewer: Thanks.',
    ]);
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'Nurse 3.docx', data },
    ]);
    expect(res.status).toBe(201);
    expect((await texts(res.body.id))[0]).toMatchObject({
      title: 'Nurse 3',
      text: 'Interviewer: What changed?\n\nNurse: The rota. Everything.\n\nInterviewer: Thanks.',
    });
  });

  it('reads WebVTT voices and "Name:" cues, merging a speaker\'s consecutive cues', async () => {
    const vtt = [
      'WEBVTT',
      '',
      'NOTE exported by a meeting tool',
      '',
      '1',
      '00:00:01.000 --> 00:00:03.000',
      '<v Dr. Ann Smith>Hello &amp; welcome,</v>',
      '',
      '2',
      '00:00:03.000 --> 00:00:05.000',
      '<v Dr. Ann Smith>everyone.</v>',
      '',
      '00:00:05.500 --> 00:00:07.000',
      '<v.loud Bob>Hi <i>there</i>!</v>',
      '',
      '00:00:07.000 --> 00:00:09.000',
      '<v Dr. Ann Smith>Shall we begin?</v>',
    ].join('\n');
    const zoom = [
      'WEBVTT',
      '',
      '00:00:01.000 --> 00:00:02.000',
      'Kim: One',
      '',
      '00:00:02.000 --> 00:00:03.000',
      'Lee: Two',
      '',
      '00:00:03.000 --> 00:00:04.000',
      'Kim: Three',
    ].join('\n');
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'meeting.vtt', data: vtt },
      { name: 'zoom.vtt', data: zoom },
    ]);
    expect(res.status).toBe(201);
    const [meeting, zoomDoc] = await texts(res.body.id);
    expect(meeting!.text).toBe(
      'Dr. Ann Smith: Hello & welcome, everyone.\n\nBob: Hi there!\n\nDr. Ann Smith: Shall we begin?',
    );
    expect(zoomDoc!.text).toBe('Kim: One\n\nLee: Two\n\nKim: Three');
    expect(res.body.import.documents.map((d) => d.turns)).toEqual([3, 3]);
  });

  it('reads SRT with speaker labels and styling', async () => {
    const srt = [
      '1',
      '00:00:01,000 --> 00:00:04,000',
      'Ann: Hello',
      'there.',
      '',
      '2',
      '00:00:04,500 --> 00:00:06,000',
      '{\\an8}<i>Bob:</i> Yes?',
      '',
      '3',
      '00:00:06,000 --> 00:00:08,000',
      'Ann: Good.',
      '',
    ].join('\r\n');
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'call.srt', data: srt },
    ]);
    expect(res.status).toBe(201);
    expect((await texts(res.body.id))[0]!.text).toBe('Ann: Hello there.\n\nBob: Yes?\n\nAnn: Good.');
  });

  it('reads the Windows-1252 field case with its quotes and dash, and says how it read it', async () => {
    const data = readFileSync(new URL('../fixtures/field-cases/cp1252-interview.txt', import.meta.url));
    const project = await server.api<Project>('POST', '/api/projects', { name: 'Legacy encodings' });
    const res = await upload<ImportSummary>(server, `/api/projects/${project.body.id}/documents/import`, [
      { name: 'cp1252-interview.txt', data },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual(['cp1252-interview.txt is not UTF-8; it was read as Windows-1252']);
    const [read] = await texts(project.body.id);
    // Two stamped turns: laid out as a transcript, the stamps kept as its timeline.
    expect(read!.text).toBe(
      'Interviewer: Let\u2019s start \u2013 the \u201Cnew rota\u201D.\n\nRespondent: It\u2019s bad.',
    );
    expect(read!.text).not.toMatch(/[\u0080-\u009f]/u);
  });

  it('titles a document after a very long file name, clipped to 500 characters, for transcripts and recordings alike', async () => {
    // Attack case: a 5,000-character .wav name was refused with "the imported data is inconsistent".
    const project = await server.api<Project>('POST', '/api/projects', { name: 'Long names' });
    const long = 'n'.repeat(5_000);
    const res = await upload<ImportSummary>(server, `/api/projects/${project.body.id}/documents/import`, [
      { name: `${long}.txt`, data: 'Q: Long?\nA: Very.\n' },
      { name: `${long}x.wav`, data: makeWav({ seconds: 0.1 }) },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.documents.map((d) => d.title)).toEqual(['n'.repeat(500), 'n'.repeat(500)]);
    const docs = (await server.api<Document[]>('GET', `/api/projects/${project.body.id}/documents`)).body;
    expect(docs.map((d) => d.attributes.file!.length)).toEqual([1000, 1000]);
  });

  it('pasted text goes through the same checks: empty or binary text is refused at the field', async () => {
    const project = await server.api<Project>('POST', '/api/projects', { name: 'Pasted' });
    const path = `/api/projects/${project.body.id}/documents`;
    for (const [text, message, field] of [
      ['', 'the transcript holds no text', 'give the transcript some text'],
      ['  \n\t ', 'the transcript holds no text', 'give the transcript some text'],
      [
        '%PDF-1.7\u0000\u0001',
        'the transcript looks like a binary file, not text',
        'this looks like a binary file, not text',
      ],
    ] as const) {
      const res = await server.api<ErrorBody>('POST', path, { title: 'Empty', text });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'validation',
        message,
        issues: [{ path: ['text'], message: field }],
      });
    }
    expect((await server.api<Document[]>('GET', path)).body).toEqual([]);
    // Text is kept exactly as sent (no layout), so positions computed on it stay right.
    const text = 'Q: Hi\r\nA: Hello 😀';
    const made = await server.api<Document>('POST', path, { title: 'Kept', text });
    expect(made.status).toBe(201);
    expect((await texts(project.body.id)).map((d) => d.text)).toEqual([text]);
  });

  it('adds many files to an existing project', async () => {
    const project = await server.api<Project>('POST', '/api/projects', { name: 'Existing' });
    const files = Array.from({ length: 12 }, (_, i) => ({
      name: `p${i + 1}.txt`,
      data: `Q: Hello ${i}\nA: Hi\nQ: Bye\nA: Bye`,
    }));
    const res = await upload<ImportSummary>(
      server,
      `/api/projects/${project.body.id}/documents/import`,
      files,
    );
    expect(res.status).toBe(201);
    expect(res.body.documents.map((d) => d.title)).toEqual(files.map((f) => f.name.replace('.txt', '')));
    const listed = await server.api<Document[]>('GET', `/api/projects/${project.body.id}/documents`);
    expect(listed.body.map((d) => d.title)).toEqual(res.body.documents.map((d) => d.title));
    // The audit entry says which documents came in, in upload order.
    const log = (
      await server.api<{ action: string; details: Record<string, unknown> }[]>(
        'GET',
        `/api/projects/${project.body.id}/audit`,
      )
    ).body.filter((e) => e.action === 'documents.import');
    expect(log).toHaveLength(1);
    expect(log[0]!.details).toMatchObject({
      documents: 12,
      titles: files.map((f) => f.name.replace('.txt', '')),
    });
  });

  it('does not let a coder add documents', async () => {
    const project = await server.api<Project>('POST', '/api/projects', { name: 'Coded by others' });
    const coder = await server.user('Import Coder');
    await server.api('POST', `/api/projects/${project.body.id}/members`, {
      userId: coder.user.id,
      role: 'coder',
    });
    const res = await upload<ErrorBody>(
      server,
      `/api/projects/${project.body.id}/documents/import`,
      [{ name: 'a.txt', data: 'x' }],
      { token: coder.token },
    );
    expect(res.status).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('lists the import and export routes with their media types', async () => {
    const spec = await server.api<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      'GET',
      '/api/openapi.json',
    );
    const paths = spec.body.paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/projects/import',
        '/api/projects/{projectId}/documents/import',
        '/api/projects/{projectId}/export/qdpx',
        '/api/projects/{projectId}/export/qdc',
        '/api/projects/{projectId}/export/codings.csv',
        '/api/projects/{projectId}/export/codings.xlsx',
        '/api/projects/{projectId}/export/quotes',
        '/api/projects/{projectId}/export/agreement',
      ]),
    );
    expect(Object.keys(paths['/api/projects/import']!.post!.requestBody as object)).toContain('content');
    expect(JSON.stringify(paths['/api/projects/import']!.post!.requestBody)).toContain('multipart/form-data');
    expect(JSON.stringify(paths['/api/projects/{projectId}/export/quotes']!.get!.parameters)).toContain(
      '"layer"',
    );
    expect(JSON.stringify(paths['/api/projects/{projectId}/export/qdpx']!.get!.responses)).toContain(
      'application/zip',
    );
  });
});

describe('refused uploads leave nothing behind', () => {
  const refused = async (
    files: { name: string; data: string | Uint8Array }[],
    status: number,
    message: RegExp,
  ) => {
    const before = await projectIds();
    const res = await upload<ErrorBody>(server, '/api/projects/import', files);
    expect({ status: res.status, message: res.body.error.message }).toEqual({
      status,
      message: expect.stringMatching(message),
    });
    expect(await projectIds()).toEqual(before);
    return res.body;
  };

  it('an unsupported kind of file, in plain words with what to do instead', async () => {
    await refused(
      [{ name: 'letter.rtf', data: '{\\rtf1 x}' }],
      415,
      /^letter\.rtf: Rich Text \(\.rtf\) files are not imported; save it as \.docx or \.txt and import that$/,
    );
    await refused(
      [{ name: 'old.doc', data: 'x' }],
      415,
      /^old\.doc: Old Word \(\.doc\) files are not imported; save it as \.docx in Word and import that$/,
    );
    await refused(
      [{ name: 'study.nvpx', data: 'x' }],
      415,
      /^study\.nvpx: NVivo projects are not imported; export the project from NVivo as REFI-QDA \(\.qdpx\)$/,
    );
    await refused(
      [{ name: 'audio.aiff', data: 'x' }],
      415,
      /^audio\.aiff: \.aiff files are not imported; Concord reads transcripts as \.txt, \.md, \.docx, \.vtt or \.srt$/,
    );
  });

  it('a REFI-QDA file sent to an existing project is pointed to the project list', async () => {
    const project = await server.api<Project>('POST', '/api/projects', { name: 'Existing' });
    const res = await upload<ErrorBody>(server, `/api/projects/${project.body.id}/documents/import`, [
      { name: 'study.qdpx', data: 'PK' },
    ]);
    expect({ status: res.status, message: res.body.error.message }).toEqual({
      status: 415,
      message:
        'study.qdpx: a REFI-QDA project or codebook becomes a new project of its own; import it from the project list (POST /api/projects/import)',
    });
    expect(await texts(project.body.id)).toEqual([]);
  });

  it('one broken file among good ones: every failure named, none imported', async () => {
    const body = await refused(
      [
        { name: 'good.txt', data: 'A: hi\nB: hi\nA: bye' },
        { name: 'broken.docx', data: 'this is not a zip' },
        { name: 'empty.vtt', data: 'WEBVTT\n\n' },
        { name: 'notes.odt', data: 'x' },
      ],
      400,
      /3 of 4 files could not be imported, so none was/,
    );
    expect(body.error.issues?.map((i) => i.path.join('/'))).toEqual([
      'files/broken.docx',
      'files/empty.vtt',
      'files/notes.odt',
    ]);
    expect(body.error.issues?.[0]?.message).toMatch(/broken\.docx is not a zip archive/);
    expect(body.error.issues?.[1]?.message).toMatch(/empty\.vtt holds no WebVTT cues/);
  });

  it('a .vtt without its header, a binary .txt and an empty file', async () => {
    await refused(
      [{ name: 'x.vtt', data: '00:00:01.000 --> 00:00:02.000\nHi' }],
      400,
      /x\.vtt is not a WebVTT file/,
    );
    await refused(
      [{ name: 'x.txt', data: new Uint8Array([0x50, 0x4b, 0x00, 0x01, 0x02]) }],
      400,
      /looks like a binary file/,
    );
    await refused([{ name: 'x.txt', data: '  \n\n ' }], 400, /x\.txt holds no text/);
  });

  it('a .docx that is a zip bomb', async () => {
    const bomb = await zip({
      'word/document.xml': Buffer.alloc(40 * 1024 * 1024, 0x20),
      '[Content_Types].xml': '<x/>',
    });
    expect(bomb.length).toBeLessThan(128 * 1024);
    await refused([{ name: 'bomb.docx', data: bomb }], 413, /expands \d+-fold .*possible zip bomb/);
  });

  it('an upload over the size limit, multipart or raw', async () => {
    await refused(
      [{ name: 'big.txt', data: 'A: x\n'.repeat(80_000) }],
      413,
      /^the upload is larger than the 256 KiB allowed; split it into smaller uploads, or ask the server's administrator to raise MAX_IMPORT_BYTES$/,
    );
    const before = await projectIds();
    const raw = await fetch(`${server.http}/api/projects/import?filename=big.qdpx`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(1024 * 1024),
    });
    expect(raw.status).toBe(413);
    expect(((await raw.json()) as ErrorBody).error.code).toBe('payloadTooLarge');
    expect(await projectIds()).toEqual(before);
  });

  it('no file, a wrong field name, a JSON body, no sign-in', async () => {
    const before = await projectIds();
    const wrongField = await upload<ErrorBody>(
      server,
      '/api/projects/import',
      [{ name: 'a.txt', data: 'x' }],
      { field: 'upload' },
    );
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.message).toMatch(/multipart field "file"/);
    const none = await upload<ErrorBody>(server, '/api/projects/import', [], { fields: { name: 'x' } });
    expect(none.body.error.message).toMatch(/no file was sent/);
    const json = await server.api<ErrorBody>('POST', '/api/projects/import', { file: 'x' });
    expect(json.status).toBe(415);
    const anonymous = await upload<ErrorBody>(
      server,
      '/api/projects/import',
      [{ name: 'a.txt', data: 'x' }],
      { token: 'nope' },
    );
    expect(anonymous.status).toBe(401);
    expect(await projectIds()).toEqual(before);
  });
});
