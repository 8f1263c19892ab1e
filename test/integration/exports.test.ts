/**
 * Exports over real HTTP on the demo project: the tidy codings table (CSV and XLSX), the
 * illustrative-quotes table (Markdown, HTML, Word) reproducing the study's Table 2, and the
 * agreement report (HTML, CSV, JSON); and what a coder in a blind round may export.
 */
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childNamed, childrenNamed, parseXml, type XmlElement } from '../../shared/interchange/xml.ts';
import type { Code, Project } from '../../shared/schemas.ts';
import { readExcerpts } from '../../server/demo/demoData.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download, unzipEntries } from '../helpers/transfer.ts';
import { parseCsv } from '../helpers/csv.ts';

let server: TestServer;
let demo: Project;
let authors: { id: string; token: string };
let synthetic: { id: string; token: string };

beforeAll(async () => {
  server = await startServer();
  const loaded = await server.loadDemo();
  demo = loaded.project;
  authors = loaded.members.find((m) => m.name === 'Study authors')!;
  synthetic = loaded.members.find((m) => m.name.startsWith('Synthetic'))!;
});
afterAll(async () => {
  await server.destroy();
});

/** The first sheet of a workbook as rows of cell texts. */
async function readXlsx(data: Buffer): Promise<string[][]> {
  const files = await unzipEntries(data);
  const text = (e: XmlElement): string => e.text + e.children.map(text).join('');
  const shared = files.has('xl/sharedStrings.xml')
    ? childrenNamed(parseXml(files.get('xl/sharedStrings.xml')!, 'sharedStrings'), 'si').map(text)
    : [];
  const sheet = parseXml(files.get('xl/worksheets/sheet1.xml')!, 'sheet1');
  // Empty cells are not written: place each by its reference ("C7" is the third column).
  const column = (ref: string) =>
    [...ref.replace(/\d+$/, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const rows = childrenNamed(childNamed(sheet, 'sheetData')!, 'row').map((row) => {
    const cells: string[] = [];
    for (const c of childrenNamed(row, 'c')) {
      const value = childNamed(c, 'v')?.text ?? '';
      cells[column(c.attributes.r!)] =
        c.attributes.t === 's'
          ? shared[Number(value)]!
          : c.attributes.t === 'inlineStr'
            ? text(childNamed(c, 'is')!)
            : value;
    }
    return cells;
  });
  const width = rows[0]?.length ?? 0;
  return rows.map((cells) => Array.from({ length: width }, (_, i) => cells[i] ?? ''));
}

describe('codings table', () => {
  it('CSV: one tidy row per coding with attributes, code path, span, text', async () => {
    const res = await download(server, `/api/projects/${demo.id}/export/codings.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(
      /filename="clinical-leaders-in-integrated-care-governance-demo-codings\.csv"/,
    );
    const [header, ...rows] = parseCsv(res.body.toString('utf8'));
    expect(header).toEqual([
      'coding_id',
      'document_id',
      'document',
      'site',
      'source',
      'coder_id',
      'coder',
      'code_id',
      'code',
      'code_path',
      'start',
      'end',
      'text',
      'memo',
      'created',
    ]);
    const col = (name: string) => header!.indexOf(name);
    const byAuthors = rows.filter((r) => r[col('coder')] === 'Study authors');
    expect(byAuthors).toHaveLength(readExcerpts().length);
    for (const excerpt of readExcerpts()) {
      const row = byAuthors.find((r) => r[col('text')] === excerpt.text);
      expect(row).toBeDefined();
      expect(row![col('site')]).toBe(excerpt.site);
      expect(row![col('source')]).toBe(excerpt.source);
      expect(row![col('code_path')]).toBe(`${excerpt.theme} › ${excerpt.code}`);
      expect(Number(row![col('end')]) - Number(row![col('start')])).toBe([...excerpt.text].length);
    }
    expect(rows.some((r) => r[col('coder')] === 'Synthetic coder (generated)')).toBe(true);
  });

  it('XLSX holds the same table as the CSV', async () => {
    const [csv, xlsx] = await Promise.all([
      download(server, `/api/projects/${demo.id}/export/codings.csv?layer=${authors.id}`),
      download(server, `/api/projects/${demo.id}/export/codings.xlsx?layer=${authors.id}`),
    ]);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const expected = parseCsv(csv.body.toString('utf8'));
    expect(expected.length).toBe(readExcerpts().length + 1);
    expect(await readXlsx(xlsx.body)).toEqual(expected);
  });

  it('refuses an unknown layer with the layers it knows', async () => {
    const res = await server.api<{ error: { message: string } }>(
      'GET',
      `/api/projects/${demo.id}/export/codings.csv?layer=nobody`,
    );
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/no layer 'nobody' in this project; layers: .*Study authors/);
  });
});

describe('illustrative quotes', () => {
  const excerpts = readExcerpts();
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

  it("reproduces the study's Table 2 from the study authors' layer (Markdown)", async () => {
    const res = await download(
      server,
      `/api/projects/${demo.id}/export/quotes?format=md&layer=${authors.id}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const md = res.body.toString('utf8');
    expect(md).toContain('| Theme | Code | Illustrative quotes |');
    const rows = md
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Theme') && !l.startsWith('| ---'))
      .map((l) => l.slice(2, -2).split(/(?<!\\) \| /));
    // Cells as a reader sees them: backslash escapes and entities resolved.
    const plain = (cell: string) =>
      cell.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    let theme = '';
    const table = rows.map(([t, code, quotes]) => {
      if (t) theme = plain(t);
      return { theme, code: plain(code!), quotes: quotes!.split('<br><br>').map(plain) };
    });
    // Themes and codes in the paper's order.
    const paper = [...new Map(excerpts.map((e) => [`${e.theme}|${e.code}`, e])).values()];
    expect(table.map((r) => [r.theme, r.code])).toEqual(paper.map((e) => [e.theme, e.code]));
    // Each code's quotes are the paper's, with their attribution and paragraph: the demo puts each
    // excerpt of a site and source in a paragraph of its own, in the table's order.
    const paragraph = (e: (typeof excerpts)[number]) =>
      excerpts.filter((x) => x.site === e.site && x.source === e.source).indexOf(e) + 1;
    for (const row of table) {
      const expected = excerpts
        .filter((e) => e.code === row.code)
        .map((e) => `“${squash(e.text)}” (${e.site} · ${e.source}, ¶${paragraph(e)})`)
        .sort();
      expect([...row.quotes].sort()).toEqual(expected);
    }
    expect(md).toContain('CC BY 4.0');
  });

  it('cites each quote by the paragraph number the coding view shows', async () => {
    // "Site B · P3" holds two excerpts, two paragraphs: the second ("Now data is never going to be
    // perfect…", Translation of strategy) is paragraph 2 of its transcript, with no speaker turn.
    const second = excerpts.filter((e) => e.site === 'Site B' && e.source === 'P3')[1]!;
    expect(second.text.startsWith('Now data is never going to be perfect')).toBe(true);
    const cited = `“${squash(second.text)}” (Site B · P3, ¶2)`;
    for (const format of ['html', 'docx'] as const) {
      const res = await download(
        server,
        `/api/projects/${demo.id}/export/quotes?format=${format}&layer=${authors.id}`,
      );
      const text =
        format === 'docx'
          ? (await mammoth.extractRawText({ buffer: res.body })).value
          : res.body
              .toString('utf8')
              .replace(/<[^>]+>/g, '')
              .replace(/&#39;/g, "'")
              .replace(/&quot;/g, '"')
              .replace(/&lt;/g, '<')
              .replace(/&gt;/g, '>')
              .replace(/&amp;/g, '&');
      expect(text.replace(/\s+/g, ' ')).toContain(cited);
    }
  });

  it('HTML and Word carry the same table', async () => {
    const html = (
      await download(server, `/api/projects/${demo.id}/export/quotes?format=html&layer=${authors.id}`)
    ).body.toString('utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<th scope="rowgroup" rowspan="3">Analytical contribution</th>');
    const docx = await download(
      server,
      `/api/projects/${demo.id}/export/quotes?format=docx&layer=${authors.id}`,
    );
    expect(docx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const word = (await mammoth.extractRawText({ buffer: docx.body })).value;
    for (const e of excerpts) {
      expect(html).toContain(`(${e.site} · ${e.source}, ¶`);
      expect(word).toContain(`“${squash(e.text)}”`);
    }
    for (const theme of new Set(excerpts.map((e) => e.theme))) expect(word).toContain(theme);
    expect(word).toContain(
      'Illustrative quotes by theme and code — Clinical leaders in integrated care governance (demo) (coding by Study authors)',
    );
  });

  it('lists as quotable only the layers with codings: coders who coded, no empty consensus', async () => {
    const listed = await server.api<{ layers: { id: string; name: string; codings: number }[] }>(
      'GET',
      `/api/projects/${demo.id}/export/layers`,
    );
    expect(listed.status).toBe(200);
    // The demo's owner never coded and nobody has reached consensus yet; each excerpt is one of
    // the study authors' codings.
    expect(listed.body.layers.map((l) => [l.id, l.name])).toEqual([
      [authors.id, 'Study authors'],
      [synthetic.id, 'Synthetic coder (generated)'],
    ]);
    expect(listed.body.layers[0]!.codings).toBe(excerpts.length);
    expect(listed.body.layers[1]!.codings).toBeGreaterThan(0);
  });

  it('needs a layer, and a known one', async () => {
    const missing = await server.api<{ error: { code: string } }>(
      'GET',
      `/api/projects/${demo.id}/export/quotes?format=md`,
    );
    expect(missing.status).toBe(400);
    const format = await server.api<{ error: { code: string } }>(
      'GET',
      `/api/projects/${demo.id}/export/quotes?format=pdf&layer=${authors.id}`,
    );
    expect(format.status).toBe(400);
  });
});

describe('agreement report', () => {
  it('JSON states unit, measures, n, CIs, when and on which state', async () => {
    const res = await download(server, `/api/projects/${demo.id}/export/agreement?format=json&ci=50&seed=3`);
    expect(res.status).toBe(200);
    const report = JSON.parse(res.body.toString('utf8')) as Record<string, unknown> & {
      report: {
        unit: string;
        unitDescription: string;
        codes: {
          units: number;
          krippendorffAlpha: number | null;
          ci?: { krippendorffAlpha?: { lower: number | null; upper: number | null } };
        }[];
        ci: unknown;
      };
      state: Record<string, unknown>;
    };
    expect(report).toMatchObject({
      format: 'concord-agreement-report',
      project: { id: demo.id },
      computedAt: expect.any(String),
      stateFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      query: { unit: 'segment', ci: 50, seed: 3 },
      report: { unit: 'segment', ci: { replicates: 50, seed: 3 } },
    });
    expect(Object.keys(report.state)).toHaveLength(
      new Set(readExcerpts().map((e) => `${e.site}|${e.source}`)).size,
    );
    const first = report.report.codes[0]!;
    expect(first.units).toBeGreaterThan(0);
    // The interval is there and holds the point estimate.
    const interval = first.ci?.krippendorffAlpha;
    if (!interval || interval.lower === null || interval.upper === null || first.krippendorffAlpha === null)
      expect.fail(`no interval for the first code: ${JSON.stringify(first.ci)}`);
    expect(interval.lower).toBeLessThanOrEqual(first.krippendorffAlpha);
    expect(interval.upper).toBeGreaterThanOrEqual(first.krippendorffAlpha);
  });

  it('CSV: one row per figure with n, interval, unit, time and state', async () => {
    const res = await download(server, `/api/projects/${demo.id}/export/agreement?format=csv&ci=50`);
    const [header, ...rows] = parseCsv(res.body.toString('utf8'));
    const col = (name: string) => header!.indexOf(name);
    expect(header).toEqual(
      expect.arrayContaining([
        'measure',
        'value',
        'ci_lower',
        'ci_upper',
        'n',
        'n_of',
        'unit',
        'computed_at',
        'state',
      ]),
    );
    const alpha = rows.find((r) => r[col('scope')] === 'code' && r[col('measure')] === 'krippendorffAlpha')!;
    expect(alpha[col('unit')]).toBe('segment');
    expect(Number(alpha[col('n')])).toBeGreaterThan(0);
    expect(alpha[col('ci_lower')]).not.toBe('');
    const kappa = rows.find((r) => r[col('measure')] === 'cohensKappa')!;
    expect(kappa[col('coder_pair_names')]).toMatch(
      /Study authors × Synthetic coder \(generated\)|Synthetic coder \(generated\) × Study authors/,
    );
    expect(new Set(rows.map((r) => r[col('state')])).size).toBe(1);
  });

  it("CSV and HTML carry Gwet's AC1 beside κ, Holsti's CR and the kappa-paradox explanation", async () => {
    const csv = await download(server, `/api/projects/${demo.id}/export/agreement?format=csv&ci=50&seed=5`);
    const [header, ...rows] = parseCsv(csv.body.toString('utf8'));
    const col = (name: string) => header!.indexOf(name);
    const ac1 = rows.filter((r) => r[col('scope')] === 'code' && r[col('measure')] === 'gwetAC1');
    expect(ac1.length).toBeGreaterThan(0);
    const rare = ac1.find((r) => r[col('name')]!.endsWith('Reviewing and presenting evidence'));
    if (!rare) expect.fail('no AC1 row for the rare code');
    // The same figure the report serves (worked by hand in demoAgreement.test.ts: 1922/2234).
    expect(Number(rare[col('value')])).toBeCloseTo(1922 / 2234, 9);
    expect(Number(rare[col('ci_lower')])).toBeLessThanOrEqual(1922 / 2234);
    expect(Number(rare[col('ci_upper')])).toBeGreaterThanOrEqual(1922 / 2234);
    const holsti = rows.find((r) => r[col('scope')] === 'overall' && r[col('measure')] === 'holsti');
    expect(Number(holsti?.[col('value')])).toBeGreaterThan(0);
    expect(rows.some((r) => r[col('measure')] === 'gwetAC1ByPair' && r[col('coder_pair')] !== '')).toBe(true);

    const html = (
      await download(server, `/api/projects/${demo.id}/export/agreement?format=html&ci=0`)
    ).body.toString('utf8');
    expect(html).toContain('<th scope="col">Gwet\'s AC1</th>');
    expect(html).toContain('<h3>High agreement but low κ</h3>');
    expect(html).toMatch(
      /Reviewing and presenting evidence<\/strong>: High agreement but low κ: 88\.5% agreement/,
    );
  });

  it('HTML: a printable page with the heatmap and the per-code table', async () => {
    const res = await download(
      server,
      `/api/projects/${demo.id}/export/agreement?format=html&unit=segment&segments=paragraph`,
    );
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = res.body.toString('utf8');
    expect(html).toContain('<dt>Unit of analysis</dt>');
    expect(html).toContain('class="heat"');
    expect(html).toContain("Cohen's κ<br>");
    // Provenance in words, the machine reference kept for whoever reproduces the figures.
    expect(html).toMatch(
      /Computed on the project as it was at \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC; reproducible from the stored history \(reference <code>[0-9a-f]{16}<\/code>/,
    );
    expect(html).not.toMatch(/fingerprint|log positions|\d+ rooms/);
    expect(html).toContain('@media print');
    const codes = (await server.api<Code[]>('GET', `/api/projects/${demo.id}/codebook`)).body;
    for (const code of codes.filter((c) => c.parentId !== null)) expect(html).toContain(code.name);
  });
});

describe('a coder in a blind round', () => {
  beforeAll(async () => {
    await server.api('PATCH', `/api/projects/${demo.id}`, { blind: true });
  });
  afterAll(async () => {
    await server.api('PATCH', `/api/projects/${demo.id}`, { blind: false });
  });

  it('exports their own layer only', async () => {
    const csv = await download(server, `/api/projects/${demo.id}/export/codings.csv`, synthetic.token);
    const [header, ...rows] = parseCsv(csv.body.toString('utf8'));
    expect(new Set(rows.map((r) => r[header!.indexOf('coder')]))).toEqual(
      new Set(['Synthetic coder (generated)']),
    );
    const own = await download(
      server,
      `/api/projects/${demo.id}/export/quotes?layer=${synthetic.id}`,
      synthetic.token,
    );
    expect(own.status).toBe(200);
    const other = await download(
      server,
      `/api/projects/${demo.id}/export/quotes?layer=${authors.id}`,
      synthetic.token,
    );
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body.toString('utf8'))).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('is offered their own layer only for quotes', async () => {
    const listed = await server.api<{ layers: { id: string }[] }>(
      'GET',
      `/api/projects/${demo.id}/export/layers`,
      undefined,
      synthetic.token,
    );
    expect(listed.body.layers.map((l) => l.id)).toEqual([synthetic.id]);
  });

  it('gets no agreement report while the round is blind', async () => {
    const res = await download(
      server,
      `/api/projects/${demo.id}/export/agreement?format=json&ci=0`,
      synthetic.token,
    );
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({
      error: { code: 'forbidden', message: expect.stringContaining('blind') as string },
    });
  });
});
