/**
 * Reliability rounds end to end on a real server: sampled and listed rounds, a round's agreement
 * over its own documents and coders, closing that freezes it while coders go on coding through
 * real y-websocket clients, blind rounds that refuse coders other layers as the project switch
 * always did, assignments with workload and progress, and codebook versions with their diff.
 */
import { describe, expect, it, vi } from 'vitest';
import { codesMap, putCode } from '../../shared/model/codebook.ts';
import { setCodeDetail } from '../../shared/model/codeDetails.ts';
import { addCoding } from '../../shared/model/layer.ts';
import { roomName } from '../../shared/protocol.ts';
import { sampleDocuments } from '../../shared/rounds/sample.ts';
import type { CodebookVersion, Round } from '../../shared/rounds/schemas.ts';
import type { Code, Document, Project } from '../../shared/schemas.ts';
import type { RoundAgreement } from '../../server/services/RoundService.ts';
import type { ProjectAgreement } from '../../server/services/AgreementService.ts';
import { connect, synced, upgradeStatus, type Client } from '../helpers/clients.ts';
import { codeParagraphs, serverPerTest, createStudy, type Member } from '../helpers/rounds.ts';

const ctx = serverPerTest();

type RoundView = Round & { agreement: RoundAgreement | null; agreementWithheld?: string };
function open(room: string, token: string): Client {
  const c = connect(ctx.server.ws, room, token);
  ctx.clients.push(c);
  return c;
}

/** A project with `n` documents (attribute `site`), coders A, B and C, a reviewer and a viewer, one code. */
async function team(n = 3, site: (i: number) => string = (i) => (i % 2 === 0 ? 'north' : 'south')) {
  const { project, docs, members } = await createStudy(ctx.server, {
    name: 'Rounds',
    documents: Array.from({ length: n }, (_, i) => ({
      title: `Interview ${i + 1}`,
      attributes: { site: site(i) },
    })),
    team: [
      ['Coder A', 'coder'],
      ['Coder B', 'coder'],
      ['Coder C', 'coder'],
      ['Reviewer', 'reviewer'],
      ['Viewer', 'viewer'],
    ],
    codes: [{ id: 'k1', name: 'Access', parentId: null, color: '#336699', description: '', order: 0 }],
  });
  const [a, b, c, reviewer, viewer] = members as [Member, Member, Member, Member, Member];
  return { project, docs, a, b, c, reviewer, viewer };
}

/** Codes paragraphs (0-based) of a document with k1 in the coder's own layer, and marks it done. */
const code = async (docId: string, coder: Member, paragraphs: number[]) =>
  (
    await codeParagraphs(
      ctx,
      docId,
      coder,
      paragraphs.map((p) => ['k1', p] as const),
    )
  ).layer;

const startRound = (projectId: string, body: unknown, token?: string) =>
  ctx.server.api<RoundView & { error?: { code: string; message: string } }>(
    'POST',
    `/api/projects/${projectId}/rounds`,
    body,
    token,
  );

