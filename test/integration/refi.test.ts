/**
 * REFI-QDA over real HTTP: .qdpx and .qdc exports validated against the published schema with
 * xmllint, export → import equality of everything REFI carries (several coders, consensus,
 * emoji and CJK before codings), files from other tools, and hostile archives refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { ImportedProject } from '../../shared/interchange/api.ts';
import type { MemoList } from '../../shared/memos/schemas.ts';
import { addCoding, setCompleted } from '../../shared/model/layer.ts';
import { putCode } from '../../shared/model/codebook.ts';
import type { CodedDocument } from '../../shared/model/codedDocument.ts';
import { CONSENSUS, roomName } from '../../shared/protocol.ts';
import type { Code, Document, Project, User } from '../../shared/schemas.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download, renameEntry, upload, xmllint, zip } from '../helpers/transfer.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startServer({ config: { maxImportBytes: 1024 * 1024 } });
});
afterAll(async () => {
  await server.destroy();
});

interface ErrorBody {
  error: { code: string; message: string };
}

/** Every entry of a zip archive, inflated (our own exports only). */
async function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  const archive = await yauzl.fromBufferPromise(data, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  for await (const entry of archive.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of (await archive.openReadStreamPromise(entry)) as AsyncIterable<Buffer>)
      chunks.push(chunk);
    out.set(entry.fileName, Buffer.concat(chunks));
  }
  return out;
}

/** Everything of a project that REFI-QDA carries, with Concord's ids replaced by names. */
async function contents(projectId: string) {
  const project = (await server.api<Project>('GET', `/api/projects/${projectId}`)).body;
  const codes = (await server.api<Code[]>('GET', `/api/projects/${projectId}/codebook`)).body;
  const codeName = new Map(codes.map((c) => [c.id, c.name]));
  const users = new Map((await server.api<User[]>('GET', '/api/users')).body.map((u) => [u.id, u.name]));
  const coderName = (id: string) => (id === CONSENSUS ? 'Consensus' : (users.get(id) ?? id));
  const docs = (await server.api<Document[]>('GET', `/api/projects/${projectId}/documents`)).body;
  const documents = await Promise.all(
    docs.map(async (d) => {
      const coded = (
        await server.api<CodedDocument>('GET', `/api/projects/${projectId}/documents/${d.id}/codings`)
      ).body;
      return {
        title: d.title,
        attributes: d.attributes,
        text: coded.text,
        completed: coded.completed.map(coderName).sort(),
        codings: coded.codings
          .map((c) => ({
            coder: coderName(c.coder),
            code: codeName.get(c.code),
            start: c.start,
            end: c.end,
            memo: c.memo,
            createdAt: c.createdAt,
          }))
          .sort(
            (a, b) =>
              a.start - b.start ||
              a.end - b.end ||
              a.coder.localeCompare(b.coder) ||
              String(a.code).localeCompare(String(b.code)),
          ),
      };
    }),
  );
  return {
    name: project.name,
    description: project.description,
    codes: codes.map((c) => ({
      name: c.name,
      parent: c.parentId === null ? null : codeName.get(c.parentId),
      color: c.color,
      description: c.description,
    })),
    documents,
  };
}

