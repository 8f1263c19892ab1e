/**
 * Threshold, trajectory and the methods section on a real server: the target set through PATCH,
 * two rounds coded over real y-websocket clients with a codebook revision between them, the
 * trajectory of both, and the methods export in Markdown, HTML and Word whose every figure is read
 * back and compared with the frozen round reports. Coders are refused both while a round is blind.
 */
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { codesMap } from '../../shared/model/codebook.ts';
import { roomName } from '../../shared/protocol.ts';
import { TrajectorySchema, type Round, type Trajectory } from '../../shared/rounds/schemas.ts';
import type { AuditEntry, Document, Project } from '../../shared/schemas.ts';
import type { RoundAgreement } from '../../server/services/RoundService.ts';
import { codeParagraphs, serverPerTest, createStudy, type Member } from '../helpers/rounds.ts';
import { download } from '../helpers/transfer.ts';

const ctx = serverPerTest();

type RoundView = Round & { agreement: RoundAgreement | null };
/** A project “Clinic study” with six documents, coders A and B, a reviewer, and codes k1 and k2. */
async function team() {
  const { project, docs, members } = await createStudy(ctx.server, {
    name: 'Clinic study',
    documents: Array.from({ length: 6 }, (_, i) => ({ title: `Interview ${i + 1}` })),
    team: [
      ['Coder A', 'coder'],
      ['Coder B', 'coder'],
      ['Reviewer', 'reviewer'],
    ],
    codes: [
      { id: 'k1', name: 'Access', parentId: null, color: '#336699', description: '', order: 0 },
      { id: 'k2', name: 'Trust', parentId: null, color: '#993366', description: '', order: 1 },
    ],
  });
  const [a, b, reviewer] = members as [Member, Member, Member];
  return { project, docs, a, b, reviewer };
}

/** Codes `[code, paragraph]` pairs in the coder's own layer over real sockets and marks the document done. */
const code = (docId: string, coder: Member, codings: [string, number][]) =>
  codeParagraphs(ctx, docId, coder, codings);

/** Reads a number as the methods table writes it: ".723", "−.050", "1.000", "84.6%". */
const num = (s: string) => Number(s.replace('\u2212', '-').replace('%', ''));

/** Point and interval of a cell ".723 [.610, .815]" (Markdown escapes the brackets). */
function coefficient(cell: string): { value: number; lower?: number; upper?: number } {
  const m = /^(\S+)(?: \[(\S+), (\S+)\])?$/.exec(cell.replace(/\\/g, ''));
  if (!m) throw new Error(`not a coefficient cell: ${cell}`);
  return m[2] === undefined
    ? { value: num(m[1]!) }
    : { value: num(m[1]!), lower: num(m[2]), upper: num(m[3]!) };
}

/** The rows of the first Markdown table: cells split on unescaped `|`. */
function markdownTable(md: string): { header: string[]; rows: string[][] } {
  const lines = md.split('\n').filter((l) => l.startsWith('| '));
  const cells = (l: string) =>
    l
      .slice(2, -2)
      .split(/(?<!\\) \| /)
      .map((c) => c.replace(/\\(.)/g, '$1'));
  return { header: cells(lines[0]!), rows: lines.slice(2).map(cells) };
}

/** Checks a point-and-interval cell against the frozen figure and its bootstrap interval, to the table's three decimals. */
function expectCoefficient(
  cell: string,
  value: number | null,
  ci: { lower: number | null; upper: number | null } | undefined,
) {
  const parsed = coefficient(cell);
  expect(value).not.toBeNull();
  expect(Math.abs(parsed.value - value!)).toBeLessThanOrEqual(0.0005);
  expect(ci?.lower).toEqual(expect.any(Number));
  expect(Math.abs(parsed.lower! - ci!.lower!)).toBeLessThanOrEqual(0.0005);
  expect(Math.abs(parsed.upper! - ci!.upper!)).toBeLessThanOrEqual(0.0005);
}