describe('a round', () => {
  it('answers with the contract’s shape and records the codebook version it started with', async () => {
    const { project, docs, a, b } = await team();
    const res = await startRound(project.id, {
      name: 'Pilot',
      blind: false,
      coders: [a.user.id, b.user.id],
      documents: [docs[1]!.id, docs[0]!.id],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Pilot',
      blind: false,
      status: 'open',
      coders: [a.user.id, b.user.id].sort(),
      documents: [docs[0]!.id, docs[1]!.id].sort(),
      codebookVersion: 1,
    });
    expect(typeof res.body.id).toBe('string');
    expect(Date.parse(res.body.startedAt)).not.toBeNaN();
    const versions = await ctx.server.api<{ versions: CodebookVersion[] }>(
      'GET',
      `/api/projects/${project.id}/codebook/versions`,
    );
    expect(versions.body.versions.map((v) => [v.version, v.reason, v.roundId, v.note])).toEqual([
      [1, 'round-start', res.body.id, 'Start of round “Pilot”'],
    ]);
    const listed = await ctx.server.api<{ rounds: Round[] }>(
      'GET',
      `/api/projects/${project.id}/rounds`,
      undefined,
      a.token,
    );
    expect(listed.body.rounds.map((r) => r.id)).toEqual([res.body.id]);
    // One open round at a time.
    const second = await startRound(project.id, {
      name: 'Again',
      blind: false,
      coders: [a.user.id],
      documents: [docs[2]!.id],
    });
    expect(second.status).toBe(409);
    const audit = await ctx.server.api<{ action: string }[]>('GET', `/api/projects/${project.id}/audit`);
    expect(audit.body.map((e) => e.action)).toContain('round.start');
    const spec = await ctx.server.api<{ paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/api/openapi.json',
    );
    expect(Object.keys(spec.body.paths['/api/projects/{projectId}/assignments']!).sort()).toEqual([
      'get',
      'put',
    ]);
    expect(spec.body.paths).toHaveProperty(['/api/projects/{projectId}/rounds/{roundId}/close']);
  });

  it('refuses coders who cannot code and documents of other projects; coders cannot start one', async () => {
    const { project, docs, a, viewer } = await team();
    const other = await ctx.server.newDocument();
    const bad = [
      { name: 'x', blind: false, coders: [viewer.user.id], documents: [docs[0]!.id] },
      { name: 'x', blind: false, coders: [a.user.id], documents: [other.document.id] },
      { name: 'x', blind: false, coders: [a.user.id] },
      {
        name: 'x',
        blind: false,
        coders: [a.user.id],
        documents: [docs[0]!.id],
        sample: { count: 1, seed: 1 },
      },
    ];
    for (const body of bad)
      expect((await startRound(project.id, body)).status, JSON.stringify(body)).toBe(400);
    const byCoder = await startRound(
      project.id,
      { name: 'x', blind: false, coders: [a.user.id], documents: [docs[0]!.id] },
      a.token,
    );
    expect(byCoder.status).toBe(403);
  });

  it('counts only its documents and coders, and closing freezes its figures while the live ones move', async () => {
    const { project, docs, a, b, c } = await team();
    const [d1, d2, d3] = docs as [Document, Document, Document];
    const started = await startRound(project.id, {
      name: 'Pilot',
      blind: false,
      coders: [a.user.id, b.user.id],
      documents: [d1.id, d2.id],
    });
    const id = started.body.id;
    // A and B agree on d1; C (not in the round) codes d1 differently; d3 is outside the round.
    await code(d1.id, a, [0]);
    const layerB = await code(d1.id, b, [0]);
    await code(d1.id, c, [1, 2]);
    await code(d3.id, a, [0]);
    await code(d3.id, b, [2]);

    const live = await ctx.server.api<RoundView>('GET', `/api/projects/${project.id}/rounds/${id}?ci=0`);
    expect(live.status).toBe(200);
    expect(live.body.agreement!.report.coders).toEqual([a.user.id, b.user.id].sort());
    expect(live.body.agreement!.report.documentCount).toBe(2);
    expect(Object.keys(live.body.agreement!.state).sort()).toEqual([d1.id, d2.id].sort());
    const pair = [a.user.id, b.user.id].sort().join('|');
    expect(live.body.agreement!.report.codes[0]!.cohensKappa[pair]).toBe(1);

    const closed = await ctx.server.api<RoundView>(
      'POST',
      `/api/projects/${project.id}/rounds/${id}/close?ci=0`,
    );
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(Date.parse(closed.body.closedAt!)).not.toBeNaN();
    expect(closed.body.closedCodebookVersion).toBe(2);
    const frozen = closed.body.agreement!;
    expect(frozen.report.codes[0]!.cohensKappa[pair]).toBe(1);
    const frozenSeq = frozen.state[d1.id]!.layers[b.user.id]!;
    expect(frozenSeq).toBeGreaterThan(0);

    // B codes another paragraph after the close, through the same socket.
    const projectKappa = async () =>
      (
        await ctx.server.api<ProjectAgreement>(
          'GET',
          `/api/projects/${project.id}/agreement?ci=0&coders=${a.user.id},${b.user.id}`,
        )
      ).body.report.codes[0]!.cohensKappa[pair];
    const before = await projectKappa();
    const text = open(roomName.text(d1.id), b.token);
    await synced(text);
    addCoding(layerB.doc, text.doc, {
      id: 'b-late',
      codeId: 'k1',
      start: 15,
      end: 21,
      author: b.user.id,
      now: new Date(0).toISOString(),
    });
    await vi.waitFor(async () => expect(await projectKappa()).not.toBe(before));
    const seqNow = (await ctx.server.app.storage.lastSeqs([roomName.layer(d1.id, b.user.id)])).get(
      roomName.layer(d1.id, b.user.id),
    )!;
    expect(seqNow).toBeGreaterThan(frozenSeq);

    const again = await ctx.server.api<RoundView>('GET', `/api/projects/${project.id}/rounds/${id}`);
    expect(again.body.agreement).toEqual(frozen);
    expect(again.body.status).toBe('closed');
    expect((await ctx.server.api('POST', `/api/projects/${project.id}/rounds/${id}/close`)).status).toBe(409);
  });
});

