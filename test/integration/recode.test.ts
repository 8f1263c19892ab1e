/**
 * Recode rounds on a real server: each coder codes the round's documents again in a fresh layer
 * (`layer:<documentId>:<coderId>~<roundId>`) over real y-websocket clients; the round's report
 * gives each coder's agreement with their own earlier coding under `intraCoder`, frozen at close;
 * the recode layers are nobody else's to open in a blind round and never count as extra coders.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { putCode } from '../../shared/model/codebook.ts';
import { addCoding, setCompleted } from '../../shared/model/layer.ts';
import { recodeLayerKey, roomName } from '../../shared/protocol.ts';
import type { Round } from '../../shared/rounds/schemas.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import type { ProjectAgreement } from '../../server/services/AgreementService.ts';
import type { RoundAgreement } from '../../server/services/RoundService.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { download } from '../helpers/transfer.ts';

let server: TestServer;
let clients: Client[];

beforeEach(async () => {
  server = await startServer();
  clients = [];
});
afterEach(async () => {
  closeAll(clients);
  await server.destroy();
});

type RoundView = Round & { agreement: RoundAgreement | null };
type Member = Awaited<ReturnType<TestServer['user']>>;

const TEXT = 'First answer.\n\nSecond answer.\n\nThird answer.';
const STARTS = [0, 15, 31];

/** Codes paragraphs with k1 in a layer (the coder's own or a recode key) and marks the document done. */
async function code(docId: string, coder: Member, layerKey: string, paragraphs: number[]) {
  const text = connect(server.ws, roomName.text(docId), coder.token);
  const layer = connect(server.ws, roomName.layer(docId, layerKey), coder.token);
  clients.push(text, layer);
  await Promise.all([text, layer].map(synced));
  layer.doc.transact(() => {
    for (const p of paragraphs)
      addCoding(layer.doc, text.doc, {
        id: `${layerKey}-${p}`,
        codeId: 'k1',
        start: STARTS[p]!,
        end: STARTS[p]! + 6,
        author: coder.user.id,
        now: new Date(0).toISOString(),
      });
    setCompleted(layer.doc, true);
  });
  await vi.waitFor(async () => {
    const seqs = await server.app.storage.lastSeqs([roomName.layer(docId, layerKey)]);
    expect(seqs.size).toBe(1);
  });
  return { text, layer };
}

const upgrade = (room: string, token: string) =>
  new Promise<number>((resolve) => {
    const ws = new WebSocket(`${server.ws}/${room}?token=${token}`);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => undefined);
  });

