/** Agreement on the live state: through the server, through the CLI, and live as coders code. */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AgreementInput } from '../../shared/agreement/index.ts';
import { addCoding, codingsMap, setCompleted } from '../../shared/model/layer.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { AgreementService, type ProjectAgreement } from '../../server/services/AgreementService.ts';
import { closeAll, connect, synced } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let demo: Project;
let demoMembers: Awaited<ReturnType<TestServer['loadDemo']>>['members'];

beforeAll(async () => {
  server = await startServer({ config: { liveDebounceMs: 20 } });
  ({ project: demo, members: demoMembers } = await server.loadDemo());
});
afterAll(async () => {
  await server.destroy();
});

/** Cohen's kappa for one code over paragraph units, computed naively from the exported codings. */
function naiveParagraphKappa(input: AgreementInput, code: string, [a, b]: [string, string]): number {
  const table = [
    [0, 0],
    [0, 0],
  ];
  for (const doc of input.documents) {
    // The demo's paragraphs are separated by one blank line.
    const paragraphs: [number, number][] = [];
    let at = 0;
    for (const part of doc.text!.split('\n\n')) {
      const length = Array.from(part).length;
      paragraphs.push([at, at + length]);
      at += length + 2;
    }
    for (const [ps, pe] of paragraphs) {
      const has = (coder: string) =>
        input.codings.some(
          (c) => c.document === doc.id && c.coder === coder && c.code === code && c.start < pe && c.end > ps,
        )
          ? 1
          : 0;
      table[has(a)]![has(b)]!++;
    }
  }
  const n = table.flat().reduce((x, y) => x + y, 0);
  const po = (table[0]![0]! + table[1]![1]!) / n;
  const pa = (table[1]![0]! + table[1]![1]!) / n;
  const pb = (table[0]![1]! + table[1]![1]!) / n;
  const pe = pa * pb + (1 - pa) * (1 - pb);
  return (po - pe) / (1 - pe);
}

/** The demo's agreement input file as served now, read by `concord agreement --json` (file `name`). */
async function cliReport(name: string): Promise<ProjectAgreement['report']> {
  const input = (await server.api<AgreementInput>('GET', `/api/projects/${demo.id}/agreement/input`)).body;
  const file = join(server.dataDir, name);
  writeFileSync(file, JSON.stringify(input));
  const { stdout } = await promisify(execFile)(process.execPath, [
    'bin/concord.js',
    'agreement',
    file,
    '--json',
  ]);
  return JSON.parse(stdout) as ProjectAgreement['report'];
}

describe('agreement on the demo project', () => {
  it('reports per code, states the unit, and matches a naive computation', async () => {
    const input = (await server.api<AgreementInput>('GET', `/api/projects/${demo.id}/agreement/input`)).body;
    const { status, body } = await server.api<ProjectAgreement>(
      'GET',
      `/api/projects/${demo.id}/agreement?ci=200`,
    );
    expect(status).toBe(200);
    expect(body.report.unit).toBe('segment');
    expect(body.report.unitDescription).toMatch(/paragraph/);
    expect(body.report.codes).toHaveLength(13);
    expect(input.coders).toHaveLength(2);
    const pair = [...input.coders].sort() as [string, string];
    const key = pair.join('|');
    let disagreements = 0;
    for (const code of body.report.codes) {
      const expected = naiveParagraphKappa(input, code.code, pair);
      if (Number.isNaN(expected)) expect(code.cohensKappa[key]).toBeNull();
      else expect(code.cohensKappa[key]).toBeCloseTo(expected, 10);
      if ((code.cohensKappa[key] ?? 1) < 1) disagreements++;
      expect(code.units).toBe(26);
    }
    // The synthetic coder disagrees on some codes, not all.
    expect(disagreements).toBeGreaterThan(2);
    expect(disagreements).toBeLessThan(13);
    expect(body.report.overall.pooledKappa).toBeGreaterThan(0.5);
    expect(body.report.overall.pooledKappa).toBeLessThan(1);
    expect(body.againstConsensus).toBeNull();
    expect(Object.keys(body.state)).toHaveLength(17);
  });

  it('gives the same figures through the CLI on the exported input', async () => {
    const cli = await cliReport('demo-agreement.json');
    const served = (await server.api<ProjectAgreement>('GET', `/api/projects/${demo.id}/agreement?ci=0`)).body
      .report;
    expect(cli.overall.pooledKappa).toBeCloseTo(served.overall.pooledKappa!, 12);
    expect(cli.overall.krippendorffAlpha).toBeCloseTo(served.overall.krippendorffAlpha!, 12);
    expect(cli.codes.map((c) => [c.code, c.krippendorffAlpha])).toEqual(
      served.codes.map((c) => [c.code, c.krippendorffAlpha]),
    );
  });

  it('counts as raters only those who marked a document done: a supervisor trying codes changes nothing', async () => {
    const before = (await server.api<ProjectAgreement>('GET', `/api/projects/${demo.id}/agreement?ci=0`))
      .body;
    const [doc] = (await server.api<Document[]>('GET', `/api/projects/${demo.id}/documents`)).body;
    const supervisor = demoMembers.find((m) => m.role === 'reviewer')!;
    const codes = before.report.codes.map((c) => c.code);
    const room = roomName.layer(doc!.id, supervisor.id);
    // The supervisor codes two passages in their own layer, and marks nothing done.
    await server.app.registry.withRoom(roomName.text(doc!.id), async (text) => {
      await server.app.registry.change(room, (layer) => {
        for (const [i, code] of codes.slice(0, 2).entries()) {
          addCoding(layer, text.doc, {
            id: `supervisor-${i}`,
            codeId: code,
            start: 0,
            end: 20,
            author: supervisor.id,
            now: new Date(0).toISOString(),
          });
        }
      });
    });
    const after = (await server.api<ProjectAgreement>('GET', `/api/projects/${demo.id}/agreement?ci=0`)).body;
    expect(after.report.coders).toEqual(before.report.coders);
    expect(after.report.coders).toHaveLength(2);
    expect(after.report.codes.map((c) => [c.code, c.cohensKappa, c.krippendorffAlpha])).toEqual(
      before.report.codes.map((c) => [c.code, c.cohensKappa, c.krippendorffAlpha]),
    );
    expect(after.report.overall).toEqual(before.report.overall);
    // The input file leaves the supervisor's codings out too, so `concord agreement` reads it
    // and gives the served figures.
    const input = (await server.api<AgreementInput>('GET', `/api/projects/${demo.id}/agreement/input`)).body;
    expect(input.codings.some((c) => c.coder === supervisor.id)).toBe(false);
    const cli = await cliReport('demo-agreement-supervisor.json');
    expect(cli.codes.map((c) => [c.code, c.krippendorffAlpha])).toEqual(
      after.report.codes.map((c) => [c.code, c.krippendorffAlpha]),
    );

    // Marking the document done makes them a rater of it (and of nothing else).
    await server.app.registry.change(room, (layer) => setCompleted(layer, true));
    const rated = (await server.api<ProjectAgreement>('GET', `/api/projects/${demo.id}/agreement?ci=0`)).body;
    expect(rated.report.coders).toHaveLength(3);
    expect(rated.report.coders).toContain(supervisor.id);
    await server.app.registry.change(room, (layer) => {
      setCompleted(layer, false);
      for (const id of [...codingsMap(layer).keys()]) codingsMap(layer).delete(id);
    });
  });

  it('refuses a bad query with the JSON error shape', async () => {
    const bad = await server.api<{ error: { code: string; issues: { path: string[] }[] } }>(
      'GET',
      `/api/projects/${demo.id}/agreement?unit=words&overlap=2`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i) => i.path[0]).sort()).toEqual(['overlap', 'unit']);
    expect((await server.api('GET', '/api/projects/nope/agreement')).status).toBe(404);
  });
});