describe('sampled rounds', () => {
  it('draw the documented stratified sample and leave out documents sampled before unless asked', async () => {
    const { project, docs, a, b } = await team(10, (i) => (i < 6 ? 'north' : 'south'));
    const sample = { fraction: 0.2, seed: 7, stratifyBy: 'site' };
    const first = await startRound(project.id, {
      name: 'R1',
      blind: true,
      coders: [a.user.id, b.user.id],
      sample,
    });
    expect(first.status).toBe(201);
    const expected = sampleDocuments(docs, { ...sample });
    expect(first.body.documents).toEqual(expected.documents);
    expect(first.body.sample).toMatchObject({ seed: 7, eligible: 10, strata: expected.strata });
    // 0.2 × 10 = 2: north 6/10 × 2 = 1.2, south 0.8 → floors 1, 0; the one left goes to south.
    expect(first.body.sample!.strata).toEqual([
      { stratum: 'north', size: 6, drawn: 1 },
      { stratum: 'south', size: 4, drawn: 1 },
    ]);
    await ctx.server.api('POST', `/api/projects/${project.id}/rounds/${first.body.id}/close?ci=0`);

    const second = await startRound(project.id, {
      name: 'R2',
      blind: true,
      coders: [a.user.id, b.user.id],
      sample,
    });
    expect(second.body.sample!.eligible).toBe(8);
    for (const d of second.body.documents) expect(first.body.documents).not.toContain(d);
    await ctx.server.api('POST', `/api/projects/${project.id}/rounds/${second.body.id}/close?ci=0`);

    const third = await startRound(project.id, {
      name: 'R3',
      blind: true,
      coders: [a.user.id],
      sample: { ...sample, includeSampled: true },
    });
    expect(third.body.sample!.eligible).toBe(10);
    expect(third.body.documents).toEqual(expected.documents);
  });
});

describe('who may code a blind round', () => {
  it('refuses owners, reviewers and administrators as its coders: they see every layer by role', async () => {
    const { project, docs, a, reviewer } = await team(2);
    const res = await startRound(project.id, {
      name: 'Pilot',
      blind: true,
      coders: [a.user.id, reviewer.user.id],
      documents: [docs[0]!.id],
    });
    expect(res.status).toBe(400);
    const body = res.body as unknown as { error: { issues: { path: string[]; message: string }[] } };
    expect(body.error.issues[0]!.path).toEqual(['coders']);
    expect(body.error.issues[0]!.message).toBe(
      "Reviewer sees every coder's work by role (owner, reviewer or administrator), so cannot code blind: make them coders for this round, or start an open round",
    );
    // An open round takes them: nothing is hidden from anyone there.
    const open = await startRound(project.id, {
      name: 'Open',
      blind: false,
      coders: [a.user.id, reviewer.user.id],
      documents: [docs[0]!.id],
    });
    expect(open.status).toBe(201);
  });
});