describe('the agreement target', () => {
  it('is set and cleared by owners through PATCH, read back with the project, and audited', async () => {
    const { project, reviewer } = await team();
    const path = `/api/projects/${project.id}`;
    expect((await ctx.server.api<Project>('GET', path)).body.target).toBeNull();
    const set = await ctx.server.api<Project>('PATCH', path, {
      target: { measure: 'cohenKappa', value: 0.7 },
    });
    expect(set.status).toBe(200);
    expect(set.body.target).toEqual({ measure: 'cohenKappa', value: 0.7 });
    expect((await ctx.server.api<Project>('GET', path, undefined, reviewer.token)).body.target).toEqual({
      measure: 'cohenKappa',
      value: 0.7,
    });
    // Only owners change settings; the measure is one of four and the value a coefficient.
    expect(
      (await ctx.server.api('PATCH', path, { target: { measure: 'gwetAC1', value: 0.8 } }, reviewer.token))
        .status,
    ).toBe(403);
    expect((await ctx.server.api('PATCH', path, { target: { measure: 'holsti', value: 0.8 } })).status).toBe(
      400,
    );
    expect((await ctx.server.api('PATCH', path, { target: { measure: 'gwetAC1', value: 1.5 } })).status).toBe(
      400,
    );
    expect((await ctx.server.api<Project>('PATCH', path, { target: null })).body.target).toBeNull();
    const audit = await ctx.server.api<AuditEntry[] | { entries: AuditEntry[] }>('GET', `${path}/audit`);
    const entries = Array.isArray(audit.body) ? audit.body : audit.body.entries;
    expect(entries.filter((e) => e.action === 'project.update').map((e) => e.details['target'])).toEqual([
      null,
      { measure: 'cohenKappa', value: 0.7 },
    ]);
  });
});