describe('live agreement', () => {
  it('streams a new report when a coder removes a coding, and the cache stays exact', async () => {
    const docs = await server.api<Document[]>('GET', `/api/projects/${demo.id}/documents`);
    const input = (await server.api<AgreementInput>('GET', `/api/projects/${demo.id}/agreement/input`)).body;

    const controller = new AbortController();
    const res = await fetch(`${server.http}/api/projects/${demo.id}/agreement/events?ci=0`, {
      headers: { authorization: `Bearer ${server.token}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reports: ProjectAgreement[] = [];
    const reader = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        const stream = res.body!.getReader();
        for (;;) {
          const { value, done } = await stream.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (block.includes('event: agreement') && data)
              reports.push(JSON.parse(data.slice(6)) as ProjectAgreement);
          }
        }
      } catch {
        // aborted at the end of the test
      }
    })();
    await vi.waitFor(() => expect(reports.length).toBeGreaterThanOrEqual(1));
    const before = reports[0]!.report.overall.pooledKappa;

    // A coder deletes one of their codings over a real socket: a deletion, which a state vector
    // would not notice.
    // The coder edits their own layer; anyone else would only have read access to it.
    const member = demoMembers.find((m) => m.role === 'coder')!;
    const coder = member.id;
    expect(input.coders).toContain(coder);
    const firstDoc = docs.body[0]!;
    const layer = connect(server.ws, roomName.layer(firstDoc.id, coder), member.token);
    await synced(layer);
    const [codingId] = [...codingsMap(layer.doc).keys()];
    codingsMap(layer.doc).delete(codingId!);
    await vi.waitFor(() => expect(reports.length).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
    const after = reports.at(-1)!;
    expect(after.report.overall.pooledKappa).not.toBe(before);
    expect(after.state[firstDoc.id]!.layers[coder]).toBeGreaterThan(
      reports[0]!.state[firstDoc.id]!.layers[coder]!,
    );

    // The cached result equals a computation from scratch.
    const fresh = new AgreementService({ ...server.app.services, projects: server.app.projects });
    const query = { unit: 'segment', segments: 'paragraph', overlap: 'any', ci: 0, seed: 1 } as const;
    const cached = await server.app.agreement.compute(demo.id, query);
    const scratch = await fresh.compute(demo.id, query);
    expect(cached.report).toEqual(scratch.report);

    // A new document wakes the stream too (its text is written before the document is listed).
    const seen = reports.length;
    await server.api('POST', `/api/projects/${demo.id}/documents`, { title: 'Late', text: 'Added later.' });
    await vi.waitFor(() => expect(reports.length).toBeGreaterThan(seen));
    expect(reports.at(-1)!.report.documentCount).toBe(reports[0]!.report.documentCount + 1);
    controller.abort();
    await reader;
    closeAll([layer]);
  });
});