describe('documents coded before a round', () => {
  it('are left out of a sample unless asked, and recorded on the round when listed or included', async () => {
    const { project, docs, a, b, c } = await team(4);
    // A codes Interview 1; C (not in the round) codes Interview 2; B marks Interview 3 done, uncoded.
    await code(docs[0]!.id, a, [0]);
    await code(docs[1]!.id, c, [0]);
    await code(docs[2]!.id, b, []);
    const coders = [a.user.id, b.user.id];
    // Who coded what, for the start form's preview and warning: supervisors only.
    const prior = await ctx.server.api<{ documents: { documentId: string; coders: string[] }[] }>(
      'GET',
      `/api/projects/${project.id}/rounds/prior-coding`,
    );
    expect(prior.body.documents).toEqual(
      [
        { documentId: docs[0]!.id, coders: [a.user.id] },
        { documentId: docs[1]!.id, coders: [c.user.id] },
        { documentId: docs[2]!.id, coders: [b.user.id] },
      ].sort((x, y) => (x.documentId < y.documentId ? -1 : 1)),
    );
    expect(
      (await ctx.server.api('GET', `/api/projects/${project.id}/rounds/prior-coding`, undefined, a.token))
        .status,
    ).toBe(403);
    const sampled = await startRound(project.id, {
      name: 'Blind',
      blind: true,
      coders,
      sample: { count: 2, seed: 1 },
    });
    expect(sampled.status).toBe(201);
    // Only what the round's own coders worked on is left out: Interview 2 and 4 remain.
    expect(sampled.body.sample).toMatchObject({ eligible: 2, includeCoded: false });
    expect(sampled.body.documents).toEqual([docs[1]!.id, docs[3]!.id].sort());
    expect(sampled.body.codedBefore).toEqual([]);
    await ctx.server.api('POST', `/api/projects/${project.id}/rounds/${sampled.body.id}/close?ci=0`);

    const included = await startRound(project.id, {
      name: 'All',
      blind: true,
      coders,
      sample: { count: 4, seed: 1, includeSampled: true, includeCoded: true },
    });
    expect(included.body.sample!.eligible).toBe(4);
    expect(included.body.codedBefore).toEqual([docs[0]!.id, docs[2]!.id].sort());
    await ctx.server.api('POST', `/api/projects/${project.id}/rounds/${included.body.id}/close?ci=0`);

    const listed = await startRound(project.id, {
      name: 'Listed',
      blind: true,
      coders,
      documents: [docs[3]!.id, docs[0]!.id],
    });
    expect(listed.status).toBe(201);
    expect(listed.body.codedBefore).toEqual([docs[0]!.id]);
    const read = await ctx.server.api<RoundView>(
      'GET',
      `/api/projects/${project.id}/rounds/${listed.body.id}`,
    );
    expect(read.body.codedBefore).toEqual([docs[0]!.id]);
    // Who coded what before comes from every coder's layer: a coder of the blind round learns none
    // of it, in the round or in the list.
    const asCoder = await ctx.server.api<RoundView>(
      'GET',
      `/api/projects/${project.id}/rounds/${listed.body.id}`,
      undefined,
      a.token,
    );
    expect(asCoder.status).toBe(200);
    expect(asCoder.body.codedBefore).toEqual([]);
    const listedAsCoder = await ctx.server.api<{ rounds: Round[] }>(
      'GET',
      `/api/projects/${project.id}/rounds`,
      undefined,
      a.token,
    );
    for (const r of listedAsCoder.body.rounds) expect([r.codedBefore, r.sample]).toEqual([[], null]);
    await ctx.server.api('POST', `/api/projects/${project.id}/rounds/${listed.body.id}/close?ci=0`);

    // Nothing left to draw says why.
    const none = await startRound(project.id, {
      name: 'Empty',
      blind: true,
      coders,
      sample: { count: 1, seed: 1 },
    });
    expect(none.status).toBe(400);
    expect(none.body.error!.message).toContain('already coded by its coders');
  });

  it('are not dealt out by the even split once two coders have coded them', async () => {
    const { project, docs, a, b, c } = await team(4);
    await code(docs[0]!.id, a, [0]);
    await code(docs[0]!.id, b, [1]);
    await code(docs[1]!.id, a, [0]);
    const split = await ctx.server.api<{ assignments: { documentId: string }[] }>(
      'POST',
      `/api/projects/${project.id}/assignments/split`,
      { coders: [a.user.id, b.user.id, c.user.id], seed: 3 },
    );
    expect(split.status).toBe(200);
    // Interview 1 is double-coded; Interview 2, coded once, still needs its single coder.
    expect(split.body.assignments.map((x) => x.documentId).sort()).toEqual(
      [docs[1]!.id, docs[2]!.id, docs[3]!.id].sort(),
    );
  });
});

