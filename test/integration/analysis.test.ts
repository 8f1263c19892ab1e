/**
 * Analysis routes on a small hand-made project, every field against answers worked by hand (the
 * worked example of docs/analysis.md): two wards (site B and C), a theme with two codes, two
 * coders' layers and the consensus, an emoji before the first coding. Real server, real sockets.
 */
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { putCode } from '../../shared/model/codebook.ts';
import { addCoding } from '../../shared/model/layer.ts';
import { CONSENSUS, roomName } from '../../shared/protocol.ts';
import type { Code, Document, Project } from '../../shared/schemas.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { parseCsv } from '../helpers/csv.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download } from '../helpers/transfer.ts';

// Code points: 😀=0, "We"=2-3, "lack"=5-8, "beds"=10-13, '.'=14, "Nurses"=16-21, "cope well."=23-32.
const WARD_A = '😀 We lack beds. Nurses cope well.';
// "Beds"=0-3, "full"=9-12, '.'=13, "Staff"=15-19, "leave."=21-26.
const WARD_B = 'Beds are full. Staff leave.';

const code = (id: string, name: string, parentId: string | null, order: number): Code => ({
  id,
  name,
  parentId,
  color: '#336699',
  description: '',
  order,
});
const CODES = [
  code('res', 'Resources', null, 0),
  code('beds', 'Beds', 'res', 0),
  code('staff', 'Staff', 'res', 1),
];

interface Seg {
  documentId: string;
  documentTitle: string;
  layer: string;
  codeId: string;
  codingId: string;
  start: number;
  end: number;
  text: string;
  before: string;
  after: string;
  memo: string;
  paragraph: number;
  speaker: string | null;
  startMs: number | null;
}

let server: TestServer;
let project: Project;
let wardA: Document;
let wardB: Document;
let one: string;
let two: string;
const clients: Client[] = [];

/** Codes `[id, codeId, start, end, memo?]` (code points) in a layer over real sockets, as `token`. */
async function code_(
  doc: Document,
  layer: string,
  token: string,
  codings: [string, string, number, number, string?][],
) {
  const text = connect(server.ws, roomName.text(doc.id), token);
  const layerClient = connect(server.ws, roomName.layer(doc.id, layer), token);
  clients.push(text, layerClient);
  await Promise.all([text, layerClient].map(synced));
  layerClient.doc.transact(() => {
    for (const [id, codeId, start, end, memo] of codings)
      addCoding(layerClient.doc, text.doc, {
        id,
        codeId,
        start,
        end,
        author: layer,
        now: new Date(0).toISOString(),
        ...(memo ? { memo } : {}),
      });
  });
}

const get = <T>(path: string, token?: string) =>
  server.api<T>('GET', `/api/projects/${project.id}${path}`, undefined, token);

beforeAll(async () => {
  server = await startServer({ config: { liveDebounceMs: 0 } });
  project = (await server.api<Project>('POST', '/api/projects', { name: 'Ward study' })).body;
  const add = async (title: string, text: string, site: string) =>
    (
      await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
        title,
        text,
        attributes: { site },
      })
    ).body;
  wardA = await add('Ward A', WARD_A, 'B');
  wardB = await add('Ward B', WARD_B, 'C');
  const [u1, u2] = await Promise.all([server.user('Coder One'), server.user('Coder Two')]);
  one = u1.user.id;
  two = u2.user.id;
  for (const m of [u1, u2])
    await server.api('POST', `/api/projects/${project.id}/members`, { userId: m.user.id, role: 'coder' });
  await server.app.registry.change(roomName.codebook(project.id), (doc) => {
    for (const c of CODES) putCode(doc, c);
  });
  await code_(wardA, one, u1.token, [
    ['a1', 'beds', 2, 15, 'shortage'],
    ['a2', 'staff', 10, 22],
    ['a3', 'res', 16, 33],
  ]);
  await code_(wardA, two, u2.token, [
    ['b1', 'beds', 10, 14],
    ['b2', 'staff', 16, 22],
  ]);
  await code_(wardB, one, u1.token, [
    ['d1', 'beds', 0, 14],
    ['d2', 'staff', 15, 27],
    ['d3', 'beds', 9, 13],
  ]);
  await code_(wardB, two, u2.token, [['e1', 'staff', 15, 20]]);
  await code_(wardA, CONSENSUS, server.token, [['k1', 'beds', 10, 14, 'agreed']]);
  // Every coding is on the server once the retrieval holds all ten.
  await vi.waitFor(async () => expect((await get<{ total: number }>('/segments')).body.total).toBe(10));
});
afterAll(async () => {
  closeAll(clients);
  await server.destroy();
});

