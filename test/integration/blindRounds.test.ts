/**
 * Blind rounds leak nothing about another coder: no figure computed across layers reaches a coder
 * (REST, export, live stream), open streams follow the round and membership, and presence carries
 * no cursor or selection. Real server, real sockets, real y-websocket clients.
 */
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { addCoding, setCompleted } from '../../shared/model/layer.ts';
import { roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { openSse, type SseStream } from '../helpers/sse.ts';

let server: TestServer;
let clients: Client[];
let streams: SseStream[];

beforeEach(async () => {
  server = await startServer({ config: { liveDebounceMs: 0 } });
  clients = [];
  streams = [];
});
afterEach(async () => {
  for (const s of streams) s.close();
  closeAll(clients);
  await server.destroy();
});

function open(room: string, token: string): Client {
  const c = connect(server.ws, room, token);
  clients.push(c);
  return c;
}

async function stream(path: string, token: string): Promise<SseStream> {
  const s = await openSse(`${server.http}${path}`, { token });
  streams.push(s);
  return s;
}

/** A project with one document, two coders and a reviewer. */
async function team() {
  const project = (await server.api<Project>('POST', '/api/projects', { name: 'Blind' })).body;
  const doc = (
    await server.api<Document>('POST', `/api/projects/${project.id}/documents`, {
      title: 'T',
      text: 'First line.\nSecond line.\nThird line.',
    })
  ).body;
  const [a, b, reviewer] = await Promise.all([
    server.user('Coder A'),
    server.user('Coder B'),
    server.user('Reviewer'),
  ]);
  for (const [m, role] of [
    [a, 'coder'],
    [b, 'coder'],
    [reviewer, 'reviewer'],
  ] as const) {
    await server.api('POST', `/api/projects/${project.id}/members`, { userId: m.user.id, role });
  }
  return { project, doc, a, b, reviewer };
}

/** Codes the first `length` characters of the text in the coder's layer, over a real socket. */
async function code(docId: string, token: string, coderId: string, codingId: string, length: number) {
  const text = open(roomName.text(docId), token);
  const layer = open(roomName.layer(docId, coderId), token);
  await Promise.all([text, layer].map(synced));
  addCoding(layer.doc, text.doc, {
    id: codingId,
    codeId: 'k1',
    start: 0,
    end: length,
    author: coderId,
    now: new Date(0).toISOString(),
  });
}

const ROUTES = (projectId: string) => [
  `/api/projects/${projectId}/agreement?ci=0`,
  `/api/projects/${projectId}/agreement/input`,
  `/api/projects/${projectId}/export/agreement?format=json&ci=0`,
];

describe('figures across layers in a blind round', () => {
  it('are refused to coders with 403 forbidden naming the blind round, on every route; reviewers get them', async () => {
    const { project, a, reviewer } = await team();
    for (const path of ROUTES(project.id))
      expect((await server.api('GET', path, undefined, a.token)).status).toBe(200);
    expect((await server.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);

    for (const path of ROUTES(project.id)) {
      const res = await server.api<{ error: { code: string; message: string } }>(
        'GET',
        path,
        undefined,
        a.token,
      );
      expect(res.status, path).toBe(403);
      expect(res.body.error.code, path).toBe('forbidden');
      expect(res.body.error.message, path).toMatch(/round is blind/);
      expect((await server.api('GET', path, undefined, reviewer.token)).status, path).toBe(200);
    }
    const events = await stream(`/api/projects/${project.id}/agreement/events`, a.token);
    expect(events.status).toBe(403);
    await events.ended;
    const reviewerEvents = await stream(`/api/projects/${project.id}/agreement/events`, reviewer.token);
    expect(reviewerEvents.status).toBe(200);
    await vi.waitFor(() => expect(reviewerEvents.events.map((e) => e.event)).toContain('agreement'));
  });
});

describe('progress and done marks in a blind round', () => {
  it('show a coder their own layer only; a reviewer sees everyone’s', async () => {
    const { project, doc, a, b, reviewer } = await team();
    await code(doc.id, b.token, b.user.id, 'b1', 5);
    const layerB = clients.at(-1)!;
    setCompleted(layerB.doc, true);
    await code(doc.id, a.token, a.user.id, 'a1', 3);
    expect((await server.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
    const path = `/api/projects/${project.id}/documents/${doc.id}/codings`;
    type Coded = { codings: { coder: string }[]; completed: string[] };
    await vi.waitFor(async () => {
      const seen = (await server.api<Coded>('GET', path, undefined, reviewer.token)).body;
      expect(seen.completed).toEqual([b.user.id]);
      expect(new Set(seen.codings.map((c) => c.coder))).toEqual(new Set([a.user.id, b.user.id]));
    });
    const byA = (await server.api<Coded>('GET', path, undefined, a.token)).body;
    expect(byA.completed).toEqual([]);
    expect(byA.codings.map((c) => c.coder)).toEqual([a.user.id]);
  });
});

describe('live agreement streams', () => {
  it('end with an access event when the round turns blind; a reviewer’s stays live', async () => {
    const { project, doc, a, b, reviewer } = await team();
    const coderStream = await stream(`/api/projects/${project.id}/agreement/events`, a.token);
    const reviewerStream = await stream(`/api/projects/${project.id}/agreement/events`, reviewer.token);
    await vi.waitFor(() => expect(coderStream.events.map((e) => e.event)).toContain('agreement'));
    await vi.waitFor(() => expect(reviewerStream.events.map((e) => e.event)).toContain('agreement'));

    expect(
      (await server.api('PATCH', `/api/projects/${project.id}`, { blind: true }, reviewer.token)).status,
    ).toBe(200);
    await coderStream.ended;
    expect(coderStream.isEnded).toBe(true);
    const last = coderStream.events.at(-1)!;
    expect(last.event).toBe('access');
    expect(JSON.parse(last.data)).toMatchObject({
      error: { code: 'forbidden', message: expect.stringMatching(/blind/) },
    });

    // The reviewer's stream still reports B's work; the coder's ended stream got nothing of it.
    const before = coderStream.events.length;
    const seen = reviewerStream.events.length;
    await code(doc.id, b.token, b.user.id, 'b1', 5);
    await vi.waitFor(() => expect(reviewerStream.events.length).toBeGreaterThan(seen));
    expect(reviewerStream.isEnded).toBe(false);
    expect(coderStream.events.length).toBe(before);
  });

  it('of a reviewer made a coder during a blind round end', async () => {
    const { project, reviewer } = await team();
    expect((await server.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
    const live = await stream(`/api/projects/${project.id}/agreement/events`, reviewer.token);
    await vi.waitFor(() => expect(live.events.map((e) => e.event)).toContain('agreement'));
    const demoted = await server.api('PATCH', `/api/projects/${project.id}/members/${reviewer.user.id}`, {
      role: 'coder',
    });
    expect(demoted.status).toBe(200);
    await live.ended;
    expect(JSON.parse(live.events.at(-1)!.data)).toMatchObject({
      error: { code: 'forbidden', message: expect.stringMatching(/round is blind/) as string },
    });
  });

  it('let no report through after a change nobody announced (made through another instance)', async () => {
    await server.destroy();
    // No database polling either: only the check before each report can notice.
    server = await startServer({ config: { liveDebounceMs: 0, catchUpIntervalMs: 0 } });
    const { project, doc, a, b } = await team();
    const live = await stream(`/api/projects/${project.id}/agreement/events`, a.token);
    await vi.waitFor(() => expect(live.events.map((e) => e.event)).toContain('agreement'));
    // Written straight into the database, as another instance would with Redis down.
    await server.app.storage.updateProject(project.id, { blind: true });
    const reports = live.events.filter((e) => e.event === 'agreement').length;
    await code(doc.id, b.token, b.user.id, 'b1', 5);
    await live.ended;
    expect(live.events.filter((e) => e.event === 'agreement')).toHaveLength(reports);
    expect(JSON.parse(live.events.at(-1)!.data)).toMatchObject({ error: { code: 'forbidden' } });
  });

  it('of a removed member end', async () => {
    const { project, a } = await team();
    const coderStream = await stream(`/api/projects/${project.id}/agreement/events`, a.token);
    await vi.waitFor(() => expect(coderStream.events.map((e) => e.event)).toContain('agreement'));
    expect((await server.api('DELETE', `/api/projects/${project.id}/members/${a.user.id}`)).status).toBe(204);
    await coderStream.ended;
    expect(coderStream.events.at(-1)?.event).toBe('access');
    expect(JSON.parse(coderStream.events.at(-1)!.data)).toMatchObject({ error: { code: 'forbidden' } });
  });
});

describe('presence', () => {
  /** Every presence state of `userId` that `observer` has received, as JSON. */
  function record(observer: Client, userId: string): Record<string, unknown>[] {
    const seen: Record<string, unknown>[] = [];
    observer.provider.awareness.on('change', () => {
      for (const state of observer.provider.awareness.getStates().values()) {
        const user = (state as { user?: { id?: string } }).user;
        if (user?.id === userId) seen.push(structuredClone(state));
      }
    });
    return seen;
  }

  it('of coders carries names only once the round is blind: cursors and selections are stripped', async () => {
    const { project, doc, a, b, reviewer } = await team();
    const room = roomName.text(doc.id);
    const [onA, onB, onReviewer] = [open(room, a.token), open(room, b.token), open(room, reviewer.token)];
    await Promise.all([onA, onB, onReviewer].map(synced));
    const seenByB = record(onB, a.user.id);
    const awarenessA = onA.provider.awareness;
    awarenessA.setLocalStateField('user', { name: 'A', color: 'open' });
    awarenessA.setLocalStateField('cursor', { anchor: 1, head: 4 });
    // In an open round B sees where A is.
    await vi.waitFor(() => expect(seenByB.some((s) => 'cursor' in s)).toBe(true));

    expect(
      (await server.api('PATCH', `/api/projects/${project.id}`, { blind: true }, reviewer.token)).status,
    ).toBe(200);
    // The selection from before blinding is gone from what B holds (A's connection reconnected,
    // its presence now carrying less).
    const stateOfA = () =>
      [...onB.provider.awareness.getStates().values()].find(
        (s) => (s as { user?: { id?: string } }).user?.id === a.user.id,
      ) as Record<string, unknown> | undefined;
    await vi.waitFor(() => expect(stateOfA() === undefined || !('cursor' in stateOfA()!)).toBe(true));
    // A moves on during the blind round: B learns that A is there (name, colour), never where.
    const before = seenByB.length;
    await vi.waitFor(() => expect(onA.provider.synced).toBe(true));
    awarenessA.setLocalStateField('cursor', { anchor: 9, head: 12 });
    awarenessA.setLocalStateField('user', { name: 'A', color: 'blind' });
    await vi.waitFor(() =>
      expect(stateOfA()).toMatchObject({ user: { id: a.user.id, name: 'Coder A', color: 'blind' } }),
    );
    expect(stateOfA()).not.toHaveProperty('cursor');
    expect(seenByB.slice(before).filter((s) => 'cursor' in s)).toEqual([]);
    // The reviewer's presence is whole: they see every layer anyway.
    onReviewer.provider.awareness.setLocalStateField('cursor', { anchor: 2, head: 3 });
    await vi.waitFor(() =>
      expect(
        [...onB.provider.awareness.getStates().values()].some(
          (s) => (s as { user?: { id?: string } }).user?.id === reviewer.user.id && 'cursor' in s,
        ),
      ).toBe(true),
    );
  });

  it('larger than 64 KiB closes its connection with 1009 and reaches nobody', async () => {
    const { doc, a, b } = await team();
    const room = roomName.text(doc.id);
    const [onA, onB] = [open(room, a.token), open(room, b.token)];
    await Promise.all([onA, onB].map(synced));
    const seenByB = record(onB, a.user.id);
    onA.provider.awareness.setLocalStateField('user', { name: 'A' });
    await vi.waitFor(() => expect(seenByB.length).toBeGreaterThan(0));
    const closes: number[] = [];
    onA.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));

    onA.provider.awareness.setLocalStateField('big', 'x'.repeat(100 * 1024));
    await vi.waitFor(() => expect(closes).toContain(1009));
    // Leaving removes A's presence from B: relayed after the big state would have been.
    await vi.waitFor(() =>
      expect(
        [...onB.provider.awareness.getStates().values()].some(
          (s) => (s as { user?: { id?: string } }).user?.id === a.user.id,
        ),
      ).toBe(false),
    );
    expect(seenByB.filter((s) => 'big' in s)).toEqual([]);
    onA.provider.destroy();
  });

  it('is limited per connection, not per entry: many client ids of 60 KB each close it', async () => {
    const { doc, a, b } = await team();
    const room = roomName.text(doc.id);
    const onB = open(room, b.token);
    await synced(onB);
    const ws = new WebSocket(`${server.ws}/${room}?token=${a.token}`);
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    // One awareness message speaking for three client ids, each state under the per-state size.
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 3);
    for (const id of [9001, 9002, 9003]) {
      encoding.writeVarUint(update, id);
      encoding.writeVarUint(update, 1);
      encoding.writeVarString(update, JSON.stringify({ pad: 'x'.repeat(60_000) }));
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(update));
    ws.send(encoding.toUint8Array(e));
    expect(await closed).toBe(1009);
    expect([...onB.provider.awareness.getStates().keys()].filter((id) => id >= 9001 && id <= 9003)).toEqual(
      [],
    );
  });
});