describe('a blind round', () => {
  it('refuses its coders other layers and cross-layer figures exactly as the blind switch does, until it closes', async () => {
    const { project, docs, a, b, reviewer } = await team();
    const d1 = docs[0]!;
    // Before the round A follows B's layer (an open project).
    const watching = open(roomName.layer(d1.id, b.user.id), a.token);
    await synced(watching);
    const closes: number[] = [];
    watching.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));

    const round = await startRound(project.id, {
      name: 'Blind pilot',
      blind: true,
      coders: [a.user.id, b.user.id],
      documents: [d1.id],
    });
    expect((await ctx.server.api<Project>('GET', `/api/projects/${project.id}`)).body.blind).toBe(true);
    await vi.waitFor(() => expect(closes).toContain(4403));
    watching.provider.destroy();

    const upgrade = (room: string, token: string) => upgradeStatus(`${ctx.server.ws}/${room}?token=${token}`);
    expect(await upgrade(roomName.layer(d1.id, b.user.id), a.token)).toBe(403);
    expect(await upgrade(roomName.layer(d1.id, 'consensus'), a.token)).toBe(403);
    expect(await upgrade(roomName.layer(d1.id, a.user.id), a.token)).toBe(101);
    expect(await upgrade(roomName.layer(d1.id, a.user.id), reviewer.token)).toBe(101);

    const asA = await ctx.server.api<RoundView>(
      'GET',
      `/api/projects/${project.id}/rounds/${round.body.id}`,
      undefined,
      a.token,
    );
    expect(asA.status).toBe(200);
    expect(asA.body.agreement).toBeNull();
    expect(asA.body.agreementWithheld).toMatch(/round is blind/);
    expect(
      (await ctx.server.api('GET', `/api/projects/${project.id}/agreement?ci=0`, undefined, a.token)).status,
    ).toBe(403);
    const asReviewer = await ctx.server.api<RoundView>(
      'GET',
      `/api/projects/${project.id}/rounds/${round.body.id}?ci=0`,
      undefined,
      reviewer.token,
    );
    expect(asReviewer.body.agreement?.report.coders).toEqual([a.user.id, b.user.id].sort());
    // PATCH blind speaks for the open round.
    await ctx.server.api('PATCH', `/api/projects/${project.id}`, { blind: false });
    expect(
      (await ctx.server.api<Round>('GET', `/api/projects/${project.id}/rounds/${round.body.id}`)).body.blind,
    ).toBe(false);
    await ctx.server.api('PATCH', `/api/projects/${project.id}`, { blind: true });

    // Closing gives the project back the setting it had before the round (open).
    await ctx.server.api(
      'POST',
      `/api/projects/${project.id}/rounds/${round.body.id}/close?ci=0`,
      undefined,
      reviewer.token,
    );
    expect((await ctx.server.api<Project>('GET', `/api/projects/${project.id}`)).body.blind).toBe(false);
    const after = await ctx.server.api<RoundView>(
      'GET',
      `/api/projects/${project.id}/rounds/${round.body.id}`,
      undefined,
      a.token,
    );
    expect(after.body.agreement?.report.coders).toEqual([a.user.id, b.user.id].sort());
    expect(await upgrade(roomName.layer(d1.id, b.user.id), a.token)).toBe(101);
  });
});

