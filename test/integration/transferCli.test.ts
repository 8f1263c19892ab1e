/**
 * `concord import`, `concord export` and `concord agreement file.qdpx` as a user runs them:
 * child processes against a real server, files on disk, exit codes and messages.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementReport } from '../../shared/agreement/index.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { main } from '../../cli/main.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { ROOT, zip } from '../helpers/transfer.ts';

const BIN = join(ROOT, 'bin', 'concord.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function concord(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, CONCORD_URL: '', CONCORD_TOKEN: '', ...env }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

let server: TestServer;
let dir: string;
let auth: string[];

let demo: Project;
let authors: string;

beforeAll(async () => {
  server = await startServer();
  // The demo loads into empty storage only: first.
  const loaded = await server.loadDemo();
  demo = loaded.project;
  authors = loaded.members.find((m) => m.name === 'Study authors')!.id;
  dir = await mkdtemp(join(tmpdir(), 'concord-cli-'));
  auth = ['--server', server.http, '--token', server.token];
});
afterAll(async () => {
  await server.destroy();
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const projectIds = async () =>
  (await server.api<Project[]>('GET', '/api/projects')).body.map((p) => p.id).sort();

describe('concord import', () => {
  it('imports transcripts as a new project, then more into it', async () => {
    const a = await file('Anna.txt', 'Interviewer: Hello?\nAnna: Hi 😊\nInterviewer: Bye.');
    const b = await file('Ben é.vtt', 'WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ben>Morning.</v>\n');
    const run = await concord(['import', a, b, '--name', 'Ward study', ...auth]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const id = /\(([A-Za-z0-9_-]+)\)\n/.exec(run.stdout)?.[1];
    expect(run.stdout).toContain('imported');
    expect(run.stdout).toContain('into the new project "Ward study"');
    expect(run.stdout).toContain('Anna (Anna.txt), 3 turns by Interviewer, Anna');
    const docs = (await server.api<Document[]>('GET', `/api/projects/${id}/documents`)).body;
    expect(docs.map((d) => d.title)).toEqual(['Anna', 'Ben é']);

    const c = await file('Cleo.md', '**Q:** one\n\n**Cleo:** two\n\n**Q:** three');
    const more = await concord(['import', c, '--project', id!], {
      CONCORD_URL: server.http,
      CONCORD_TOKEN: server.token,
    });
    expect(more.code).toBe(0);
    expect(more.stdout).toContain(`added 1 document to project ${id}`);
    expect((await server.api<Document[]>('GET', `/api/projects/${id}/documents`)).body).toHaveLength(3);
  });

  it('imports the silent-user field case: two raters, and the user who coded nothing a member', async () => {
    const path = await file(
      'silent-user.qdpx',
      readFileSync(new URL('../fixtures/field-cases/silent-user.qdpx', import.meta.url)),
    );
    const run = await concord(['import', path, ...auth]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 codes, 4 codings by 2 coders');
    expect(run.stdout).toContain('member who coded nothing (not a rater): Supervisor (never coded)');
  });

  it('refuses a batch with a broken file, names it, imports nothing (exit 1)', async () => {
    const before = await projectIds();
    const good = await file('good.txt', 'A: x\nB: y\nA: z');
    const bad = await file('bad.docx', 'not a zip');
    const run = await concord(['import', good, bad, ...auth]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /concord import: import failed \(HTTP 400\): 1 of 2 files could not be imported/,
    );
    expect(run.stderr).toMatch(/ {2}files\/bad\.docx: bad\.docx is not a zip archive/);
    expect(await projectIds()).toEqual(before);
  });

  it('says what is wrong: usage (exit 2), missing file, unreachable server (exit 1)', async () => {
    expect(await concord(['import', ...auth])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/no files to import[\s\S]*Usage: concord import/),
    });
    expect(await concord(['import', 'x.txt'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/no server: pass --server URL or set CONCORD_URL/),
    });
    expect(await concord(['import', join(dir, 'missing.txt'), ...auth])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cannot read .*missing\.txt: no such file/),
    });
    const closed = await concord([
      'import',
      await file('x.txt', 'x'),
      '--server',
      'http://127.0.0.1:9',
      '--token',
      't',
    ]);
    expect(closed).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cannot reach http:\/\/127\.0\.0\.1:9/),
    });
  });

  it('draws an upload progress bar on a terminal', async () => {
    const written: string[] = [];
    const stderr = Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          written.push(chunk.toString());
          callback();
        },
      }),
      { isTTY: true, columns: 80 },
    );
    const stdout = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const big = await file('long interview.txt', 'Q: a question?\nA: an answer.\n'.repeat(40_000));
    const code = await main(['import', big, ...auth], { stdout, stderr, env: {} });
    expect(code).toBe(0);
    const bars = written
      .join('')
      .split('\r')
      .filter((l) => l.includes('uploading 1 file'));
    expect(bars.length).toBeGreaterThan(2);
    expect(bars.some((l) => / 100% /.test(l))).toBe(true);
    expect(bars.some((l) => /#+-+ \d+% /.test(l))).toBe(true);
  });
});

describe('concord export', () => {
  it('writes each format to --out', async () => {
    const cases: [string, string[], (data: Buffer) => void][] = [
      ['qdpx', [], (d) => expect(d.subarray(0, 2).toString()).toBe('PK')],
      ['csv', ['--layer', authors], (d) => expect(d.toString().split('\r\n')).toHaveLength(26 + 2)],
      [
        'quotes-md',
        ['--layer', authors],
        (d) => expect(d.toString()).toContain('| Analytical contribution |'),
      ],
      [
        'agreement-json',
        ['--unit', 'character', '--ci', '0'],
        (d) => expect(JSON.parse(d.toString())).toMatchObject({ report: { unit: 'character' } }),
      ],
    ];
    for (const [format, extra, check] of cases) {
      const out = join(dir, `demo.${format}`);
      const run = await concord(['export', demo.id, '--format', format, '--out', out, ...extra, ...auth]);
      expect(run).toMatchObject({
        code: 0,
        stderr: expect.stringMatching(new RegExp(`wrote ${out.replace(/[.]/g, '\\.')}`)),
      });
      check(await readFile(out));
    }
  });

  it('reports refusals and usage errors, leaving no file behind', async () => {
    const out = join(dir, 'nothing.csv');
    const missing = await concord(['export', 'no-such-project', '--format', 'csv', '--out', out, ...auth]);
    expect(missing).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/export failed \(HTTP 404\): project 'no-such-project' does not exist/),
    });
    const noLayer = await concord(['export', demo.id, '--format', 'quotes-docx', '--out', out, ...auth]);
    expect(noLayer).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--format quotes-docx needs --layer/),
    });
    const badFormat = await concord(['export', demo.id, '--format', 'pdf', '--out', out, ...auth]);
    expect(badFormat).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--format must be one of qdpx, qdc, csv/),
    });
    expect((await readdir(dir)).filter((f) => f.includes('nothing') || f.endsWith('.partial'))).toEqual([]);
  });

  it("takes --layer as a coder's name or e-mail address as well as the id, and refuses a name it cannot place", async () => {
    const member = (
      await server.api<{ userId: string; name: string; email: string }[]>(
        'GET',
        `/api/projects/${demo.id}/members`,
      )
    ).body.find((m) => m.userId === authors)!;
    const byId = join(dir, 'layer-id.md');
    expect(
      await concord(['export', demo.id, '--format', 'quotes-md', '--layer', authors, '--out', byId, ...auth]),
    ).toMatchObject({ code: 0 });
    for (const [name, given] of [
      ['layer-name.md', member.name.toUpperCase()],
      ['layer-email.md', member.email.toUpperCase()],
    ] as const) {
      const out = join(dir, name);
      const run = await concord([
        'export',
        demo.id,
        '--format',
        'quotes-md',
        '--layer',
        given,
        '--out',
        out,
        ...auth,
      ]);
      expect(run, given).toMatchObject({ code: 0 });
      expect((await readFile(out)).toString()).toBe((await readFile(byId)).toString());
    }
    const unknown = await concord([
      'export',
      demo.id,
      '--format',
      'quotes-md',
      '--layer',
      'Nobody Here',
      '--out',
      join(dir, 'layer-nobody.md'),
      ...auth,
    ]);
    expect(unknown).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        "--layer 'Nobody Here': no member of this project has this name, e-mail address or id",
      ),
    });
    expect(unknown.stderr).toContain(`${member.name} <${member.email}> (id ${authors})`);
  });

  it('takes the project as --project ID too, and an old id beginning with "-" as --project=ID or after --', async () => {
    // Ids made before they were kept from beginning with "-" still exist.
    const dashed = await server.app.storage.createProject({
      id: '-dashedProject01',
      name: 'Dashed',
      description: '',
      createdAt: new Date().toISOString(),
    });
    const runs: [string, string[]][] = [
      ['option.csv', ['--project', demo.id]],
      ['equals.csv', [`--project=${dashed.id}`]],
      ['terminator.csv', ['--', dashed.id]],
    ];
    for (const [name, project] of runs) {
      const out = join(dir, name);
      const args = ['export', '--format', 'csv', '--out', out, ...auth, ...project];
      expect(await concord(args), args.join(' ')).toMatchObject({ code: 0 });
      expect((await readFile(out)).toString()).toMatch(/^coding_id,/);
    }
    // The demo's codings by both coders; the dashed project has none.
    expect((await readFile(join(dir, 'option.csv'))).toString().split('\r\n').length).toBeGreaterThan(26 + 2);
    expect((await readFile(join(dir, 'equals.csv'))).toString().split('\r\n')).toHaveLength(2);
    const both = await concord([
      'export',
      demo.id,
      '--project',
      demo.id,
      '--format',
      'csv',
      '--out',
      '-',
      ...auth,
    ]);
    expect(both).toMatchObject({ code: 2, stderr: expect.stringMatching(/expected exactly one project id/) });
  });
});

describe('concord agreement file.qdpx', () => {
  const GUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

  it('reads a project from another tool: coders from creatingUser', async () => {
    const text = 'Para one 😀 here.\n\nPara two is here.\n\nPara three.';
    const sel = (n: number, start: number, end: number, user: number, code: number) =>
      `<PlainTextSelection guid="${GUID(n)}" startPosition="${start}" endPosition="${end}"><Coding guid="${GUID(n + 100)}" creatingUser="${GUID(user)}"><CodeRef targetGUID="${GUID(code)}"/></Coding></PlainTextSelection>`;
    const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="From NVivo">
<Users><User guid="${GUID(1)}" name="Rater A"/><User guid="${GUID(2)}" name="Rater B"/><User guid="${GUID(3)}" name="Project owner"/></Users>
<CodeBook><Codes><Code guid="${GUID(10)}" name="Topic" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="${GUID(20)}" name="Doc"><PlainTextContent>${text}</PlainTextContent>
${sel(30, 0, 17, 1, 10)}${sel(31, 0, 10, 2, 10)}${sel(32, 19, 35, 1, 10)}
</TextSource></Sources></Project>`;
    const path = await file('nvivo.qdpx', await zip({ 'project.qde': qde }));
    const run = await concord(['agreement', path, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as AgreementReport;
    // The owner coded nothing and recorded nothing: not a coder of this report.
    expect(report.coders).toEqual(['Rater A', 'Rater B']);
    expect(report.codes.map((c) => [c.name, c.units])).toEqual([['Topic', 3]]);
    // Paragraphs: both coded the first, A alone the second, nobody the third. P_o = 2/3;
    // A's marginal 2/3, B's 1/3, so P_e = 2/3·1/3 + 1/3·2/3 = 4/9 and κ = (2/9)/(5/9) = 0.4.
    expect(report.codes[0]!.cohensKappa['Rater A|Rater B']).toBeCloseTo(0.4, 10);
  });

  it('reads a Concord export, completion included', async () => {
    const loaded = demo;
    const out = join(dir, 'demo-agreement.qdpx');
    expect((await concord(['export', loaded.id, '--format', 'qdpx', '--out', out, ...auth])).code).toBe(0);
    const offline = await concord(['agreement', out, '--json']);
    expect(offline.code).toBe(0);
    const fromFile = JSON.parse(offline.stdout) as AgreementReport;
    const live = await server.api<{ report: AgreementReport }>(
      'GET',
      `/api/projects/${loaded.id}/agreement?ci=0`,
    );
    expect([...fromFile.coders].sort()).toEqual(['Study authors', 'Synthetic coder (generated)']);
    expect(fromFile.codes.map((c) => [c.name, c.units, c.krippendorffAlpha])).toEqual(
      live.body.report.codes.map((c) => [c.name, c.units, c.krippendorffAlpha]),
    );
  });
});