describe('a recode round', () => {
  it('gives each coder their agreement with their own earlier coding, frozen at close, without adding coders', async () => {
    const project = (await server.api<Project>('POST', '/api/projects', { name: 'Recode' })).body;
    const base = `/api/projects/${project.id}`;
    const docs: Document[] = [];
    for (const title of ['One', 'Two'])
      docs.push((await server.api<Document>('POST', `${base}/documents`, { title, text: TEXT })).body);
    const [d1, d2] = docs as [Document, Document];
    const [a, b] = (await Promise.all(['Coder A', 'Coder B'].map((n) => server.user(n)))) as [Member, Member];
    for (const m of [a, b]) await server.api('POST', `${base}/members`, { userId: m.user.id, role: 'coder' });
    await server.app.registry.change(roomName.codebook(project.id), (doc) =>
      putCode(doc, { id: 'k1', name: 'Access', parentId: null, color: '#336699', description: '', order: 0 }),
    );

    // The first coding, in the coders' own layers.
    await code(d1.id, a, a.user.id, [0]);
    await code(d2.id, a, a.user.id, [0, 1]);
    await code(d1.id, b, b.user.id, [0]);
    await code(d2.id, b, b.user.id, [0]);

    const started = await server.api<Round>('POST', `${base}/rounds`, {
      name: 'Recode',
      blind: true,
      recode: true,
      coders: [a.user.id, b.user.id],
      documents: [d1.id, d2.id],
    });
    expect(started.status).toBe(201);
    expect(started.body.recode).toBe(true);
    const roundId = started.body.id;
    const keyA = recodeLayerKey(a.user.id, roundId);
    const keyB = recodeLayerKey(b.user.id, roundId);

    // A recode layer is its coder's; in the blind round the other coder cannot open it, and a
    // recode key of no recode round names no room.
    expect(await upgrade(roomName.layer(d1.id, keyB), a.token)).toBe(403);
    expect(await upgrade(roomName.layer(d1.id, recodeLayerKey(a.user.id, 'nosuchround')), a.token)).toBe(404);
    const { layer: recodedA1, text: textA1 } = await code(d1.id, a, keyA, [0]);
    await code(d2.id, a, keyA, [0]);
    await code(d1.id, b, keyB, [0]);
    await code(d2.id, b, keyB, [0]);

    const live = (await server.api<RoundView>('GET', `${base}/rounds/${roundId}?ci=0`)).body.agreement!;
    // The round's inter-coder report keeps its two coders; the recode layers are not raters there.
    expect(live.report.coders).toEqual([a.user.id, b.user.id].sort());
    const intraA = live.intraCoder![a.user.id]!;
    expect(intraA.recodeLayer).toBe(keyA);
    expect(intraA.report.coders).toEqual([a.user.id, keyA].sort());
    // A's six paragraph units for k1: both codings present on d1 ¶1 and d2 ¶1, only the first on
    // d2 ¶2, neither on the other three. Cohen's (1960) κ by hand: P_o = 5/6, P_e = 3/6·2/6 +
    // 3/6·4/6 = 1/2, κ = (5/6 − 1/2)/(1 − 1/2) = 2/3.
    const pairA = [a.user.id, keyA].sort().join('|');
    expect(intraA.report.codes[0]!.cohensKappa[pairA]).toBeCloseTo(2 / 3, 12);
    expect(intraA.report.codes[0]!.percentAgreement).toBeCloseTo(5 / 6, 12);
    // B coded the same again: perfect agreement with themselves.
    const intraB = live.intraCoder![b.user.id]!;
    expect(intraB.report.codes[0]!.percentAgreement).toBe(1);
    expect(Object.keys(intraB.state).sort()).toEqual([d1.id, d2.id].sort());
    expect(Object.keys(intraB.state[d1.id]!.layers).sort()).toEqual([b.user.id, keyB].sort());

    const closed = await server.api<RoundView>('POST', `${base}/rounds/${roundId}/close?ci=0`);
    expect(closed.status).toBe(200);
    const frozen = closed.body.agreement!;
    expect(frozen.intraCoder![a.user.id]!.report.codes[0]!.cohensKappa[pairA]).toBeCloseTo(2 / 3, 12);

    // A recodes more after the close: the frozen figure stays, the recode layer is still A's.
    addCoding(recodedA1.doc, textA1.doc, {
      id: 'late',
      codeId: 'k1',
      start: STARTS[2]!,
      end: STARTS[2]! + 6,
      author: a.user.id,
      now: new Date(0).toISOString(),
    });
    const seq = frozen.intraCoder![a.user.id]!.state[d1.id]!.layers[keyA]!;
    await vi.waitFor(async () => {
      const now = await server.app.storage.lastSeqs([roomName.layer(d1.id, keyA)]);
      expect(now.get(roomName.layer(d1.id, keyA))).toBeGreaterThan(seq);
    });
    const again = (await server.api<RoundView>('GET', `${base}/rounds/${roundId}`)).body.agreement!;
    expect(again).toEqual(frozen);

    // Recode layers are no extra coders in the project's agreement or its exports.
    const project_ = (await server.api<ProjectAgreement>('GET', `${base}/agreement?ci=0`)).body;
    expect(project_.report.coders).toEqual([a.user.id, b.user.id].sort());
    const csv = (await download(server, `${base}/export/codings.csv`)).body.toString('utf8');
    expect(csv).not.toContain(roundId);
    expect(csv).toContain(a.user.id);
    // The methods section reports the frozen intra-coder figures: A's κ of 2/3, B's of 1.
    const md = (await download(server, `${base}/export/methods?format=md`)).body.toString('utf8');
    expect(md).toContain(
      'intra-coder agreement (pooled κ of a coder’s two codings) ranged from .667 to 1.000.',
    );
  });
});