describe('two rounds with a codebook revision between them', () => {
  it('give a trajectory and a methods section whose every figure equals the frozen reports', async () => {
    const { project, docs, a, b, reviewer } = await team();
    const base = `/api/projects/${project.id}`;
    const [d1, d2, d3, d4] = docs as [Document, Document, Document, Document];
    await ctx.server.api('PATCH', base, { target: { measure: 'cohenKappa', value: 0.7 } });
    const coders = [a.user.id, b.user.id];

    // Round 1, blind: coders are refused the trajectory and the methods section while it runs.
    const r1 = (
      await ctx.server.api<Round>('POST', `${base}/rounds`, {
        name: 'Pilot',
        blind: true,
        coders,
        documents: [d1.id, d2.id],
      })
    ).body;
    await code(d1.id, a, [
      ['k1', 0],
      ['k1', 1],
      ['k2', 2],
    ]);
    await code(d1.id, b, [
      ['k1', 0],
      ['k2', 2],
    ]);
    await code(d2.id, a, [
      ['k1', 0],
      ['k2', 1],
    ]);
    await code(d2.id, b, [
      ['k1', 0],
      ['k1', 2],
      ['k2', 1],
      ['k2', 2],
    ]);
    for (const path of [`${base}/rounds/trajectory`, `${base}/export/methods?format=md`]) {
      const refused = await ctx.server.api<{ error: { code: string } }>('GET', path, undefined, a.token);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }
    const live = await ctx.server.api<Trajectory>(
      'GET',
      `${base}/rounds/trajectory`,
      undefined,
      reviewer.token,
    );
    expect(live.status).toBe(200);
    expect(live.body.rounds.map((r) => [r.name, r.status])).toEqual([['Pilot', 'open']]);

    const closed1 = (await ctx.server.api<RoundView>('POST', `${base}/rounds/${r1.id}/close?ci=200&seed=5`))
      .body;
    // A reviewer settles one disagreement region into the consensus; the codebook is revised.
    const settled = await ctx.server.api(
      'POST',
      `${base}/reviews`,
      {
        documentId: d1.id,
        region: 'r-15',
        start: 15,
        end: 21,
        codes: ['k1'],
        decision: { kind: 'accept', coders: [a.user.id] },
      },
      reviewer.token,
    );
    expect(settled.status).toBe(204);
    await ctx.server.app.registry.change(roomName.codebook(project.id), (doc) => {
      codesMap(doc).get('k2')!.set('name', 'Trust in clinicians');
    });

    // Round 2, not blind, left open: the trajectory shows it live after the frozen pilot.
    const r2 = (
      await ctx.server.api<Round>('POST', `${base}/rounds`, {
        name: 'Second',
        blind: false,
        coders,
        documents: [d3.id, d4.id],
      })
    ).body;
    await code(d3.id, a, [
      ['k1', 0],
      ['k2', 1],
    ]);
    await code(d3.id, b, [
      ['k1', 0],
      ['k2', 1],
    ]);
    await code(d4.id, a, [
      ['k1', 2],
      ['k2', 0],
    ]);
    await code(d4.id, b, [['k1', 2]]);
    const traj = await ctx.server.api<Trajectory>('GET', `${base}/rounds/trajectory`, undefined, a.token);
    expect(traj.status).toBe(200);
    expect(traj.body.target).toEqual({ measure: 'cohenKappa', value: 0.7 });
    expect(TrajectorySchema.parse(traj.body)).toEqual(traj.body);
    const [t1, t2] = traj.body.rounds as [Trajectory['rounds'][0], Trajectory['rounds'][0]];
    expect([t1.status, t2.status]).toEqual(['closed', 'open']);
    expect(t1).toMatchObject({
      id: r1.id,
      blind: true,
      documents: 2,
      coders: 2,
      codebookChangesBefore: null,
    });
    const frozen1 = closed1.agreement!.report;
    const pair = [...coders].sort().join('|');
    expect(t1.pooled).toEqual({
      cohenKappa: frozen1.overall.pooledKappa,
      krippendorffAlpha: frozen1.overall.krippendorffAlpha,
      gwetAC1: frozen1.overall.gwetAC1,
      percentAgreement: frozen1.overall.percentAgreement,
    });
    expect(t1.codes).toEqual(
      frozen1.codes.map((c) => {
        const value = c.cohensKappa[pair]!;
        return { codeId: c.code, name: c.name, value, reaches: value === null ? null : value >= 0.7 };
      }),
    );
    // The revision between the rounds, exactly as GET …/codebook/diff gives it.
    const diff = await ctx.server.api(
      'GET',
      `${base}/codebook/diff?from=${closed1.closedCodebookVersion}&to=${r2.codebookVersion}`,
    );
    expect(t2.codebookChangesBefore).toEqual(diff.body);
    expect(t2.codebookChangesBefore!.renamed).toEqual([
      { id: 'k2', from: 'Trust', to: 'Trust in clinicians' },
    ]);
    const live2 = (await ctx.server.api<RoundView>('GET', `${base}/rounds/${r2.id}?ci=0`)).body.agreement!
      .report;
    expect(t2.pooled.cohenKappa).toBe(live2.overall.pooledKappa);
    expect(t2.codes.map((c) => c.name)).toEqual(['Access', 'Trust in clinicians']);

    await ctx.server.api('POST', `${base}/rounds/${r2.id}/close?ci=200&seed=5`);

    // The methods section: every number in the Markdown table equals the frozen reports'.
    const md = await download(ctx.server, `${base}/export/methods?format=md`, a.token);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toBe('attachment; filename="clinic-study-methods.md"');
    const markdown = md.body.toString('utf8');
    const table = markdownTable(markdown);
    expect(table.header[0]).toBe('Round');
    expect(table.rows).toHaveLength(2);
    for (const [i, id] of [r1.id, r2.id].entries()) {
      const round = (await ctx.server.api<RoundView>('GET', `${base}/rounds/${id}`)).body;
      const { report } = round.agreement!;
      const col = (name: string) => table.rows[i]![table.header.indexOf(name)]!;
      expect(col('Round')).toBe(round.name);
      const [pairable, share] = /^(\d+) \((\S+)\)$/.exec(col('Documents double-coded'))!.slice(1) as [
        string,
        string,
      ];
      expect(Number(pairable)).toBe(report.documentsPairable);
      expect(Math.abs(num(share) - (100 * report.documentsPairable) / docs.length)).toBeLessThanOrEqual(0.05);
      expect(Number(col('Coders'))).toBe(report.coders.length);
      expect(col('Blind')).toBe(round.blind ? 'yes' : 'no');
      expect(col('Unit of analysis')).toBe('segments: paragraphs, any overlap');
      expectCoefficient(col('Pooled κ [95% CI]'), report.overall.pooledKappa, report.overall.ci?.pooledKappa);
      expectCoefficient(
        col('α [95% CI]'),
        report.overall.krippendorffAlpha,
        report.overall.ci?.krippendorffAlpha,
      );
      expectCoefficient(col('AC1 [95% CI]'), report.overall.gwetAC1, report.overall.ci?.gwetAC1);
      expect(Math.abs(num(col('Agreement')) - 100 * report.overall.percentAgreement!)).toBeLessThanOrEqual(
        0.05,
      );
      expect(Number(col('n'))).toBe(report.overall.items);
      const below = report.codes.filter((c) => (c.cohensKappa[pair] ?? 1) < 0.7).map((c) => c.name);
      expect(col('Codes below target')).toBe(below.length === 0 ? 'none' : below.join('; '));
    }
    expect(table.rows[0]![table.header.indexOf('Codebook changes before next round')]).toBe(
      '1 change (1 renamed)',
    );
    expect(table.rows[0]![table.header.indexOf('Disagreements settled')]).toBe(
      '1 region into the consensus (1 by accepting a coder’s version)',
    );
    expect(table.rows[1]![table.header.indexOf('Disagreements settled')]).toBe('none recorded');
    expect(markdown).toContain('Inter-coder reliability was assessed in 2 rounds');
    expect(markdown).toContain('200 replicates, seed 5');
    expect(markdown).toContain('De Vries, H., Elliott, M. N.');
    // Plain text a reader can paste: ampersands as written, no HTML entities.
    expect(markdown).toContain('Efron & Tibshirani, 1993');
    expect(markdown).toContain('Landis, J. R., & Koch, G. G. (1977)');
    expect(markdown).not.toMatch(/&(amp|lt|gt|quot|#\d+);/);

    // HTML and Word carry the same cells.
    const pooledCell = markdownTable(markdown).rows[0]![5]!;
    const html = await download(ctx.server, `${base}/export/methods?format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-disposition')).toBe('attachment; filename="clinic-study-methods.html"');
    expect(html.body.toString('utf8')).toContain(`<td>${pooledCell}</td>`);
    const docx = await download(ctx.server, `${base}/export/methods?format=docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const archive = await yauzl.fromBufferPromise(docx.body, { lazyEntries: true });
    let documentXml = '';
    for await (const entry of archive.eachEntry()) {
      if (entry.fileName !== 'word/document.xml') continue;
      const chunks: Buffer[] = [];
      for await (const chunk of (await archive.openReadStreamPromise(entry)) as AsyncIterable<Buffer>)
        chunks.push(chunk);
      documentXml = Buffer.concat(chunks).toString('utf8');
    }
    expect(documentXml).toContain('<w:tbl>');
    expect(documentXml.match(/<w:tr>/g)).toHaveLength(3);
    const word = (await mammoth.extractRawText({ buffer: docx.body })).value;
    expect(word).toContain('Table 1. Inter-coder agreement by round');
    expect(word).toContain(pooledCell);
    expect(word).toContain('Second');
    const spec = await ctx.server.api<{ paths: Record<string, unknown> }>('GET', '/api/openapi.json');
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/projects/{projectId}/rounds/trajectory',
        '/api/projects/{projectId}/export/methods',
      ]),
    );
  });
});
