/**
 * Field case `silent-user.qdpx`: two coders code the same two sentences with "Transport problems";
 * a third REFI `<User>` coded nothing. Expected (test/fixtures/field-cases/README.md): two raters,
 * κ = α = 1 and 100% agreement for "Transport problems" offline (`concord agreement`), on the
 * server after import, and after export → re-import; the silent user is a member, not a rater.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementReport } from '../../shared/agreement/index.ts';
import type { ImportedProject } from '../../shared/interchange/api.ts';
import type { Membership, User } from '../../shared/schemas.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download, ROOT, upload } from '../helpers/transfer.ts';

const FILE = readFileSync(new URL('../fixtures/field-cases/silent-user.qdpx', import.meta.url));

let server: TestServer;
let dir = '';
beforeAll(async () => {
  server = await startServer();
  dir = await mkdtemp(join(tmpdir(), 'concord-field-'));
});
afterAll(async () => {
  await server.destroy();
  await rm(dir, { recursive: true, force: true });
});

/** What the field case states, read from a report. */
function figures(report: AgreementReport) {
  const code = report.codes.find((c) => c.name === 'Transport problems');
  return {
    raters: report.coders.length,
    percentAgreement: code?.percentAgreement,
    cohensKappa: Object.values(code?.cohensKappa ?? {}),
    fleissKappa: code?.fleissKappa,
    krippendorffAlpha: code?.krippendorffAlpha,
    overallAlpha: report.overall.krippendorffAlpha,
  };
}

const EXPECTED = {
  raters: 2,
  percentAgreement: 1,
  cohensKappa: [1],
  fleissKappa: 1,
  krippendorffAlpha: 1,
  overallAlpha: 1,
};

/** `concord agreement <file> --json`, as a researcher runs it. */
function offline(data: Buffer, name: string): Promise<AgreementReport> {
  return (async () => {
    const path = join(dir, name);
    await writeFile(path, data);
    const stdout = await new Promise<string>((done, fail) => {
      execFile(
        process.execPath,
        [join(ROOT, 'bin', 'concord.js'), 'agreement', path, '--json'],
        { cwd: ROOT, maxBuffer: 1 << 24 },
        (error, out, err) => (error ? fail(new Error(`${error.message}\n${err}`)) : done(out)),
      );
    });
    return JSON.parse(stdout) as AgreementReport;
  })();
}

async function imported(data: Buffer): Promise<ImportedProject> {
  const res = await upload<ImportedProject>(server, '/api/projects/import', [
    { name: 'silent-user.qdpx', data },
  ]);
  expect(res.status).toBe(201);
  return res.body;
}

async function onServer(projectId: string): Promise<AgreementReport> {
  const res = await server.api<{ report: AgreementReport }>('GET', `/api/projects/${projectId}/agreement`);
  expect(res.status).toBe(200);
  return res.body.report;
}

describe('field case silent-user.qdpx', () => {
  it('gives the same figures offline, after import, and after export → re-import', async () => {
    expect(figures(await offline(FILE, 'silent-user.qdpx'))).toEqual(EXPECTED);

    const first = await imported(FILE);
    expect(figures(await onServer(first.id))).toEqual(EXPECTED);
    expect(first.import.coders.map((c) => [c.name, c.created, c.rater])).toEqual([
      ['Coder 1', true, true],
      ['Coder 2', true, true],
      ['Supervisor (never coded)', true, false],
    ]);

    // The user who coded nothing is a member of the project, but no rater.
    const users = new Map((await server.api<User[]>('GET', '/api/users')).body.map((u) => [u.id, u.name]));
    const members = (await server.api<Membership[]>('GET', `/api/projects/${first.id}/members`)).body;
    const silent = members.find((m) => users.get(m.userId) === 'Supervisor (never coded)');
    expect(silent).toBeDefined();
    expect((await onServer(first.id)).coders).not.toContain(silent!.userId);

    const exported = await download(server, `/api/projects/${first.id}/export/qdpx`);
    expect(exported.status).toBe(200);
    expect(figures(await offline(exported.body, 'exported.qdpx'))).toEqual(EXPECTED);

    const again = await imported(exported.body);
    expect(figures(await onServer(again.id))).toEqual(EXPECTED);
    // Re-importing finds the same users by their REFI GUID (the export kept it) instead of making
    // new ones, and says so.
    expect(again.import.coders.map((c) => [c.name, c.created, c.matchedBy, c.rater]).sort()).toEqual([
      ['Coder 1', false, 'guid', true],
      ['Coder 2', false, 'guid', true],
      ['Supervisor (never coded)', false, 'guid', false],
    ]);
    expect(again.import.warnings).toContain(
      'Coder 1: matched the existing user Coder 1 <' +
        // Addresses are stored normalised (lower case).
        `imported-${first.import.coders.find((c) => c.name === 'Coder 1')!.id}@users.concord.invalid`.toLowerCase() +
        '> by the REFI user GUID of an earlier import',
    );
    const original = await imported(FILE);
    expect(original.import.coders.map((c) => c.id)).toEqual(first.import.coders.map((c) => c.id));
    expect(figures(await onServer(original.id))).toEqual(EXPECTED);
  });
});