describe('assignments', () => {
  it('store the whole set, count each coder’s workload and progress, and list a coder’s documents round first', async () => {
    const { project, docs, a, b, viewer } = await team(5);
    const [d1, d2, d3, d4, d5] = docs as [Document, Document, Document, Document, Document];
    const put = await ctx.server.api<{ assignments: unknown[]; workload: unknown[] }>(
      'PUT',
      `/api/projects/${project.id}/assignments`,
      {
        assignments: [
          { documentId: d3.id, coders: [a.user.id] },
          { documentId: d4.id, coders: [a.user.id, b.user.id] },
          { documentId: d5.id, coders: [b.user.id] },
        ],
      },
    );
    expect(put.status).toBe(200);
    await code(d4.id, a, [0]);
    const round = await startRound(project.id, {
      name: 'R',
      blind: false,
      coders: [a.user.id, b.user.id],
      documents: [d1.id, d2.id],
    });
    await code(d2.id, a, [1]);

    const all = await ctx.server.api<{
      assignments: { documentId: string; coders: string[] }[];
      workload: unknown[];
    }>('GET', `/api/projects/${project.id}/assignments`);
    expect(all.body.assignments).toEqual(
      [
        { documentId: d3.id, coders: [a.user.id] },
        { documentId: d4.id, coders: [a.user.id, b.user.id].sort() },
        { documentId: d5.id, coders: [b.user.id] },
      ].sort((x, y) => (x.documentId < y.documentId ? -1 : 1)),
    );
    expect(all.body.workload).toEqual(
      [
        { coderId: a.user.id, assigned: 2, done: 1 },
        { coderId: b.user.id, assigned: 2, done: 0 },
      ].sort((x, y) => (x.coderId < y.coderId ? -1 : 1)),
    );

    const mine = await ctx.server.api<{
      documents: { documentId: string; source: string; roundId: string | null; done: boolean }[];
      assigned: number;
      done: number;
    }>('GET', `/api/projects/${project.id}/assignments?coder=me`, undefined, a.token);
    expect(mine.status).toBe(200);
    const roundDocs = [d1.id, d2.id].sort();
    const assignedDocs = [d3.id, d4.id].sort();
    expect(mine.body.documents.map((d) => [d.documentId, d.source, d.done])).toEqual([
      ...roundDocs.map((id) => [id, 'round', id === d2.id]),
      ...assignedDocs.map((id) => [id, 'assignment', id === d4.id]),
    ]);
    expect(mine.body.documents[0]!.roundId).toBe(round.body.id);
    expect([mine.body.assigned, mine.body.done]).toEqual([4, 2]);
    // Only supervisors see everyone's load; a viewer cannot be assigned.
    expect(
      (await ctx.server.api('GET', `/api/projects/${project.id}/assignments`, undefined, a.token)).status,
    ).toBe(403);
    const toViewer = await ctx.server.api('PUT', `/api/projects/${project.id}/assignments`, {
      assignments: [{ documentId: d3.id, coders: [viewer.user.id] }],
    });
    expect(toViewer.status).toBe(400);
  });

  it('split the documents outside every round evenly between the chosen coders, the same for the same seed', async () => {
    const { project, docs, a, b, c } = await team(8);
    await startRound(project.id, {
      name: 'R',
      blind: false,
      coders: [a.user.id, b.user.id],
      documents: [docs[0]!.id],
    });
    const split = (seed: number) =>
      ctx.server.api<{
        assignments: { documentId: string; coders: string[] }[];
        workload: { coderId: string; assigned: number }[];
      }>('POST', `/api/projects/${project.id}/assignments/split`, {
        coders: [a.user.id, b.user.id, c.user.id],
        seed,
      });
    const first = await split(3);
    expect(first.status).toBe(200);
    expect(first.body.assignments.map((x) => x.documentId)).not.toContain(docs[0]!.id);
    expect(first.body.assignments).toHaveLength(7);
    expect(first.body.workload.map((w) => w.assigned).sort()).toEqual([2, 2, 3]);
    expect((await split(3)).body.assignments).toEqual(first.body.assignments);
    const audit = await ctx.server.api<{ action: string }[]>('GET', `/api/projects/${project.id}/audit`);
    expect(audit.body.map((e) => e.action)).toContain('assignments.split');
  });
});

