/**
 * Analysis in blind rounds and live: a coder in a blind round who names another layer or the
 * consensus gets 403 on every analysis route (exports and the event stream included) and by
 * default sees only their own codings; the live stream sends a coding made over a real socket and
 * ends with an `access` event when the caller loses the layer it names.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCoding } from '../../shared/model/layer.ts';
import { CONSENSUS, roomName } from '../../shared/protocol.ts';
import { connect, synced } from '../helpers/clients.ts';
import {
  codeParagraphs,
  createStudy,
  serverPerTest,
  PARAGRAPH_STARTS,
  type Member,
} from '../helpers/rounds.ts';
import { openSse, type SseStream } from '../helpers/sse.ts';
import type { Code, Document, Project } from '../../shared/schemas.ts';

const ctx = serverPerTest();
let streams: SseStream[] = [];
beforeEach(() => {
  streams = [];
});
afterEach(() => {
  for (const s of streams) s.close();
});

const CODES: Code[] = ['help', 'harm'].map((id, order) => ({
  id,
  name: id,
  parentId: null,
  color: '#225588',
  description: '',
  order,
}));

/** A study with one document, coders A and B and a reviewer, each coder's paragraphs coded. */
async function study(): Promise<{ project: Project; doc: Document; a: Member; b: Member; reviewer: Member }> {
  const { project, docs, members } = await createStudy(ctx.server, {
    name: 'Blind analysis',
    documents: [{ title: 'Interview 1' }],
    team: [
      ['Coder A', 'coder'],
      ['Coder B', 'coder'],
      ['Reviewer', 'reviewer'],
    ],
    codes: CODES,
  });
  const [a, b, reviewer] = members as [Member, Member, Member];
  const doc = docs[0]!;
  await codeParagraphs(ctx, doc.id, a, [
    ['help', 0],
    ['harm', 1],
  ]);
  await codeParagraphs(ctx, doc.id, b, [
    ['help', 0],
    ['help', 2],
  ]);
  await codeParagraphs(ctx, doc.id, reviewer, [['harm', 2]], CONSENSUS);
  return { project, doc, a, b, reviewer };
}

async function sse(path: string, token: string): Promise<SseStream> {
  const s = await openSse(`${ctx.server.http}${path}`, { token });
  streams.push(s);
  return s;
}

const data = <T>(s: SseStream, event: string): T[] =>
  s.events.filter((e) => e.event === event).map((e) => JSON.parse(e.data) as T);

