/**
 * Memos end to end on a real server: REST metadata, bodies written live by stock y-websocket
 * clients and copied for the list's search, blind-round rules on REST and on the socket, viewers
 * reading only, deletion closing the room. Real SQLite, real sockets.
 */
import { describe, expect, it, vi } from 'vitest';
import type { MemoList, MemoView } from '../../shared/memos/schemas.ts';
import { memoBody } from '../../shared/model/memo.ts';
import { CloseCode, parseRoomName, roomName } from '../../shared/protocol.ts';
import type { AuditEntry } from '../../shared/schemas.ts';
import { connect, converged, synced, type Client } from '../helpers/clients.ts';
import { createStudy, serverPerTest, type Member } from '../helpers/rounds.ts';

const ctx = serverPerTest();

const code = (id: string, name: string) => ({
  id,
  name,
  parentId: null,
  color: '#336699',
  description: `${name} means…`,
  order: 0,
});

async function study() {
  const { project, docs, members } = await createStudy(ctx.server, {
    name: 'Ward study',
    documents: [{ title: 'Nurse 1' }, { title: 'Nurse 2' }],
    team: [
      ['Olive Owner', 'owner'],
      ['Rita Reviewer', 'reviewer'],
      ['Cora Coder', 'coder'],
      ['Carl Coder', 'coder'],
      ['Vera Viewer', 'viewer'],
    ],
    codes: [code('beds', 'Beds'), code('staff', 'Staffing')],
  });
  const [owner, reviewer, coderA, coderB, viewer] = members as [Member, Member, Member, Member, Member];
  return {
    project,
    docs,
    owner,
    reviewer,
    coderA,
    coderB,
    viewer,
    base: `/api/projects/${project.id}/memos`,
  };
}

function open(room: string, token: string): Client {
  const c = connect(ctx.server.ws, room, token);
  ctx.clients.push(c);
  return c;
}

async function create(base: string, token: string, body: unknown): Promise<MemoView> {
  const res = await ctx.server.api<MemoView>('POST', base, body, token);
  expect(res.status).toBe(201);
  return res.body;
}

const list = async (path: string, token: string) => {
  const res = await ctx.server.api<MemoList>('GET', path, undefined, token);
  expect(res.status).toBe(200);
  return res.body.memos;
};