describe('codebook versions', () => {
  it('record on demand, read back as they were (also as .qdc), and diff added, renamed, merged, moved and redefined', async () => {
    const { project, a } = await team(1);
    const cb = roomName.codebook(project.id);
    const put = (id: string, name: string, parentId: string | null = null) =>
      ctx.server.app.registry.change(cb, (doc) =>
        putCode(doc, { id, name, parentId, color: '#336699', description: '', order: 0 }),
      );
    await put('theme', 'Barriers');
    await put('k2', 'Waiting');
    await put('k3', 'Trust');
    const v1 = await ctx.server.api<CodebookVersion>(
      'POST',
      `/api/projects/${project.id}/codebook/versions`,
      {
        note: 'before the pilot',
      },
    );
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, note: 'before the pilot', reason: 'manual', codeCount: 4 });

    await put('k4', 'Stigma', 'theme');
    await ctx.server.app.registry.change(cb, (doc) => {
      const codes = codesMap(doc);
      codes.get('k1')!.set('name', 'Access to care');
      codes.get('k3')!.set('parentId', 'theme');
      setCodeDetail(doc, 'k3', 'inclusion', 'Confidence in clinicians');
    });
    const merge = await ctx.server.api('POST', `/api/projects/${project.id}/codes/merge`, {
      sourceId: 'k2',
      targetId: 'k1',
    });
    expect(merge.status).toBe(200);
    const v2 = await ctx.server.api<CodebookVersion>(
      'POST',
      `/api/projects/${project.id}/codebook/versions`,
      {
        note: 'revised',
      },
    );
    expect(v2.body.version).toBe(2);

    const diff = await ctx.server.api<Record<string, unknown>>(
      'GET',
      `/api/projects/${project.id}/codebook/diff?from=1&to=2`,
      undefined,
      a.token,
    );
    expect(diff.status).toBe(200);
    expect(diff.body).toEqual({
      from: 1,
      to: 2,
      added: [{ id: 'k4', name: 'Stigma', parentId: 'theme' }],
      removed: [],
      merged: [{ id: 'k2', name: 'Waiting', into: { id: 'k1', name: 'Access to care' } }],
      renamed: [{ id: 'k1', from: 'Access', to: 'Access to care' }],
      moved: [{ id: 'k3', name: 'Trust', fromParentId: null, toParentId: 'theme' }],
      redefined: [
        {
          id: 'k3',
          name: 'Trust',
          changes: [{ field: 'inclusion', before: '', after: 'Confidence in clinicians' }],
        },
      ],
    });

    const old = await ctx.server.api<Code[]>(
      'GET',
      `/api/projects/${project.id}/codebook?version=1`,
      undefined,
      a.token,
    );
    expect(old.body.map((c) => c.name).sort()).toEqual(['Access', 'Barriers', 'Trust', 'Waiting']);
    const now = await ctx.server.api<Code[]>(
      'GET',
      `/api/projects/${project.id}/codebook`,
      undefined,
      a.token,
    );
    expect(now.body.map((c) => c.name)).toContain('Access to care');
    const qdc = await fetch(`${ctx.server.http}/api/projects/${project.id}/export/qdc?version=1`, {
      headers: { authorization: `Bearer ${ctx.server.token}` },
    });
    const xml = await qdc.text();
    expect(qdc.status).toBe(200);
    expect(xml).toContain('name="Waiting"');
    expect(xml).not.toContain('Stigma');
    expect((await ctx.server.api('GET', `/api/projects/${project.id}/codebook?version=9`)).status).toBe(404);
    expect(
      (await ctx.server.api('GET', `/api/projects/${project.id}/codebook/diff?from=2&to=1`)).status,
    ).toBe(400);
    // Coders read versions; recording one is for owners and reviewers.
    expect(
      (await ctx.server.api('POST', `/api/projects/${project.id}/codebook/versions`, { note: 'x' }, a.token))
        .status,
    ).toBe(403);
    const listed = await ctx.server.api<{ versions: CodebookVersion[] }>(
      'GET',
      `/api/projects/${project.id}/codebook/versions`,
      undefined,
      a.token,
    );
    expect(listed.body.versions.map((v) => v.note)).toEqual(['before the pilot', 'revised']);
  });
});