describe('analysis in a blind round', () => {
  it('refuses another layer or the consensus with 403 on every route; defaults hold only the own layer', async () => {
    const { project, a, b, reviewer } = await study();
    const { server } = ctx;
    expect((await server.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
    const base = `/api/projects/${project.id}`;
    for (const layer of [b.user.id, CONSENSUS]) {
      for (const path of [
        `/segments?layer=${layer}`,
        `/segments?layer=${a.user.id}&layer=${layer}`,
        `/segments/export?format=csv&layer=${layer}`,
        `/segments/export?format=docx&layer=${layer}`,
        `/cooccurrence?layer=${layer}`,
        `/matrix?layer=${layer}`,
        `/matrix/export?format=csv&layer=${layer}`,
        `/analysis/events?kind=segments&layer=${layer}`,
        `/analysis/events?kind=cooccurrence&layer=${layer}`,
        `/analysis/events?kind=matrix&layer=${layer}`,
      ]) {
        const res = await fetch(`${server.http}${base}${path}`, {
          headers: { authorization: `Bearer ${a.token}` },
        });
        expect(res.status, path).toBe(403);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code, path).toBe('forbidden');
        expect(body.error.message, path).toMatch(/round is blind/);
      }
    }
    // Defaults: A's own codings only, in every answer.
    const segs = await server.api<{ segments: { layer: string; codeId: string }[]; total: number }>(
      'GET',
      `${base}/segments`,
      undefined,
      a.token,
    );
    expect(segs.body.total).toBe(2);
    expect(segs.body.segments.map((s) => [s.layer, s.codeId])).toEqual([
      [a.user.id, 'help'],
      [a.user.id, 'harm'],
    ]);
    expect((await server.api('GET', `${base}/cooccurrence`, undefined, a.token)).body).toEqual({
      codes: ['help', 'harm'],
      counts: [
        [1, 0],
        [0, 1],
      ],
    });
    expect((await server.api('GET', `${base}/matrix`, undefined, a.token)).body).toMatchObject({
      cells: [[{ codings: 1, documents: 1 }], [{ codings: 1, documents: 1 }]],
    });
    const events = await sse(`${base}/analysis/events?kind=segments`, a.token);
    await expect.poll(() => data<{ total: number }>(events, 'segments').length).toBe(1);
    expect(data<{ total: number }>(events, 'segments')[0]!.total).toBe(2);
    // B likewise reads B's two; the reviewer still reads every layer, named or not.
    expect(
      (await server.api<{ total: number }>('GET', `${base}/segments`, undefined, b.token)).body.total,
    ).toBe(2);
    const reviewed = await server.api<{ total: number }>(
      'GET',
      `${base}/segments?layer=${b.user.id}&layer=consensus`,
      undefined,
      reviewer.token,
    );
    expect([reviewed.status, reviewed.body.total]).toEqual([200, 3]);
    expect(
      (await server.api<{ total: number }>('GET', `${base}/segments`, undefined, reviewer.token)).body.total,
    ).toBe(5);
  });
});

describe('live analysis', () => {
  it('sends a coding made over a real socket in the next segments event', async () => {
    const { project, doc, a } = await study();
    const stream = await sse(`/api/projects/${project.id}/analysis/events?kind=segments&code=harm`, a.token);
    expect(stream.status).toBe(200);
    await expect.poll(() => data(stream, 'segments').length).toBe(1);
    // Open round: A sees A's harm and the consensus' harm.
    expect(data<{ total: number }>(stream, 'segments')[0]!.total).toBe(2);

    const text = connect(ctx.server.ws, roomName.text(doc.id), a.token);
    const layer = connect(ctx.server.ws, roomName.layer(doc.id, a.user.id), a.token);
    ctx.clients.push(text, layer);
    await Promise.all([text, layer].map(synced));
    addCoding(layer.doc, text.doc, {
      id: 'live-1',
      codeId: 'harm',
      start: PARAGRAPH_STARTS[2]!,
      end: PARAGRAPH_STARTS[2]! + 5,
      author: a.user.id,
      memo: 'new',
      now: new Date(0).toISOString(),
    });
    await expect
      .poll(() =>
        data<{ segments: { codingId: string; text: string; memo: string }[] }>(stream, 'segments')
          .at(-1)
          ?.segments.find((s) => s.codingId === 'live-1'),
      )
      .toMatchObject({ text: 'Third', memo: 'new' });
    expect(data<{ total: number }>(stream, 'segments').at(-1)!.total).toBe(3);
  });

  it('streams co-occurrence and matrix of the own layer', async () => {
    const { project, a } = await study();
    const base = `/api/projects/${project.id}/analysis/events`;
    const co = await sse(`${base}?kind=cooccurrence`, a.token);
    const matrix = await sse(`${base}?kind=matrix&columns=documents`, a.token);
    await expect
      .poll(() => data(co, 'cooccurrence')[0])
      .toEqual({
        codes: ['help', 'harm'],
        counts: [
          [1, 0],
          [0, 1],
        ],
      });
    await expect.poll(() => data(matrix, 'matrix')[0]).toMatchObject({ rows: ['help', 'harm'] });
  });

  it('sends a blind coder nothing when only another coder codes: no signal of when others work', async () => {
    const { project, doc, a, b, reviewer } = await study();
    expect((await ctx.server.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
    const base = `/api/projects/${project.id}/analysis/events?kind=segments`;
    const own = await sse(base, a.token);
    const all = await sse(base, reviewer.token);
    await expect.poll(() => data(own, 'segments').length).toBe(1);
    await expect.poll(() => data(all, 'segments').length).toBe(1);
    expect(data<{ total: number }>(own, 'segments')[0]!.total).toBe(2);

    const coding = async (member: Member, id: string, paragraph: number) => {
      const text = connect(ctx.server.ws, roomName.text(doc.id), member.token);
      const layer = connect(ctx.server.ws, roomName.layer(doc.id, member.user.id), member.token);
      ctx.clients.push(text, layer);
      await Promise.all([text, layer].map(synced));
      addCoding(layer.doc, text.doc, {
        id,
        codeId: 'harm',
        start: PARAGRAPH_STARTS[paragraph]!,
        end: PARAGRAPH_STARTS[paragraph]! + 3,
        author: member.user.id,
        memo: '',
        now: new Date(0).toISOString(),
      });
    };
    // B codes; the reviewer's stream shows it, so the server has recomputed the streams it moved.
    await coding(b, 'b-late', 1);
    await expect
      .poll(() =>
        data<{ segments: { codingId: string }[] }>(all, 'segments')
          .at(-1)
          ?.segments.map((x) => x.codingId),
      )
      .toContain('b-late');
    // Then A codes: A's next event is that coding, with nothing sent for B's in between.
    await coding(a, 'a-late', 2);
    await expect
      .poll(() =>
        data<{ segments: { codingId: string }[] }>(own, 'segments')
          .at(-1)
          ?.segments.map((x) => x.codingId),
      )
      .toContain('a-late');
    expect(data<{ total: number }>(own, 'segments').map((e) => e.total)).toEqual([2, 3]);
  });

  it('ends with an access event when the round turns blind for a stream naming another layer', async () => {
    const { project, a, b } = await study();
    const named = await sse(
      `/api/projects/${project.id}/analysis/events?kind=segments&layer=${b.user.id}`,
      a.token,
    );
    const own = await sse(`/api/projects/${project.id}/analysis/events?kind=segments`, a.token);
    await expect.poll(() => data(named, 'segments').length).toBe(1);
    await expect.poll(() => data(own, 'segments').length).toBe(1);
    expect(data<{ total: number }>(own, 'segments')[0]!.total).toBe(5);
    expect((await ctx.server.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
    await named.ended;
    expect(data(named, 'access')).toEqual([
      { error: { code: 'forbidden', message: expect.stringMatching(/round is blind/) as string } },
    ]);
    // The default stream stays, and at once narrows to A's own two codings.
    await expect.poll(() => data<{ total: number }>(own, 'segments').at(-1)!.total).toBe(2);
    expect(own.isEnded).toBe(false);
    // Removing A from the project ends it too.
    expect((await ctx.server.api('DELETE', `/api/projects/${project.id}/members/${a.user.id}`)).status).toBe(
      204,
    );
    await own.ended;
    expect(data<{ error: { code: string } }>(own, 'access')[0]!.error.code).toBe('forbidden');
  });
});