describe('memos', () => {
  it('creates, lists with filters, reads, renames, relinks and deletes memos of each kind, audited', async () => {
    const { docs, owner, coderA, base, project } = await study();
    const d1 = docs[0]!;
    const projectMemo = await create(base, owner.token, { kind: 'project', title: 'Emerging themes' });
    expect(projectMemo).toMatchObject({
      kind: 'project',
      title: 'Emerging themes',
      authorId: owner.user.id,
      authorName: 'Olive Owner',
      links: { codes: [], documents: [], passages: [] },
      body: '',
      access: 'write',
      room: roomName.memo(project.id, projectMemo.id),
    });
    const docMemo = await create(base, coderA.token, {
      kind: 'document',
      title: 'Nurse 1 reads tired',
      links: { documents: [d1.id], passages: [{ documentId: d1.id, start: 0, end: 6 }] },
    });
    const codeMemo = await create(base, owner.token, {
      kind: 'code',
      title: 'What counts as Beds',
      links: { codes: ['beds'] },
    });

    expect((await list(base, owner.token)).map((m) => m.id)).toEqual([
      projectMemo.id,
      docMemo.id,
      codeMemo.id,
    ]);
    expect((await list(`${base}?kind=code`, owner.token)).map((m) => m.id)).toEqual([codeMemo.id]);
    expect((await list(`${base}?code=beds`, owner.token)).map((m) => m.id)).toEqual([codeMemo.id]);
    expect((await list(`${base}?document=${d1.id}`, owner.token)).map((m) => m.id)).toEqual([docMemo.id]);
    expect((await list(`${base}?q=TIRED%20nurse`, owner.token)).map((m) => m.id)).toEqual([docMemo.id]);
    expect(await list(`${base}?q=tired&kind=project`, owner.token)).toEqual([]);
    const [summary] = await list(`${base}?kind=document`, owner.token);
    expect(Object.keys(summary!).sort()).toEqual(
      ['authorId', 'authorName', 'createdAt', 'excerpt', 'id', 'kind', 'links', 'title', 'updatedAt'].sort(),
    );

    // Refused at the field: a code memo without its code, links to what the project lacks.
    const bad = await ctx.server.api<{ error: { code: string; issues: { path: unknown[] }[] } }>(
      'POST',
      base,
      { kind: 'code', title: 'No code' },
      owner.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i) => i.path)).toEqual([['links', 'codes']]);
    const unknown = await ctx.server.api<{ error: { issues: { path: unknown[] }[] } }>(
      'POST',
      base,
      {
        kind: 'project',
        title: 'Dangling',
        links: { codes: ['nope'], passages: [{ documentId: d1.id, start: 0, end: 9999 }] },
      },
      owner.token,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues.map((i) => i.path)).toEqual([
      ['links', 'codes', 0],
      ['links', 'passages', 0, 'end'],
    ]);

    const renamed = await ctx.server.api<MemoView>(
      'PATCH',
      `${base}/${codeMemo.id}`,
      { title: 'Beds: inclusion notes', links: { codes: ['beds', 'staff'] } },
      owner.token,
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      title: 'Beds: inclusion notes',
      links: { codes: ['beds', 'staff'] },
    });
    expect((await list(`${base}?code=staff`, owner.token)).map((m) => m.id)).toEqual([codeMemo.id]);

    expect((await ctx.server.api('DELETE', `${base}/${codeMemo.id}`, undefined, owner.token)).status).toBe(
      204,
    );
    expect((await ctx.server.api('GET', `${base}/${codeMemo.id}`, undefined, owner.token)).status).toBe(404);
    expect((await ctx.server.api('DELETE', `${base}/${codeMemo.id}`, undefined, owner.token)).status).toBe(
      404,
    );
    const spec = (await ctx.server.api<{ paths: Record<string, unknown> }>('GET', '/api/openapi.json')).body;
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/projects/{projectId}/memos', '/api/projects/{projectId}/memos/{memoId}']),
    );
    const log = (await ctx.server.api<AuditEntry[]>('GET', `/api/projects/${project.id}/audit`)).body;
    expect(log.filter((e) => e.action.startsWith('memo.')).map((e) => e.action)).toEqual([
      'memo.delete',
      'memo.update',
      'memo.create',
      'memo.create',
      'memo.create',
    ]);
  });

  it('merges two writers’ edits of one memo live, keeps the body and finds it in the list’s search', async () => {
    const { owner, coderA, base } = await study();
    const memo = await create(base, owner.token, { kind: 'project', title: 'Shared reading' });
    const first = open(memo.room, owner.token);
    const second = open(memo.room, coderA.token);
    await Promise.all([first, second].map(synced));
    memoBody(first.doc).insert(0, 'Beds are scarce. ');
    memoBody(second.doc).insert(0, 'Staff rotate weekly 😀. ');
    await converged([first, second]);
    const text = memoBody(first.doc).toString();
    expect(text).toContain('Beds are scarce. ');
    expect(text).toContain('Staff rotate weekly 😀. ');
    expect(memoBody(second.doc).toString()).toBe(text);

    // The list's copy follows the room (debounced), so search finds the words.
    await expect
      .poll(async () => (await list(`${base}?q=rotate%20scarce`, owner.token)).map((m) => m.excerpt))
      .toEqual([text.trim()]);
    // The room holds the truth (its stored log); the memo read reports it whole.
    const read = await ctx.server.api<MemoView>('GET', `${base}/${memo.id}`, undefined, owner.token);
    expect(read.body.body).toBe(text);
    expect(await ctx.server.app.storage.listRooms(memo.room)).toEqual([memo.room]);
  });

  it('lets viewers read memos but not write them, over REST and the socket', async () => {
    const { owner, viewer, base } = await study();
    const memo = await create(base, owner.token, { kind: 'project', title: 'For all' });
    expect(
      (await ctx.server.api('POST', base, { kind: 'project', title: 'Mine' }, viewer.token)).status,
    ).toBe(403);
    const read = await ctx.server.api<MemoView>('GET', `${base}/${memo.id}`, undefined, viewer.token);
    expect(read.status).toBe(200);
    expect(read.body.access).toBe('read');
    expect((await ctx.server.api('PATCH', `${base}/${memo.id}`, { title: 'X' }, viewer.token)).status).toBe(
      403,
    );
    expect((await ctx.server.api('DELETE', `${base}/${memo.id}`, undefined, viewer.token)).status).toBe(403);
    const verdict = await ctx.server.app.access.roomVerdict(parseRoomName(memo.room)!, viewer.user, 'check');
    expect(verdict).toMatchObject({ ok: true, access: 'read' });
    await expectReadOnly(memo.room, viewer.token, owner.token);
  });

  it('in a blind round shows a coder only their own memos and owners’ and reviewers’, those read-only', async () => {
    const { owner, reviewer, coderA, coderB, base, project } = await study();
    const ownerMemo = await create(base, owner.token, { kind: 'project', title: 'Owner memo' });
    const reviewerMemo = await create(base, reviewer.token, { kind: 'project', title: 'Reviewer memo' });
    const aMemo = await create(base, coderA.token, { kind: 'project', title: 'A memo' });
    const bMemo = await create(base, coderB.token, { kind: 'project', title: 'B memo' });
    // B holds A's memo open when the round turns blind: the socket is closed (4403).
    const bOnA = open(aMemo.room, coderB.token);
    await synced(bOnA);
    const bClosed = new Promise<number>((resolve) =>
      bOnA.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
    );
    // A holds the owner's memo open for writing: it reconnects read-only.
    const aOnOwner = open(ownerMemo.room, coderA.token);
    await synced(aOnOwner);
    expect(
      (await ctx.server.api('PATCH', `/api/projects/${project.id}`, { blind: true }, owner.token)).status,
    ).toBe(200);
    expect(await bClosed).toBe(CloseCode.forbidden);
    bOnA.provider.disconnect();

    expect((await list(base, coderA.token)).map((m) => m.title)).toEqual([
      'Owner memo',
      'Reviewer memo',
      'A memo',
    ]);
    expect((await list(base, reviewer.token)).map((m) => m.title)).toEqual([
      'Owner memo',
      'Reviewer memo',
      'A memo',
      'B memo',
    ]);
    const hidden = await ctx.server.api<{ error: { code: string } }>(
      'GET',
      `${base}/${bMemo.id}`,
      undefined,
      coderA.token,
    );
    expect(hidden.status).toBe(403);
    expect(hidden.body.error.code).toBe('forbidden');
    expect((await ctx.server.api('PATCH', `${base}/${bMemo.id}`, { title: 'Y' }, coderA.token)).status).toBe(
      403,
    );
    expect(
      (await ctx.server.api<MemoView>('GET', `${base}/${ownerMemo.id}`, undefined, coderA.token)).body.access,
    ).toBe('read');
    expect(
      (await ctx.server.api('PATCH', `${base}/${ownerMemo.id}`, { title: 'Z' }, coderA.token)).status,
    ).toBe(403);
    expect(
      (await ctx.server.api<MemoView>('GET', `${base}/${aMemo.id}`, undefined, coderA.token)).body.access,
    ).toBe('write');

    const check = (room: string, m: Member) =>
      ctx.server.app.access.roomVerdict(parseRoomName(room)!, m.user, 'c');
    expect(await check(bMemo.room, coderA)).toMatchObject({ ok: false, status: 403 });
    expect(await check(ownerMemo.room, coderA)).toMatchObject({ ok: true, access: 'read' });
    expect(await check(reviewerMemo.room, coderA)).toMatchObject({ ok: true, access: 'read' });
    expect(await check(aMemo.room, coderA)).toMatchObject({ ok: true, access: 'write' });
    expect(await check(aMemo.room, reviewer)).toMatchObject({ ok: true, access: 'write' });
    await vi.waitFor(() => {
      const conn = ctx.server.app.registry
        .peek(ownerMemo.room)
        ?.connectionList()
        .find((c) => c.user?.id === coderA.user.id);
      expect(conn?.access).toBe('read');
    });
    await expectReadOnly(ownerMemo.room, coderA.token, owner.token);

    // The round opens again: B reads and writes A's memo once more.
    expect(
      (await ctx.server.api('PATCH', `/api/projects/${project.id}`, { blind: false }, owner.token)).status,
    ).toBe(200);
    expect(await check(aMemo.room, coderB)).toMatchObject({ ok: true, access: 'write' });
    expect((await list(base, coderA.token)).map((m) => m.title)).toContain('B memo');
  });

  it('closes the sockets of a deleted memo (4404) and does not let a reconnect re-create it', async () => {
    const { owner, coderA, base } = await study();
    const memo = await create(base, coderA.token, { kind: 'project', title: 'Short-lived' });
    const writer = open(memo.room, coderA.token);
    await synced(writer);
    memoBody(writer.doc).insert(0, 'draft');
    await expect.poll(() => ctx.server.app.storage.listRooms(memo.room)).toEqual([memo.room]);
    const closes: { code: number; reason: string }[] = [];
    writer.provider.on('connection-close', (event) =>
      closes.push({ code: event?.code ?? 0, reason: event?.reason ?? '' }),
    );
    // Only its author or an owner or reviewer deletes it.
    expect((await ctx.server.api('DELETE', `${base}/${memo.id}`, undefined, owner.token)).status).toBe(204);
    await vi.waitFor(() =>
      expect(closes[0]).toEqual({ code: CloseCode.notFound, reason: 'this memo was deleted' }),
    );
    // A client offering its copy again is refused: the room name no longer leads anywhere.
    memoBody(writer.doc).insert(0, 'late ');
    const late = open(memo.room, coderA.token);
    memoBody(late.doc).insert(0, 'late copy');
    const refused = new Promise<number>((resolve) =>
      late.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
    );
    await refused;
    late.provider.disconnect();
    writer.provider.disconnect();
    expect(await ctx.server.app.storage.listRooms(memo.room)).toEqual([]);
    expect(ctx.server.app.registry.peek(memo.room)).toBeNull();
    expect(await list(base, owner.token)).toEqual([]);
  });
});

/**
 * A read-only connection's edits reach nobody: the reader edits, then a writer edits; once the
 * reader holds the writer's edit, the room (server) and the writer still lack the reader's.
 */
async function expectReadOnly(room: string, readerToken: string, writerToken: string): Promise<void> {
  const reader = open(room, readerToken);
  const writer = open(room, writerToken);
  await Promise.all([reader, writer].map(synced));
  memoBody(reader.doc).insert(0, 'LEAK ');
  memoBody(writer.doc).insert(memoBody(writer.doc).length, ' written');
  await vi.waitFor(() => expect(memoBody(reader.doc).toString()).toContain(' written'));
  const served = ctx.server.app.registry.peek(room)!;
  expect(memoBody(served.doc).toString()).not.toContain('LEAK');
  expect(memoBody(writer.doc).toString()).not.toContain('LEAK');
}