/** The hand-worked segments, by coding id. */
function expected(): Record<string, Seg> {
  // Each ward is one paragraph, with no speaker and no timeline.
  const a = { documentId: wardA.id, documentTitle: 'Ward A', paragraph: 1, speaker: null, startMs: null };
  const b = { documentId: wardB.id, documentTitle: 'Ward B', paragraph: 1, speaker: null, startMs: null };
  return {
    a1: {
      ...a,
      layer: one,
      codeId: 'beds',
      codingId: 'a1',
      start: 2,
      end: 15,
      text: 'We lack beds.',
      before: '😀 ',
      after: ' Nurses cope well.',
      memo: 'shortage',
    },
    a2: {
      ...a,
      layer: one,
      codeId: 'staff',
      codingId: 'a2',
      start: 10,
      end: 22,
      text: 'beds. Nurses',
      before: '😀 We lack ',
      after: ' cope well.',
      memo: '',
    },
    a3: {
      ...a,
      layer: one,
      codeId: 'res',
      codingId: 'a3',
      start: 16,
      end: 33,
      text: 'Nurses cope well.',
      before: '😀 We lack beds. ',
      after: '',
      memo: '',
    },
    b1: {
      ...a,
      layer: two,
      codeId: 'beds',
      codingId: 'b1',
      start: 10,
      end: 14,
      text: 'beds',
      before: '😀 We lack ',
      after: '. Nurses cope well.',
      memo: '',
    },
    b2: {
      ...a,
      layer: two,
      codeId: 'staff',
      codingId: 'b2',
      start: 16,
      end: 22,
      text: 'Nurses',
      before: '😀 We lack beds. ',
      after: ' cope well.',
      memo: '',
    },
    k1: {
      ...a,
      layer: CONSENSUS,
      codeId: 'beds',
      codingId: 'k1',
      start: 10,
      end: 14,
      text: 'beds',
      before: '😀 We lack ',
      after: '. Nurses cope well.',
      memo: 'agreed',
    },
    d1: {
      ...b,
      layer: one,
      codeId: 'beds',
      codingId: 'd1',
      start: 0,
      end: 14,
      text: 'Beds are full.',
      before: '',
      after: ' Staff leave.',
      memo: '',
    },
    d2: {
      ...b,
      layer: one,
      codeId: 'staff',
      codingId: 'd2',
      start: 15,
      end: 27,
      text: 'Staff leave.',
      before: 'Beds are full. ',
      after: '',
      memo: '',
    },
    d3: {
      ...b,
      layer: one,
      codeId: 'beds',
      codingId: 'd3',
      start: 9,
      end: 13,
      text: 'full',
      before: 'Beds are ',
      after: '. Staff leave.',
      memo: '',
    },
    e1: {
      ...b,
      layer: two,
      codeId: 'staff',
      codingId: 'e1',
      start: 15,
      end: 20,
      text: 'Staff',
      before: 'Beds are full. ',
      after: ' leave.',
      memo: '',
    },
  };
}

/** The documented order: document as listed, start, layer key, end. */
function ordered(ids: string[]): Seg[] {
  const all = expected();
  const docOrder = [wardA.id, wardB.id];
  return ids
    .map((id) => all[id]!)
    .sort(
      (x, y) =>
        docOrder.indexOf(x.documentId) - docOrder.indexOf(y.documentId) ||
        x.start - y.start ||
        (x.layer < y.layer ? -1 : x.layer > y.layer ? 1 : 0) ||
        x.end - y.end,
    );
}