/** A project with two coders, a consensus layer, memos, a nested codebook, emoji and CJK text. */
async function buildProject(): Promise<{ project: Project; coders: { id: string; name: string }[] }> {
  const project = (
    await server.api<Project>('POST', '/api/projects', {
      name: 'Ward 7 — 病棟 🏥',
      description: 'Two coders & a reviewer.',
    })
  ).body;
  const ann = await server.user('Ann Coder');
  const bo = await server.user('Bo Coder');
  for (const u of [ann, bo])
    await server.api('POST', `/api/projects/${project.id}/members`, { userId: u.user.id, role: 'coder' });
  await server.app.registry.change(roomName.codebook(project.id), (doc) => {
    putCode(doc, {
      id: 'theme-care',
      name: 'Care & <safety>',
      parentId: null,
      color: '#1f5f99',
      description: 'Theme "care".',
      order: 0,
    });
    putCode(doc, {
      id: 'code-loss',
      name: 'Loss',
      parentId: 'theme-care',
      color: '#2b7bc4',
      description: 'Losing a place.',
      order: 0,
    });
    putCode(doc, {
      id: 'code-hope',
      name: 'Hope 🌱',
      parentId: 'theme-care',
      color: '#abcdef',
      description: '',
      order: 1,
    });
    putCode(doc, {
      id: 'code-deep',
      name: 'Deeper',
      parentId: 'code-loss',
      color: '#123456',
      description: 'nested',
      order: 0,
    });
    putCode(doc, {
      id: 'theme-work',
      name: '職場',
      parentId: null,
      color: '#8a3b12',
      description: 'Work (CJK name).',
      order: 1,
    });
  });
  // Emoji (two UTF-16 units each) and CJK before the coded passages shift naive offsets.
  const text =
    '🏥🏥 病院の話。\nAnna: We lost the garden 😢 and the 庭.\n\nInterviewer: And now?\nAnna: Hope, 希望 🌱.';
  const doc = (
    await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
      title: 'Anna 🌸',
      text,
      attributes: { site: 'Ward 7', age: '54' },
    })
  ).body;
  const second = (
    await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
      title: 'Empty-ish',
      text: 'Nothing coded here.',
      attributes: {},
    })
  ).body;
  const cp = [...text];
  const at = (needle: string) =>
    cp.join('').indexOf(needle) === -1 ? -1 : [...text.slice(0, text.indexOf(needle))].length;
  const span = (needle: string) => ({ start: at(needle), end: at(needle) + [...needle].length });
  await server.app.registry.withRoom(roomName.text(doc.id), async (textRoom) => {
    const write = (
      coder: string,
      codings: { id: string; code: string; needle: string; memo?: string }[],
      done: boolean,
    ) =>
      server.app.registry.change(roomName.layer(doc.id, coder), (layer) => {
        for (const c of codings) {
          addCoding(layer, textRoom.doc, {
            id: c.id,
            codeId: c.code,
            ...span(c.needle),
            author: coder,
            memo: c.memo ?? '',
            now: '2024-03-01T10:00:00.000Z',
          });
        }
        if (done) setCompleted(layer, true);
      });
    await write(
      ann.user.id,
      [
        {
          id: 'a1',
          code: 'code-loss',
          needle: 'We lost the garden 😢 and the 庭.',
          memo: 'Grief — "garden" & 庭 <both>.',
        },
        { id: 'a2', code: 'code-deep', needle: 'We lost the garden 😢 and the 庭.' },
        { id: 'a3', code: 'code-hope', needle: 'Hope, 希望 🌱.' },
      ],
      true,
    );
    await write(
      bo.user.id,
      [
        { id: 'b1', code: 'code-loss', needle: 'lost the garden 😢' },
        { id: 'b2', code: 'theme-work', needle: '病院の話。' },
      ],
      false,
    );
    await write(
      CONSENSUS,
      [{ id: 'c1', code: 'code-loss', needle: 'We lost the garden 😢 and the 庭.', memo: 'Agreed.' }],
      true,
    );
  });
  await server.app.registry.change(roomName.layer(second.id, bo.user.id), (layer) =>
    setCompleted(layer, true),
  );
  return { project, coders: [ann.user, bo.user] };
}

