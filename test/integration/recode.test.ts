/**
 * Recode rounds on a real server: each coder codes the round's documents again in a fresh layer
 * (`layer:<documentId>:<coderId>~<roundId>`) over real y-websocket clients; the round's report
 * gives each coder's agreement with their own earlier coding under `intraCoder`, frozen at close;
 * the recode layers are nobody else's to open in a blind round and never count as extra coders.
 */
import { describe, expect, it } from 'vitest';
import { parseRoomName, recodeLayerKey, roomName } from '../../shared/protocol.ts';
import type { Round } from '../../shared/rounds/schemas.ts';
import type { Document } from '../../shared/schemas.ts';
import type { ProjectAgreement } from '../../server/services/AgreementService.ts';
import type { RoundAgreement } from '../../server/services/RoundService.ts';
import { codeParagraphs, serverPerTest, createStudy, type Member } from '../helpers/rounds.ts';
import { upgradeStatus } from '../helpers/clients.ts';
import { download } from '../helpers/transfer.ts';

const ctx = serverPerTest();

type RoundView = Round & { agreement: RoundAgreement | null };

/** Codes paragraphs with k1 in a layer (the coder's own or a recode key) and marks the document done. */
const code = (docId: string, coder: Member, layerKey: string, paragraphs: number[]) =>
  codeParagraphs(
    ctx,
    docId,
    coder,
    paragraphs.map((p) => ['k1', p] as const),
    layerKey,
  );

const upgrade = (room: string, token: string) => upgradeStatus(`${ctx.server.ws}/${room}?token=${token}`);

describe('a recode round', () => {
  it('gives each coder their agreement with their own earlier coding, frozen at close, without adding coders', async () => {
    const { project, docs, members } = await createStudy(ctx.server, {
      name: 'Recode',
      documents: [{ title: 'One' }, { title: 'Two' }],
      team: [
        ['Coder A', 'coder'],
        ['Coder B', 'coder'],
      ],
      codes: [{ id: 'k1', name: 'Access', parentId: null, color: '#336699', description: '', order: 0 }],
    });
    const base = `/api/projects/${project.id}`;
    const [d1, d2] = docs as [Document, Document];
    const [a, b] = members as [Member, Member];

    // The first coding, in the coders' own layers.
    await code(d1.id, a, a.user.id, [0]);
    await code(d2.id, a, a.user.id, [0, 1]);
    await code(d1.id, b, b.user.id, [0]);
    await code(d2.id, b, b.user.id, [0]);

    const started = await ctx.server.api<Round>('POST', `${base}/rounds`, {
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
    // Nor is there a recode layer of a document outside the round.
    const outside = await ctx.server.api<Document>('POST', `${base}/documents`, {
      title: 'Three',
      text: 'Q: later?',
    });
    expect(await upgrade(roomName.layer(outside.body.id, keyA), a.token)).toBe(404);
    await code(d1.id, a, keyA, [0]);
    await code(d2.id, a, keyA, [0]);
    await code(d1.id, b, keyB, [0]);
    await code(d2.id, b, keyB, [0]);

    const live = (await ctx.server.api<RoundView>('GET', `${base}/rounds/${roundId}?ci=0`)).body.agreement!;
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

    const closed = await ctx.server.api<RoundView>('POST', `${base}/rounds/${roundId}/close?ci=0`);
    expect(closed.status).toBe(200);
    const frozen = closed.body.agreement!;
    expect(frozen.intraCoder![a.user.id]!.report.codes[0]!.cohensKappa[pairA]).toBeCloseTo(2 / 3, 12);

    // After the close the recode layer stays, read-only for everyone (A included), so what the
    // frozen figures describe is what stays stored; the figures do not move.
    const verdict = await ctx.server.app.access.roomVerdict(
      parseRoomName(roomName.layer(d1.id, keyA))!,
      a.user,
      'check',
    );
    expect(verdict).toMatchObject({ ok: true, access: 'read' });
    const openAgain = await ctx.server.app.access.roomVerdict(
      parseRoomName(roomName.layer(d1.id, a.user.id))!,
      a.user,
      'check',
    );
    expect(openAgain).toMatchObject({ ok: true, access: 'write' });
    const again = (await ctx.server.api<RoundView>('GET', `${base}/rounds/${roundId}`)).body.agreement!;
    expect(again).toEqual(frozen);

    // Recode layers are no extra coders in the project's agreement or its exports.
    const project_ = (await ctx.server.api<ProjectAgreement>('GET', `${base}/agreement?ci=0`)).body;
    expect(project_.report.coders).toEqual([a.user.id, b.user.id].sort());
    const csv = (await download(ctx.server, `${base}/export/codings.csv`)).body.toString('utf8');
    expect(csv).not.toContain(roundId);
    expect(csv).toContain(a.user.id);
    // The methods section reports the frozen intra-coder figures: A's κ of 2/3, B's of 1.
    const md = (await download(ctx.server, `${base}/export/methods?format=md`)).body.toString('utf8');
    expect(md).toContain(
      'intra-coder agreement (pooled κ of a coder’s two codings) ranged from .667 to 1.000.',
    );
  });
});