describe('GET /segments', () => {
  it('retrieves a theme with its codes in every layer, every field as worked by hand', async () => {
    const res = await get<{ segments: Seg[]; total: number }>('/segments?code=res');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      segments: ordered(['a1', 'a2', 'a3', 'b1', 'b2', 'k1', 'd1', 'd2', 'd3', 'e1']),
      total: 10,
    });
  });

  it('gives text equal to the stored text at the code-point positions', async () => {
    const { body } = await get<{ segments: Seg[] }>('/segments');
    for (const s of body.segments) {
      const stored = (s.documentId === wardA.id ? [...WARD_A] : [...WARD_B]).join('');
      const points = [...stored];
      expect(s.text).toBe(points.slice(s.start, s.end).join(''));
      expect(s.before).toBe(points.slice(Math.max(0, s.start - 200), s.start).join(''));
      expect(s.after).toBe(points.slice(s.end, s.end + 200).join(''));
    }
  });

  it('takes the theme alone with children=false, and repeatable codes', async () => {
    expect((await get<{ segments: Seg[] }>('/segments?code=res&children=false')).body.segments).toEqual(
      ordered(['a3']),
    );
    expect((await get<{ total: number }>('/segments?code=beds&code=staff')).body.total).toBe(9);
  });

  it('filters by attribute, document and layer (consensus included)', async () => {
    expect((await get<{ segments: Seg[] }>('/segments?attribute=site:C')).body.segments).toEqual(
      ordered(['d1', 'd2', 'd3', 'e1']),
    );
    expect((await get<{ total: number }>('/segments?attribute=site:B&attribute=site:C')).body.total).toBe(0);
    expect(
      (await get<{ segments: Seg[] }>(`/segments?document=${wardB.id}&layer=${two}`)).body.segments,
    ).toEqual(ordered(['e1']));
    expect((await get<{ segments: Seg[] }>('/segments?layer=consensus')).body.segments).toEqual(
      ordered(['k1']),
    );
    expect(
      (await get<{ segments: Seg[] }>(`/segments?layer=${two}&layer=consensus&code=beds`)).body.segments,
    ).toEqual(ordered(['b1', 'k1']));
  });

  it('pages with limit and offset; total counts every match', async () => {
    const res = await get<{ segments: Seg[]; total: number }>('/segments?limit=3&offset=2');
    const all = ordered(['a1', 'a2', 'a3', 'b1', 'b2', 'k1', 'd1', 'd2', 'd3', 'e1']);
    expect(res.body).toEqual({ segments: all.slice(2, 5), total: 10 });
  });

  it('answers 400 at the field for unknown codes, documents and bad parameters', async () => {
    const unknown = await get<{ error: { code: string; message: string; issues: { path: string[] }[] } }>(
      '/segments?code=beds&code=nope',
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      code: 'validation',
      message: expect.stringContaining('nope'),
    });
    expect(unknown.body.error.issues[0]!.path).toEqual(['code']);
    const doc = await get<{ error: { issues: { path: string[] }[] } }>('/segments?document=missing');
    expect([doc.status, doc.body.error.issues[0]!.path]).toEqual([400, ['document']]);
    for (const bad of ['kind=bogus', 'kind=segments&code=nope', 'kind=matrix&columns=coders']) {
      const res = await get<{ error: { code: string } }>(`/analysis/events?${bad}`);
      expect([res.status, res.body.error.code], bad).toEqual([400, 'validation']);
    }
    for (const bad of ['children=maybe', 'limit=0', 'offset=-1', 'attribute=site', 'layer=a%20b']) {
      const res = await get<{ error: { code: string; issues: { path: string[] }[] } }>(`/segments?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.issues[0]!.path[0], bad).toBe(bad.split('=')[0]);
    }
  });
});

describe('GET /cooccurrence', () => {
  it('counts overlapping pairs of different codes in one layer; the diagonal counts codings', async () => {
    // Coder One: a1∩a2 = [10,15) beds–staff; a2∩a3 = [16,22) staff–Resources; d1 and d3 are both
    // beds (not a co-occurrence); a1 [2,15) and a3 [16,33), d1 [0,14) and d2 [15,27) share nothing.
    const res = await get(`/cooccurrence?layer=${one}`);
    expect(res.body).toEqual({
      codes: ['res', 'beds', 'staff'],
      counts: [
        [1, 0, 1],
        [0, 3, 1],
        [1, 1, 2],
      ],
    });
    expect((await get(`/cooccurrence?layer=${two}&code=beds&code=staff`)).body).toEqual({
      codes: ['beds', 'staff'],
      counts: [
        [1, 0],
        [0, 2],
      ],
    });
  });

  it("defaults to the caller's own layer and refuses two layers", async () => {
    // The administrator coded nothing in a layer of their own.
    expect((await get<{ counts: number[][] }>('/cooccurrence')).body.counts).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect((await get(`/cooccurrence?layer=${one}&layer=${two}`)).status).toBe(400);
  });
});

describe('GET /matrix', () => {
  it('counts codings of exactly each code per document, and in how many documents', async () => {
    const cell = (codings: number, documents: number) => ({ codings, documents });
    expect((await get(`/matrix?layer=${one}`)).body).toEqual({
      rows: ['res', 'beds', 'staff'],
      columns: [
        { key: wardA.id, label: 'Ward A' },
        { key: wardB.id, label: 'Ward B' },
      ],
      cells: [
        [cell(1, 1), cell(0, 0)],
        [cell(1, 1), cell(2, 1)],
        [cell(1, 1), cell(1, 1)],
      ],
    });
    expect((await get(`/matrix?layer=${two}&columns=attribute:site`)).body).toEqual({
      rows: ['res', 'beds', 'staff'],
      columns: [
        { key: 'B', label: 'B' },
        { key: 'C', label: 'C' },
      ],
      cells: [
        [cell(0, 0), cell(0, 0)],
        [cell(1, 1), cell(0, 0)],
        [cell(1, 1), cell(1, 1)],
      ],
    });
    expect((await get('/matrix?layer=consensus&code=beds&children=false')).body).toMatchObject({
      rows: ['beds'],
      cells: [[cell(1, 1), cell(0, 0)]],
    });
  });

  it('answers 400 for columns it does not know', async () => {
    const res = await get<{ error: { issues: { path: string[] }[] } }>('/matrix?columns=coders');
    expect([res.status, res.body.error.issues[0]!.path]).toEqual([400, ['columns']]);
  });
});

describe('exports', () => {
  it('writes the retrieval as CSV that parses back to the segments, with names and citations', async () => {
    const res = await download(server, `/api/projects/${project.id}/segments/export?format=csv&code=beds`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="ward-study-retrieval.csv"');
    const [header, ...rows] = parseCsv(res.body.toString('utf8'));
    expect(header).toEqual([
      'document_id',
      'document_title',
      'paragraph',
      'speaker',
      'layer',
      'layer_name',
      'code_id',
      'code_name',
      'code_path',
      'coding_id',
      'start',
      'end',
      'text',
      'before',
      'after',
      'memo',
    ]);
    const want = ordered(['a1', 'b1', 'k1', 'd1', 'd3']);
    expect(rows).toHaveLength(want.length);
    const names: Record<string, string> = { [one]: 'Coder One', [two]: 'Coder Two', consensus: 'Consensus' };
    rows.forEach((row, i) => {
      const s = want[i]!;
      expect(row).toEqual([
        s.documentId,
        s.documentTitle,
        '1',
        '',
        s.layer,
        names[s.layer],
        'beds',
        'Beds',
        'Resources › Beds',
        s.codingId,
        String(s.start),
        String(s.end),
        s.text,
        s.before,
        s.after,
        s.memo,
      ]);
    });
  });

  it('writes the retrieval as Markdown and Word holding each quote and its citation', async () => {
    const md = await download(
      server,
      `/api/projects/${project.id}/segments/export?format=md&code=staff&layer=${one}`,
    );
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    const text = md.body.toString('utf8');
    expect(text).toContain('“beds. Nurses” (Ward A, ¶1)');
    expect(text).toContain('“Staff leave.” (Ward B, ¶1)');
    expect(text).toContain('Resources › Staff — Coder One');
    expect(text.split('\n')[0]).toBe(
      '# Coded retrieval — Ward study (Resources › Staff, coded by Coder One): 2 passages',
    );
    const docx = await download(server, `/api/projects/${project.id}/segments/export?format=docx&code=beds`);
    expect(docx.headers.get('content-disposition')).toBe('attachment; filename="ward-study-retrieval.docx"');
    const word = (await mammoth.extractRawText({ buffer: docx.body })).value;
    expect(word).toContain('“We lack beds.” (Ward A, ¶1)');
    expect(word).toContain('“Beds are full.” (Ward B, ¶1)');
    expect(word).toContain('Memo: shortage');
  });

  it('writes the matrix as long-format CSV, one row per code and column', async () => {
    const res = await download(server, `/api/projects/${project.id}/matrix/export?format=csv&layer=${one}`);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="ward-study-matrix-coder-one.csv"',
    );
    const L = [one, 'Coder One'];
    expect(parseCsv(res.body.toString('utf8'))).toEqual([
      [
        'layer',
        'layer_name',
        'code_id',
        'code_name',
        'code_path',
        'column_key',
        'column_label',
        'codings',
        'documents',
      ],
      [...L, 'res', 'Resources', 'Resources', wardA.id, 'Ward A', '1', '1'],
      [...L, 'res', 'Resources', 'Resources', wardB.id, 'Ward B', '0', '0'],
      [...L, 'beds', 'Beds', 'Resources › Beds', wardA.id, 'Ward A', '1', '1'],
      [...L, 'beds', 'Beds', 'Resources › Beds', wardB.id, 'Ward B', '2', '1'],
      [...L, 'staff', 'Staff', 'Resources › Staff', wardA.id, 'Ward A', '1', '1'],
      [...L, 'staff', 'Staff', 'Resources › Staff', wardB.id, 'Ward B', '1', '1'],
    ]);
  });
});