describe('REFI-QDA export', () => {
  let built: Awaited<ReturnType<typeof buildProject>>;
  let archive: Map<string, Buffer>;

  beforeAll(async () => {
    built = await buildProject();
    const res = await download(server, `/api/projects/${built.project.id}/export/qdpx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="ward-7.qdpx"/);
    archive = await unzip(res.body);
  });

  it('writes project.qde valid against Project-mrt2019.xsd, sources in sources/', async () => {
    const qde = archive.get('project.qde')!.toString('utf8');
    expect(await xmllint(qde)).toEqual({ ok: true, output: expect.stringContaining('validates') });
    const sources = [...archive.keys()].filter((k) => k.startsWith('sources/'));
    expect(sources).toHaveLength(2);
    for (const name of sources)
      expect(qde).toContain(`plainTextPath="internal://${name.slice('sources/'.length)}"`);
  });

  it('makes each coder a User, consensus its own, and counts positions in code points', () => {
    const qde = archive.get('project.qde')!.toString('utf8');
    const users = [...qde.matchAll(/<User guid="([^"]+)" name="([^"]+)"(?: id="([^"]+)")?\/>/g)].map((m) => [
      m[2],
      m[3],
    ]);
    expect(users).toEqual(
      expect.arrayContaining([
        ['Ann Coder', built.coders[0]!.id],
        ['Bo Coder', built.coders[1]!.id],
        ['Consensus', 'consensus'],
      ]),
    );
    const source = [...archive.entries()]
      .find(([k, v]) => k.startsWith('sources/') && v.toString('utf8').startsWith('🏥'))![1]
      .toString('utf8');
    const cp = [...source];
    const selections = [...qde.matchAll(/startPosition="(\d+)" endPosition="(\d+)"/g)].map((m) =>
      cp.slice(Number(m[1]), Number(m[2])).join(''),
    );
    expect(selections).toContain('We lost the garden 😢 and the 庭.');
    expect(selections).toContain('Hope, 希望 🌱.');
    expect(selections).toContain('病院の話。');
  });

  it('exports the codebook as .qdc', async () => {
    const res = await download(server, `/api/projects/${built.project.id}/export/qdc`);
    expect(res.status).toBe(200);
    const qdc = res.body.toString('utf8');
    expect(qdc).toMatch(/<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Concord/);
    // The codebook schema's code tree is the project schema's: validate it inside a project.
    const wrapped = qdc
      .replace(/<\?xml[^>]*\?>/, '')
      .replace(
        /<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="[^"]*">/,
        '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><CodeBook>',
      )
      .replace('</CodeBook>', '</CodeBook></Project>');
    expect((await xmllint(wrapped)).ok).toBe(true);
    expect(qdc.match(/<Code /g)).toHaveLength(5);
  });

  it('round-trips: export → import loses nothing REFI carries', async () => {
    const qdpx = await download(server, `/api/projects/${built.project.id}/export/qdpx`);
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'ward.qdpx', data: qdpx.body },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.import).toMatchObject({ format: 'qdpx', codes: 5, codings: 6 });
    // The coders are this server's users: recognised, not created again, and the import says how.
    expect([...res.body.import.warnings].sort()).toEqual([
      'Ann Coder: matched the existing user Ann Coder <ann.coder@test.local> by the Concord user id in the file',
      'Bo Coder: matched the existing user Bo Coder <bo.coder@test.local> by the Concord user id in the file',
    ]);
    expect(res.body.import.coders.map((c) => [c.name, c.created, c.consensus])).toEqual(
      expect.arrayContaining([
        ['Ann Coder', false, false],
        ['Bo Coder', false, false],
        ['Consensus', false, true],
      ]),
    );
    expect(await contents(res.body.id)).toEqual(await contents(built.project.id));
    const members = (
      await server.api<{ userId: string; role: string }[]>('GET', `/api/projects/${res.body.id}/members`)
    ).body;
    expect(members.map((m) => [m.userId, m.role]).sort()).toEqual(
      [
        [server.admin.id, 'owner'],
        [built.coders[0]!.id, 'coder'],
        [built.coders[1]!.id, 'coder'],
      ].sort(),
    );
    // And again: importing the import's export gives the same once more.
    const again = await download(server, `/api/projects/${res.body.id}/export/qdpx`);
    const third = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'again.qdpx', data: again.body },
    ]);
    expect(await contents(third.body.id)).toEqual(await contents(built.project.id));
  });

  it('a coder in a blind round exports their own layer only', async () => {
    await server.api('PATCH', `/api/projects/${built.project.id}`, { blind: true });
    try {
      const ann = await server.app.auth.createApiToken(built.coders[0]!.id, 'export');
      const res = await download(server, `/api/projects/${built.project.id}/export/qdpx`, ann.token);
      expect(res.status).toBe(200);
      const qde = (await unzip(res.body)).get('project.qde')!.toString('utf8');
      expect(qde).toContain('name="Ann Coder"');
      expect(qde).not.toContain('Bo Coder');
      expect(qde).not.toContain('id="consensus"');
    } finally {
      await server.api('PATCH', `/api/projects/${built.project.id}`, { blind: false });
    }
  });
});

const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('REFI-QDA import from other tools', () => {
  it('reads users, nested codes, inline and archived sources, notes, variables and odd selections', async () => {
    const text = 'Q: 你好 👋 How are you?\r\nA: Fine, thanks.';
    const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="From MAXQDA" origin="MAXQDA 2022">
  <Users>
    <User guid="{${GUID(1).toUpperCase()}}" name="Maria"/>
    <User guid="${GUID(2)}" name="Jonas" id="jonas@uni"/>
  </Users>
  <CodeBook><Codes>
    <Code guid="${GUID(10)}" name="Feelings" isCodable="false" color="#F00">
      <Description>Emotions &amp; moods</Description>
      <Code guid="${GUID(11)}" name="Joy" isCodable="true" color="#00ff00"/>
    </Code>
    <Code guid="${GUID(12)}" name="Greeting" isCodable="true"/>
  </Codes></CodeBook>
  <Variables><Variable guid="${GUID(30)}" name="Gender" typeOfVariable="Text"/></Variables>
  <Cases><Case guid="${GUID(40)}" name="Case A"><VariableValue><VariableRef targetGUID="${GUID(30)}"/><TextValue>f</TextValue></VariableValue><SourceRef targetGUID="${GUID(20)}"/></Case></Cases>
  <Sources>
    <TextSource guid="${GUID(20)}" name="Interview 1" plainTextPath="internal://${GUID(20)}.txt">
      <PlainTextSelection guid="${GUID(50)}" startPosition="3" endPosition="8" creatingUser="${GUID(1)}">
        <Coding guid="${GUID(60)}" creatingUser="${GUID(1)}"><CodeRef targetGUID="${GUID(12)}"/><NoteRef targetGUID="${GUID(70)}"/></Coding>
        <Coding guid="${GUID(61)}" creatingUser="${GUID(2)}"><CodeRef targetGUID="${GUID(11)}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="${GUID(51)}" startPosition="30" endPosition="999" creatingUser="${GUID(2)}">
        <Coding guid="${GUID(62)}"><CodeRef targetGUID="${GUID(11)}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="${GUID(52)}" startPosition="0" endPosition="2">
        <Coding guid="${GUID(63)}" creatingUser="${GUID(2)}"><CodeRef targetGUID="${GUID(99)}"/></Coding>
      </PlainTextSelection>
      <NoteRef targetGUID="${GUID(71)}"/>
    </TextSource>
    <TextSource guid="${GUID(21)}" name="Inline"><PlainTextContent>Short &lt;text&gt;.</PlainTextContent></TextSource>
    <PDFSource guid="${GUID(22)}" name="Scan" path="internal://scan.pdf"/>
  </Sources>
  <Notes>
    <Note guid="${GUID(70)}" name="memo"><PlainTextContent>Warm greeting.</PlainTextContent></Note>
    <Note guid="${GUID(71)}" name="doc note"><PlainTextContent>Recorded at home.</PlainTextContent></Note>
    <Note guid="${GUID(72)}" name="loose"><PlainTextContent>Project memo.</PlainTextContent></Note>
  </Notes>
</Project>`;
    const file = await zip({
      'project.qde': qde,
      [`Sources/${GUID(20)}.txt`]: text,
      'Sources/scan.pdf': '%PDF',
    });
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'maxqda.qdpx', data: file },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('From MAXQDA');
    expect(res.body.import.coders.map((c) => [c.name, c.created])).toEqual([
      ['Maria', true],
      ['Jonas', true],
    ]);
    expect(res.body.import.warnings.join('\n')).toMatch(
      /PDF sources without a text <Representation> were left out.*: 1/,
    );
    expect(res.body.import.warnings.join('\n')).toMatch(
      /selections past the end of their document were clipped to it: 1/,
    );
    expect(res.body.import.warnings.join('\n')).toMatch(
      /codings of codes that are not in the codebook were left out: 1/,
    );
    expect(res.body.import.warnings.join('\n')).not.toMatch(/note/i);
    const got = await contents(res.body.id);
    expect(got.codes).toEqual([
      { name: 'Feelings', parent: null, color: '#ff0000', description: 'Emotions & moods' },
      { name: 'Joy', parent: 'Feelings', color: '#00ff00', description: '' },
      { name: 'Greeting', parent: null, color: expect.stringMatching(/^#[0-9a-f]{6}$/), description: '' },
    ]);
    const [interview, inline] = got.documents;
    expect(interview!.text).toBe(text);
    expect(interview!.attributes).toEqual({ Gender: 'f', case: 'Case A' });
    // The source's note is its document memo; the note nothing refers to a project memo; the
    // coding's note stays the coding's memo only.
    const memos = (await server.api<MemoList>('GET', `/api/projects/${res.body.id}/memos`)).body.memos;
    const docs = (await server.api<Document[]>('GET', `/api/projects/${res.body.id}/documents`)).body;
    // Both undated: created at the import, listed in no particular order.
    const byTitle = [...memos].sort((a, b) => a.title.localeCompare(b.title));
    expect(byTitle.map((m) => [m.kind, m.title, m.excerpt, m.links.documents, m.authorId])).toEqual([
      ['document', 'doc note', 'Recorded at home.', [docs[0]!.id], server.admin.id],
      ['project', 'loose', 'Project memo.', [], server.admin.id],
    ]);
    const slice = (s: number, e: number) => [...text].slice(s, e).join('');
    expect(interview!.codings.map((c) => [c.coder, c.code, slice(c.start, c.end), c.memo])).toEqual([
      ['Jonas', 'Joy', '你好 👋 ', ''],
      ['Maria', 'Greeting', '你好 👋 ', 'Warm greeting.'],
      ['Jonas', 'Joy', slice(30, [...text].length), ''],
    ]);
    // Nobody recorded completion: whoever coded in the project rates every document.
    expect(interview!.completed).toEqual(['Jonas', 'Maria']);
    expect(inline).toMatchObject({ title: 'Inline', text: 'Short <text>.', codings: [] });
    const users = (await server.api<User[]>('GET', '/api/users')).body;
    expect(users.find((u) => u.name === 'Maria')).toMatchObject({
      synthetic: false,
      email: expect.stringMatching(/@users\.concord\.invalid$/),
    });
  });

  it('keeps every variable of another tool as its own attribute, whatever its name', async () => {
    const names = ['constructor', '__proto__', 'toString', 'site', ' site ', 'hasOwnProperty'];
    const variables = names.map(
      (n, i) => `<Variable guid="${GUID(30 + i)}" name="${n}" typeOfVariable="Text"/>`,
    );
    const values = names.map(
      (_n, i) =>
        `<VariableValue><VariableRef targetGUID="${GUID(30 + i)}"/><TextValue>val${i}</TextValue></VariableValue>`,
    );
    const file = await zip({
      'project.qde': `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Odd &#x202E;names">
  <Variables>${variables.join('')}</Variables>
  <Cases><Case guid="${GUID(40)}" name="P1">${values.join('')}<SourceRef targetGUID="${GUID(20)}"/></Case></Cases>
  <Sources><TextSource guid="${GUID(20)}" name="Interview"><PlainTextContent>Q: hi</PlainTextContent></TextSource></Sources>
</Project>`,
    });
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'odd.qdpx', data: file },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Odd names');
    const [doc] = (await contents(res.body.id)).documents;
    expect(doc!.attributes).toEqual({
      'constructor (attribute)': 'val0',
      '__proto__ (attribute)': 'val1',
      'toString (attribute)': 'val2',
      site: 'val3',
      'site 2': 'val4',
      'hasOwnProperty (attribute)': 'val5',
      case: 'P1',
    });
  });

  it('decodes sources saved as Windows-1252 or UTF-16, and leaves out empty ones with a warning', async () => {
    const cp1252 = Buffer.from([0x49, 0x74, 0x92, 0x73, 0x20, 0x96, 0x20, 0x93, 0x6f, 0x6b, 0x94]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Q: 你好 \u2019 👋', 'utf16le')]);
    const file = await zip({
      'project.qde': `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Encodings">
  <Sources>
    <TextSource guid="${GUID(20)}" name="Legacy" plainTextPath="internal://legacy.txt"/>
    <TextSource guid="${GUID(21)}" name="Wide" plainTextPath="internal://wide.txt"/>
    <TextSource guid="${GUID(22)}" name="Empty"><PlainTextContent>  </PlainTextContent></TextSource>
  </Sources>
</Project>`,
      'sources/legacy.txt': cp1252,
      'sources/wide.txt': utf16,
    });
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'encodings.qdpx', data: file },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.import.warnings).toEqual(
      expect.arrayContaining([
        'sources/legacy.txt is not UTF-8; it was read as Windows-1252',
        'text sources without any text were left out: 1 (e.g. Empty)',
      ]),
    );
    const got = await contents(res.body.id);
    expect(got.documents.map((d) => [d.title, d.text])).toEqual([
      ['Legacy', 'It\u2019s \u2013 \u201Cok\u201D'],
      ['Wide', 'Q: 你好 \u2019 👋'],
    ]);
  });

  it('keeps code groups through import and export, as sets of codes valid against the schema', async () => {
    const file = await zip({
      'project.qde': `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Groups">
  <CodeBook><Codes><Code guid="${GUID(10)}" name="Bus" isCodable="true"/><Code guid="${GUID(11)}" name="Walk" isCodable="true"/></Codes></CodeBook>
  <Sources><TextSource guid="${GUID(20)}" name="D"><PlainTextContent>Some words.</PlainTextContent></TextSource></Sources>
  <Sets><Set guid="${GUID(60)}" name="Transport"><MemberCode targetGUID="${GUID(10)}"/><MemberCode targetGUID="${GUID(11)}"/></Set></Sets>
</Project>`,
    });
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'groups.qdpx', data: file },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.import.warnings.filter((w) => w.includes('MemberCode'))).toEqual([]);
    const exported = await download(server, `/api/projects/${res.body.id}/export/qdpx`);
    const qde = (await unzip(exported.body)).get('project.qde')!.toString('utf8');
    expect(qde.replace(/>\s+</g, '><')).toContain(
      `name="Transport"><MemberCode targetGUID="${GUID(10)}"/><MemberCode targetGUID="${GUID(11)}"/></Set>`,
    );
    const valid = await xmllint(qde);
    expect(valid.output).not.toMatch(/error/i);
    expect(valid.ok).toBe(true);
  });

  it('imports a .qdc codebook as a new project', async () => {
    const qdc = `<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder"><Codes>
      <Code guid="${GUID(1)}" name="A" isCodable="true" color="#112233"><Code guid="${GUID(2)}" name="A1" isCodable="true"/></Code>
      </Codes></CodeBook>`;
    const res = await upload<ImportedProject>(server, '/api/projects/import', [
      { name: 'Codes v2.qdc', data: qdc },
    ]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Codes v2', import: { format: 'qdc', codes: 2 } });
    expect((await contents(res.body.id)).codes.map((c) => [c.name, c.parent])).toEqual([
      ['A', null],
      ['A1', 'A'],
    ]);
  });

  it('accepts the raw .qdpx as the request body', async () => {
    const file = await zip({
      'project.qde': `<Project xmlns="urn:QDA-XML:project:1.0" name="Raw"><Sources><TextSource guid="${GUID(1)}" name="T"><PlainTextContent>x</PlainTextContent></TextSource></Sources></Project>`,
    });
    const res = await fetch(`${server.http}/api/projects/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/zip' },
      body: new Uint8Array(file),
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      name: 'Raw',
      import: { format: 'qdpx', documents: [{ title: 'T' }] },
    });
  });
});

describe('hostile and broken REFI files are refused, nothing created', () => {
  const projectIds = async () =>
    (await server.api<Project[]>('GET', '/api/projects')).body.map((p) => p.id).sort();
  const refused = async (name: string, data: string | Uint8Array, status: number, message: RegExp) => {
    const before = await projectIds();
    const users = (await server.api<User[]>('GET', '/api/users')).body.length;
    const res = await upload<ErrorBody>(server, '/api/projects/import', [{ name, data }]);
    expect({ status: res.status, message: res.body.error.message }).toEqual({
      status,
      message: expect.stringMatching(message),
    });
    expect(await projectIds()).toEqual(before);
    expect((await server.api<User[]>('GET', '/api/users')).body.length).toBe(users);
  };
  const project = (body: string) =>
    `<Project xmlns="urn:QDA-XML:project:1.0" name="P"><Users><User guid="${GUID(1)}" name="U"/></Users>${body}</Project>`;

  it('a zip bomb: huge expansion of project.qde', async () => {
    const bomb = await zip({ 'project.qde': Buffer.alloc(64 * 1024 * 1024, 0x20) });
    await refused('bomb.qdpx', bomb, 413, /"project\.qde" expands \d+-fold .* possible zip bomb/);
  });

  it('a zip bomb: an entry declaring more than allowed', async () => {
    // A stored entry's size fields patched to claim 4 GiB.
    const archive = Buffer.from(await zip({ 'project.qde': project('') }));
    const central = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    archive.writeUInt32LE(0xfffffffe, central + 24);
    await refused('huge.qdpx', archive, 413, /declares 4096 MiB uncompressed|possible zip bomb/);
  });

  it('a path-traversal entry', async () => {
    const evil = renameEntry(await zip({ 'project.qde': project(''), 'QQ/evil': 'x' }), 'QQ/evil', '../evil');
    await refused('evil.qdpx', evil, 400, /"\.\.\/evil" points outside the archive \(path traversal\)/);
    const nested = renameEntry(
      await zip({ 'project.qde': project(''), 'sources/QQ/QQ/evil.txt': 'x' }),
      'sources/QQ/QQ/evil.txt',
      'sources\\..\\..\\evil.txt',
    );
    await refused(
      'evil2.qdpx',
      nested,
      400,
      /"\.\.\/\.\.\/evil\.txt" points outside the archive|sources\/\.\.\/\.\.\/evil\.txt/,
    );
    const absolute = renameEntry(
      await zip({ 'project.qde': project(''), 'Qetc/passwd': 'x' }),
      'Qetc/passwd',
      '/etc/passwd',
    );
    await refused('evil3.qdpx', absolute, 400, /"\/etc\/passwd" points outside the archive/);
  });

  it('XML external entities and DOCTYPE declarations', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${project('<Description>&xxe;</Description>')}`;
    await refused(
      'xxe.qdpx',
      await zip({ 'project.qde': xxe }),
      400,
      /DOCTYPE and ENTITY declarations are refused/,
    );
    const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>${project('<Description>&lol2;</Description>')}`;
    await refused('laughs.qdpx', await zip({ 'project.qde': laughs }), 400, /DOCTYPE/);
    await refused(
      'entity.qdpx',
      await zip({ 'project.qde': project('<Description>&nbsp;</Description>') }),
      400,
      /undefined entity &nbsp;/,
    );
    await refused(
      'codes.qdc',
      `<!DOCTYPE x SYSTEM "http://example.org/x.dtd"><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>`,
      400,
      /DOCTYPE/,
    );
  });

  it('a broken zip, broken XML, a wrong root, no project.qde', async () => {
    const good = await zip({ 'project.qde': project('') });
    await refused(
      'cut.qdpx',
      good.subarray(0, good.length - 30),
      400,
      /cut\.qdpx is not a zip archive \(or it is truncated\)/,
    );
    await refused(
      'bad.qdpx',
      await zip({ 'project.qde': '<Project name="x"><Users></Project>' }),
      400,
      /project\.qde is not well-formed XML: .*line 1/,
    );
    await refused(
      'html.qdpx',
      await zip({ 'project.qde': '<html/>' }),
      400,
      /not a REFI-QDA project \(its root is <html>\)/,
    );
    await refused('empty.qdpx', await zip({ 'readme.txt': 'hi' }), 400, /holds no project\.qde/);
    await refused('wrong.qdc', project(''), 400, /is a REFI-QDA project, not a codebook/);
  });

  it('a .qdpx together with other files', async () => {
    const before = await projectIds();
    const res = await upload<ErrorBody>(server, '/api/projects/import', [
      { name: 'a.qdpx', data: await zip({ 'project.qde': project('') }) },
      { name: 'b.txt', data: 'x' },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/imported on its own/);
    expect(await projectIds()).toEqual(before);
  });
});
