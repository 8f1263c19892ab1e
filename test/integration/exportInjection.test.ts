/**
 * Exports are safe to open whatever members typed: a formula planted in a memo, a code name or a
 * title is neutralised in every CSV (codings, agreement report) and stays a text cell in XLSX;
 * Markdown links, images, HTML and line breaks in user text do not become Markdown structure.
 */
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { putCode } from '../../shared/model/codebook.ts';
import { addCoding } from '../../shared/model/layer.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download, unzipEntries } from '../helpers/transfer.ts';
import { parseCsv } from '../helpers/csv.ts';

const FORMULA = '=HYPERLINK("http://x")';
const MEMO = '=HYPERLINK("http://x","memo")';
const THEME = '+SUM(1+1)';
// One line: titles cannot hold line breaks (shared/model/attributes.ts), but may start like a formula.
const TITLE = '@SUM(1) # not a heading | not a cell';
const TEXT = 'Before. | ![x](http://y) [link](http://z) <b>bold</b> `code` *em* www.z.org a@z.org After.';

let server: TestServer;
let project: Project;
let clients: Client[] = [];

beforeAll(async () => {
  server = await startServer();
  project = (await server.api<Project>('POST', '/api/projects', { name: 'Planted' })).body;
  const document = (
    await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
      title: TITLE,
      text: TEXT,
      attributes: { site: '-1+2' },
    })
  ).body;
  const codebook = connect(server.ws, roomName.codebook(project.id), server.token);
  const text = connect(server.ws, roomName.text(document.id), server.token);
  const layer = connect(server.ws, roomName.layer(document.id, server.admin.id), server.token);
  clients = [codebook, text, layer];
  await Promise.all(clients.map(synced));
  putCode(codebook.doc, {
    id: 'theme',
    name: THEME,
    parentId: null,
    color: '#336699',
    description: '',
    order: 0,
  });
  putCode(codebook.doc, {
    id: 'code',
    name: FORMULA,
    parentId: 'theme',
    color: '#993366',
    description: '',
    order: 0,
  });
  addCoding(layer.doc, text.doc, {
    id: 'c1',
    codeId: 'code',
    start: 8,
    end: TEXT.length - ' After.'.length,
    author: server.admin.id,
    memo: MEMO,
    now: '2024-01-01T00:00:00.000Z',
  });
  await vi.waitFor(async () => {
    const res = await download(server, `/api/projects/${project.id}/export/codings.csv`);
    expect(res.body.toString()).toContain('""memo""');
  });
});
afterAll(async () => {
  closeAll(clients);
  await server.destroy();
});

/** Cells a spreadsheet would read as a formula (numbers such as -0.25 are numbers, not formulas). */
const formulaCells = (rows: string[][]) =>
  rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?(e-?\d+)?$/.test(cell));

describe('CSV exports', () => {
  it('codings: formula-like text cells start with an apostrophe, numbers stay numbers', async () => {
    const res = await download(server, `/api/projects/${project.id}/export/codings.csv`);
    expect(res.status).toBe(200);
    const [header, row, ...rest] = parseCsv(res.body.toString('utf8'));
    expect(rest).toEqual([]);
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell('code')).toBe(`'${FORMULA}`);
    expect(cell('memo')).toBe(`'${MEMO}`);
    expect(cell('document')).toBe(`'${TITLE}`);
    expect(cell('code_path')).toBe(`'${THEME} › ${FORMULA}`);
    expect(cell('site')).toBe(`'-1+2`);
    expect(cell('start')).toBe('8');
    expect(formulaCells([header!, row!])).toEqual([]);
  });

  it('agreement report: code names are neutralised too', async () => {
    const res = await download(server, `/api/projects/${project.id}/export/agreement?format=csv&ci=0`);
    expect(res.status).toBe(200);
    const rows = parseCsv(res.body.toString('utf8'));
    const names = rows.map((r) => r[rows[0]!.indexOf('name')]);
    // Codes are named by their path, theme first.
    expect(names).toContain(`'${THEME} › ${FORMULA}`);
    expect(formulaCells(rows)).toEqual([]);
  });
});

describe('XLSX export', () => {
  it('keeps planted formulas as typed text cells, never as formulas', async () => {
    const res = await download(server, `/api/projects/${project.id}/export/codings.xlsx`);
    expect(res.status).toBe(200);
    const files = await unzipEntries(res.body);
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).not.toMatch(/<f[ >]/);
    // Every cell of the data row is a string cell but start and end (numbers).
    const types = [...sheet.matchAll(/<c r="([A-Z]+)2"([^>]*)>/g)].map((m) => /t="(\w+)"/.exec(m[2]!)?.[1]);
    expect(types.filter((t) => t === undefined || t === 'n')).toHaveLength(2);
    const strings = files.get('xl/sharedStrings.xml') ?? sheet;
    expect(strings).toContain(`<t>${MEMO}</t>`);
  });
});

describe('Markdown quotes', () => {
  it('renders user text as text: no link, image, HTML or extra row', async () => {
    const res = await download(
      server,
      `/api/projects/${project.id}/export/quotes?format=md&layer=${server.admin.id}`,
    );
    expect(res.status).toBe(200);
    const md = res.body.toString('utf8');
    const html = await marked.parse(md, { gfm: true });
    expect(html).not.toMatch(/<img|<a |<b>|<code>|<em>|<h1/);
    // One body row, three cells: the theme, the code, the quote with its source.
    const body = /<tbody>([\s\S]*)<\/tbody>/.exec(html)?.[1] ?? '';
    expect(body.match(/<tr>/g)).toHaveLength(1);
    expect(body.match(/<td>/g)).toHaveLength(3);
    const shown = body.replace(/<br>/g, '\n').replace(/<[^>]+>/g, '');
    const unescaped = shown
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    expect(unescaped).toContain(THEME);
    expect(unescaped).toContain(FORMULA);
    expect(unescaped).toContain(`“${TEXT.slice(8, -' After.'.length)}” (${TITLE}, ¶1)`);
  });
});
