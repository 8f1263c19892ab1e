/**
 * The storage contract, run against every backend: `registerStorageContractTests(name, factory)`.
 * The factory returns fresh, empty storage for each test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Storage } from '../../server/storage/Storage.ts';
import { registerMemoStoreCases } from './memoStoreContract.ts';
import { registerRoundStoreCases } from './roundStoreContract.ts';
import { registerCaseStoreCases } from './caseStoreContract.ts';
import { registerProgressStoreCases } from './progressStoreContract.ts';

export interface StorageFactory {
  open(): Promise<Storage>;
  /** Reopens the same database (to check durability), after `close()` of the first. */
  reopen(): Promise<Storage>;
  cleanup?(): Promise<void>;
}

const bytes = (...values: number[]) => new Uint8Array(values);

export function registerStorageContractTests(name: string, factory: () => StorageFactory): void {
  describe(`storage contract: ${name}`, () => {
    let f: StorageFactory;
    let storage: Storage;
    let opened = false;

    beforeEach(async () => {
      opened = false;
      f = factory();
      storage = await f.open();
      opened = true;
    });
    afterEach(async () => {
      // When open() failed there is nothing to close, but the factory's leftovers still go.
      try {
        if (opened) await storage.close().catch(() => undefined);
      } finally {
        await f.cleanup?.();
      }
    });

    registerRoundStoreCases(() => storage);
    registerMemoStoreCases(() => storage);
    registerCaseStoreCases(() => storage);
    registerProgressStoreCases(() => storage);

    it('numbers appended updates consecutively per room, from 1', async () => {
      expect(await storage.appendUpdates('text:a', [bytes(1), bytes(2)])).toBe(2);
      expect(await storage.appendUpdates('text:b', [bytes(9)])).toBe(1);
      expect(await storage.appendUpdates('text:a', [bytes(3)])).toBe(3);
      const log = await storage.loadRoom('text:a');
      expect(log.snapshot).toBeNull();
      expect(log.snapshotSeq).toBe(0);
      expect(log.updates.map((u) => [u.seq, [...u.data]])).toEqual([
        [1, [1]],
        [2, [2]],
        [3, [3]],
      ]);
    });

    it('refuses an empty append', async () => {
      await expect(storage.appendUpdates('text:a', [])).rejects.toThrow(RangeError);
    });

    it('keeps large batches whole and in order', async () => {
      const updates = Array.from({ length: 1234 }, (_, i) => bytes(i & 0xff, i >> 8));
      expect(await storage.appendUpdates('text:big', updates)).toBe(1234);
      const log = await storage.loadRoom('text:big');
      expect(log.updates).toHaveLength(1234);
      expect(
        log.updates.every((u, i) => u.seq === i + 1 && u.data[0] === (i & 0xff) && u.data[1] === i >> 8),
      ).toBe(true);
    });

    it('gives concurrent appenders gap-free, distinct numbers', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => storage.appendUpdates('text:c', [bytes(i), bytes(i)])),
      );
      expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => 2 * (i + 1)));
      const log = await storage.loadRoom('text:c');
      expect(log.updates.map((u) => u.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    });

    it('reads updates after a sequence number', async () => {
      await storage.appendUpdates('text:a', [bytes(1), bytes(2), bytes(3)]);
      expect((await storage.readUpdatesSince('text:a', 1)).map((u) => u.seq)).toEqual([2, 3]);
      expect(await storage.readUpdatesSince('text:a', 3)).toEqual([]);
      expect(await storage.readUpdatesSince('text:none', 0)).toEqual([]);
    });

    it('compacts: snapshot replaces the merged range only, in one step', async () => {
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 5; i++) doc.getText('content').insert(0, `${i}`);
      await storage.appendUpdates('text:a', updates.slice(0, 3));
      const partial = new Y.Doc();
      for (const u of updates.slice(0, 3)) Y.applyUpdate(partial, u);
      await storage.appendUpdates('text:a', updates.slice(3));

      await storage.compact('text:a', Y.encodeStateAsUpdate(partial), 3);
      const log = await storage.loadRoom('text:a');
      expect(log.snapshotSeq).toBe(3);
      expect(log.updates.map((u) => u.seq)).toEqual([4, 5]);
      const rebuilt = new Y.Doc();
      Y.applyUpdate(rebuilt, log.snapshot!);
      for (const u of log.updates) Y.applyUpdate(rebuilt, u.data);
      expect(rebuilt.getText('content').toString()).toBe('43210');
      // Numbering continues after compaction.
      expect(await storage.appendUpdates('text:a', [updates[0]!])).toBe(6);
    });

    it('ignores a stale compaction and one beyond the log', async () => {
      await storage.appendUpdates('text:a', [bytes(1), bytes(2), bytes(3)]);
      await storage.compact('text:a', bytes(0, 0), 2);
      await storage.compact('text:a', bytes(7, 7), 1);
      let log = await storage.loadRoom('text:a');
      expect(log.snapshotSeq).toBe(2);
      expect([...log.snapshot!]).toEqual([0, 0]);
      await storage.compact('text:a', bytes(8, 8), 10);
      log = await storage.loadRoom('text:a');
      expect(log.snapshotSeq).toBe(2);
      expect(log.updates.map((u) => u.seq)).toEqual([3]);
    });

    it('reports the last sequence number of many rooms in one call', async () => {
      await storage.appendUpdates('text:a', [bytes(1), bytes(2)]);
      await storage.appendUpdates('text:b', [bytes(1)]);
      await storage.compact('text:a', bytes(0), 2);
      const rooms = [
        'text:a',
        'text:b',
        'text:none',
        ...Array.from({ length: 1200 }, (_, i) => `text:x${i}`),
      ];
      expect(await storage.lastSeqs(rooms)).toEqual(
        new Map([
          ['text:a', 2],
          ['text:b', 1],
        ]),
      );
      expect(await storage.lastSeqs([])).toEqual(new Map());
    });

    it('numbers appends from two handles on the same database without gaps (several instances)', async () => {
      const other = await f.open();
      try {
        const results = await Promise.all(
          Array.from({ length: 30 }, (_, i) => (i % 2 ? storage : other).appendUpdates('text:c', [bytes(i)])),
        );
        expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
        expect((await other.readUpdatesSince('text:c', 0)).map((u) => u.seq)).toEqual(
          results.sort((a, b) => a - b),
        );
        expect((await other.lastSeqs(['text:c'])).get('text:c')).toBe(30);
      } finally {
        await other.close();
      }
    });

    it('keeps exactly one consistent snapshot when two handles compact at once', async () => {
      const other = await f.open();
      try {
        const doc = new Y.Doc();
        const updates: Uint8Array[] = [];
        doc.on('update', (u: Uint8Array) => updates.push(u));
        for (let i = 0; i < 6; i++) doc.getText('content').insert(0, `${i}`);
        await storage.appendUpdates('text:a', updates);
        const upTo = (n: number) => {
          const partial = new Y.Doc();
          for (const u of updates.slice(0, n)) Y.applyUpdate(partial, u);
          return Y.encodeStateAsUpdate(partial);
        };
        await Promise.all([storage.compact('text:a', upTo(4), 4), other.compact('text:a', upTo(5), 5)]);
        const log = await storage.loadRoom('text:a');
        // Whichever won, the snapshot and the remaining log together hold everything, once.
        expect(log.updates.map((u) => u.seq)).toEqual(
          Array.from({ length: 6 - log.snapshotSeq }, (_, i) => log.snapshotSeq + i + 1),
        );
        const rebuilt = new Y.Doc();
        Y.applyUpdate(rebuilt, log.snapshot!);
        for (const u of log.updates) Y.applyUpdate(rebuilt, u.data);
        expect(rebuilt.getText('content').toString()).toBe('543210');
      } finally {
        await other.close();
      }
    });

    it('lists rooms by literal prefix ("_" is not a wildcard)', async () => {
      await storage.appendUpdates('layer:d_1:a', [bytes(1)]);
      await storage.appendUpdates('layer:dx1:b', [bytes(1)]);
      await storage.appendUpdates('layer:d_1:consensus', [bytes(1)]);
      expect(await storage.listRooms('layer:d_1:')).toEqual(['layer:d_1:a', 'layer:d_1:consensus']);
    });

    it('stores projects, documents in order, users, members and settings', async () => {
      const at = '2026-01-01T00:00:00.000Z';
      await storage.createProject({ id: 'p1', name: 'Study', description: 'd', createdAt: at });
      expect(await storage.getProject('p1')).toEqual({
        id: 'p1',
        name: 'Study',
        description: 'd',
        createdAt: at,
        blind: false,
        codersEditText: false,
        target: null,
      });
      expect(await storage.getProject('nope')).toBeNull();
      const d1 = await storage.createDocument({
        id: 'd1',
        projectId: 'p1',
        title: 'One',
        attributes: { site: 'A' },
        createdAt: at,
      });
      const d2 = await storage.createDocument({
        id: 'd2',
        projectId: 'p1',
        title: 'Two',
        attributes: {},
        createdAt: at,
      });
      expect(d2.order).toBeGreaterThan(d1.order);
      expect((await storage.listDocuments('p1')).map((d) => d.id)).toEqual(['d1', 'd2']);
      expect((await storage.getDocument('d1'))?.attributes).toEqual({ site: 'A' });
      await storage.createUser({ id: 'u1', email: 'a@x.org', name: 'A', synthetic: true, createdAt: at });
      expect((await storage.getUserByEmail('a@x.org'))?.synthetic).toBe(true);
      await expect(
        storage.createUser({ id: 'u2', email: 'a@x.org', name: 'B', synthetic: false, createdAt: at }),
      ).rejects.toThrow();
      await storage.putMember('p1', 'u1', 'coder');
      await storage.putMember('p1', 'u1', 'reviewer');
      expect(await storage.listMembers('p1')).toEqual([{ projectId: 'p1', userId: 'u1', role: 'reviewer' }]);
      expect(await storage.getSetting('k')).toBeNull();
      await storage.putSetting('k', 'v1');
      await storage.putSetting('k', 'v2');
      expect(await storage.getSetting('k')).toBe('v2');
      await expect(
        storage.createDocument({ id: 'd3', projectId: 'missing', title: 'x', attributes: {}, createdAt: at }),
      ).rejects.toThrow();
    });

    it('renames a document and replaces its attributes, only within its project', async () => {
      const at = '2026-01-01T00:00:00.000Z';
      await storage.createProject({ id: 'p1', name: 'One', description: '', createdAt: at });
      await storage.createProject({ id: 'p2', name: 'Two', description: '', createdAt: at });
      await storage.createDocument({
        id: 'd1',
        projectId: 'p1',
        title: 'Old',
        attributes: { site: 'A' },
        createdAt: at,
      });
      expect(await storage.updateDocument('p1', 'd1', { title: 'New' })).toMatchObject({
        title: 'New',
        attributes: { site: 'A' },
      });
      expect(await storage.updateDocument('p1', 'd1', { attributes: { role: 'nurse' } })).toMatchObject({
        title: 'New',
        attributes: { role: 'nurse' },
      });
      // Another project's id does not reach the document.
      expect(await storage.updateDocument('p2', 'd1', { title: 'Stolen' })).toBeNull();
      expect(await storage.updateDocument('p1', 'missing', { title: 'x' })).toBeNull();
      expect((await storage.getDocument('d1'))?.title).toBe('New');
    });

    it('deletes one document of a project and raises its access version', async () => {
      const at = '2026-01-01T00:00:00.000Z';
      await storage.createProject({ id: 'p1', name: 'One', description: '', createdAt: at });
      await storage.createProject({ id: 'p2', name: 'Two', description: '', createdAt: at });
      for (const id of ['d1', 'd2'])
        await storage.createDocument({ id, projectId: 'p1', title: id, attributes: {}, createdAt: at });
      const before = (await storage.accessVersions(['p1'])).get('p1')!;
      expect(await storage.deleteDocument('p2', 'd1')).toBe(false);
      expect((await storage.accessVersions(['p1'])).get('p1')).toBe(before);
      expect(await storage.deleteDocument('p1', 'd1')).toBe(true);
      expect(await storage.deleteDocument('p1', 'd1')).toBe(false);
      expect((await storage.listDocuments('p1')).map((d) => d.id)).toEqual(['d2']);
      expect((await storage.accessVersions(['p1'])).get('p1')).toBeGreaterThan(before);
    });

    it("updates round settings and lists a member's projects", async () => {
      const at = '2026-01-01T00:00:00.000Z';
      await storage.createProject({ id: 'p1', name: 'One', description: '', createdAt: at });
      await storage.createProject({ id: 'p2', name: 'Two', description: '', createdAt: at });
      expect(await storage.getProject('p1')).toMatchObject({ blind: false, codersEditText: false });
      expect(await storage.updateProject('p1', { blind: true, name: 'Uno' })).toMatchObject({
        name: 'Uno',
        blind: true,
      });
      expect(await storage.updateProject('missing', { blind: true })).toBeNull();
      // The agreement target is stored as given, read back parsed, and cleared with null.
      expect((await storage.getProject('p1'))!.target).toBeNull();
      const target = { measure: 'krippendorffAlpha', value: 0.667 } as const;
      expect((await storage.updateProject('p1', { target }))!.target).toEqual(target);
      expect((await storage.getProject('p1'))!.target).toEqual(target);
      expect((await storage.getProject('p2'))!.target).toBeNull();
      expect((await storage.updateProject('p1', { target: null }))!.target).toBeNull();
      await storage.createUser({ id: 'u1', email: 'u1@x.org', name: 'U', synthetic: false, createdAt: at });
      await storage.putMember('p2', 'u1', 'coder');
      expect((await storage.listProjectsOf('u1')).map((p) => p.id)).toEqual(['p2']);
      expect(await storage.getMember('p2', 'u1')).toEqual({ projectId: 'p2', userId: 'u1', role: 'coder' });
      expect(await storage.removeMember('p2', 'u1')).toBe(true);
      expect(await storage.removeMember('p2', 'u1')).toBe(false);
      expect(await storage.getMember('p2', 'u1')).toBeNull();
    });

    it('raises a project’s access version with every change to its members, roles or round', async () => {
      const at = '2026-01-01T00:00:00.000Z';
      await storage.createProject({ id: 'p1', name: 'One', description: '', createdAt: at });
      await storage.createProject({ id: 'p2', name: 'Two', description: '', createdAt: at });
      await storage.createUser({ id: 'u1', email: 'u1@x.org', name: 'U', synthetic: false, createdAt: at });
      const version = async (id: string) => (await storage.accessVersions([id])).get(id)!;
      const changes: [string, () => Promise<unknown>][] = [
        ['member added', () => storage.putMember('p1', 'u1', 'coder')],
        ['role changed', () => storage.putMember('p1', 'u1', 'reviewer')],
        ['round blinded', () => storage.updateProject('p1', { blind: true })],
        ['text edits allowed', () => storage.updateProject('p1', { codersEditText: true })],
        ['member removed', () => storage.removeMember('p1', 'u1')],
      ];
      for (const [what, change] of changes) {
        const before = await version('p1');
        await change();
        expect(await version('p1'), what).toBeGreaterThan(before);
      }
      // What decides nobody's access leaves it alone.
      const settled = await version('p1');
      await storage.updateProject('p1', { name: 'Uno', description: 'd' });
      expect(await storage.removeMember('p1', 'u1')).toBe(false);
      expect(await version('p1')).toBe(settled);
      expect(await version('p2')).toBe(0);
      // Deleting a user changes every project they were a member of.
      await storage.putMember('p2', 'u1', 'coder');
      const p2 = await version('p2');
      await storage.deleteUser('u1');
      expect(await version('p2')).toBeGreaterThan(p2);
      expect([...(await storage.accessVersions(['p1', 'p2', 'missing'])).keys()].sort()).toEqual([
        'p1',
        'p2',
      ]);
    });

    it('ends credentials by kind and tells which are still live', async () => {
      const at = '2026-01-01T00:00:00.000Z';
      await storage.createUser({ id: 'a', email: 'a@x.org', name: 'A', synthetic: false, createdAt: at });
      await storage.createUser({ id: 'b', email: 'b@x.org', name: 'B', synthetic: false, createdAt: at });
      const credential = (id: string, userId: string, kind: 'session' | 'api', expiresAt: string | null) =>
        storage.createCredential({
          id,
          tokenHash: `h-${id}`,
          userId,
          kind,
          name: '',
          csrf: '',
          createdAt: at,
          expiresAt,
        });
      await credential('s1', 'a', 'session', '2026-02-01T00:00:00.000Z');
      await credential('s2', 'a', 'session', '2026-01-02T00:00:00.000Z');
      await credential('s3', 'a', 'session', '2026-02-01T00:00:00.000Z');
      await credential('k1', 'a', 'api', null);
      await credential('sb', 'b', 'session', '2026-02-01T00:00:00.000Z');
      const all = ['s1', 's2', 's3', 'k1', 'sb', 'gone'];
      // s2 has expired by then; unknown ids are simply not live.
      expect([...(await storage.liveCredentials(all, '2026-01-10T00:00:00.000Z'))].sort()).toEqual([
        'k1',
        's1',
        's3',
        'sb',
      ]);
      expect((await storage.deleteCredentials('a', { kind: 'session', except: 's1' })).sort()).toEqual([
        's2',
        's3',
      ]);
      expect([...(await storage.liveCredentials(all, at))].sort()).toEqual(['k1', 's1', 'sb']);
      expect((await storage.deleteCredentials('a', {})).sort()).toEqual(['k1', 's1']);
      expect([...(await storage.liveCredentials(all, at))]).toEqual(['sb']);
      expect(await storage.deleteCredentials('a', {})).toEqual([]);
    });

    it('keeps password hashes, admins and credentials with expiry', async () => {
      const at = '2026-01-01T00:00:00.000Z';
      await storage.createUser({
        id: 'a',
        email: 'a@x.org',
        name: 'A',
        synthetic: false,
        isAdmin: true,
        passwordHash: 'h1',
        createdAt: at,
      });
      await storage.createUser({ id: 'b', email: 'b@x.org', name: 'B', synthetic: false, createdAt: at });
      expect(await storage.countAdmins()).toBe(1);
      expect(await storage.getPasswordHash('a')).toBe('h1');
      expect(await storage.getPasswordHash('b')).toBeNull();
      await storage.setPasswordHash('b', 'h2');
      expect(await storage.getPasswordHash('b')).toBe('h2');
      const base = { userId: 'a', name: '', csrf: 'c', createdAt: at };
      await storage.createCredential({
        ...base,
        id: 's1',
        tokenHash: 't1',
        kind: 'session',
        expiresAt: '2026-01-02T00:00:00.000Z',
      });
      await storage.createCredential({
        ...base,
        id: 'k1',
        tokenHash: 't2',
        kind: 'api',
        name: 'cli',
        expiresAt: null,
      });
      expect((await storage.findCredential('t1', '2026-01-01T12:00:00.000Z'))?.user).toMatchObject({
        id: 'a',
        isAdmin: true,
      });
      expect(await storage.findCredential('t1', '2026-01-03T00:00:00.000Z')).toBeNull();
      expect((await storage.findCredential('t2', '2099-01-01T00:00:00.000Z'))?.credential).toMatchObject({
        kind: 'api',
        name: 'cli',
      });
      expect(await storage.findCredential('nope', at)).toBeNull();
      expect((await storage.listCredentials('a')).map((c) => c.id).sort()).toEqual(['k1', 's1']);
      expect(await storage.deleteCredential('b', 'k1')).toBe(false);
      expect(await storage.deleteCredential('a', 'k1')).toBe(true);
      expect(await storage.findCredential('t2', at)).toBeNull();
    });

    it('keeps an audit log per project, newest first, and invitations usable once', async () => {
      const at = (s: number) => `2026-01-01T00:00:0${s}.000Z`;
      await storage.createProject({ id: 'p', name: 'P', description: '', createdAt: at(0) });
      await storage.appendAudit({
        id: 'e1',
        projectId: 'p',
        actorId: 'a',
        action: 'member.add',
        details: { role: 'coder' },
        createdAt: at(1),
      });
      await storage.appendAudit({
        id: 'e2',
        projectId: 'p',
        actorId: 'a',
        action: 'round.unblind',
        details: {},
        createdAt: at(2),
      });
      await storage.appendAudit({
        id: 'e3',
        projectId: null,
        actorId: null,
        action: 'user.create',
        details: {},
        createdAt: at(3),
      });
      expect((await storage.listAudit('p', 10)).map((e) => [e.id, e.details])).toEqual([
        ['e2', {}],
        ['e1', { role: 'coder' }],
      ]);
      expect(await storage.listAudit('p', 1)).toHaveLength(1);
      await storage.createInvitation({
        tokenHash: 'i1',
        projectId: 'p',
        role: 'coder',
        createdBy: 'a',
        createdAt: at(0),
        expiresAt: at(5),
      });
      expect(await storage.takeInvitation('i1', 'u', at(6))).toBeNull();
      expect(await storage.takeInvitation('i1', 'u', at(4))).toMatchObject({ projectId: 'p', role: 'coder' });
      expect(await storage.takeInvitation('i1', 'v', at(4))).toBeNull();
    });

    it('lists pending invitations, finds one without using it, and revokes only unused ones', async () => {
      const at = (s: number) => `2026-01-01T00:00:0${s}.000Z`;
      await storage.createProject({ id: 'p', name: 'P', description: '', createdAt: at(0) });
      await storage.createProject({ id: 'q', name: 'Q', description: '', createdAt: at(0) });
      const invite = (tokenHash: string, projectId: string, createdAt: string, expiresAt: string) =>
        storage.createInvitation({
          tokenHash,
          projectId,
          role: 'coder',
          createdBy: 'a',
          createdAt,
          expiresAt,
        });
      await invite('old', 'p', at(1), at(9));
      await invite('new', 'p', at(2), at(9));
      await invite('soon', 'p', at(3), at(5));
      await invite('used', 'p', at(1), at(9));
      await invite('other', 'q', at(1), at(9));
      expect(await storage.takeInvitation('used', 'u', at(4))).not.toBeNull();

      // Unused, unexpired, this project's, newest first.
      expect((await storage.listInvitations('p', at(4))).map((i) => i.tokenHash)).toEqual([
        'soon',
        'new',
        'old',
      ]);
      expect((await storage.listInvitations('p', at(6))).map((i) => i.tokenHash)).toEqual(['new', 'old']);
      expect(await storage.findInvitation('new', at(4))).toMatchObject({ projectId: 'p', role: 'coder' });
      expect(await storage.findInvitation('soon', at(6))).toBeNull();
      expect(await storage.findInvitation('used', at(4))).toBeNull();
      // Finding does not use it up.
      expect(await storage.takeInvitation('new', 'v', at(4))).toMatchObject({ tokenHash: 'new' });

      expect(await storage.deleteInvitation('q', 'old')).toBe(false);
      expect(await storage.deleteInvitation('p', 'used')).toBe(false);
      expect(await storage.deleteInvitation('p', 'old')).toBe(true);
      expect(await storage.deleteInvitation('p', 'old')).toBe(false);
      expect(await storage.takeInvitation('old', 'w', at(4))).toBeNull();
      expect((await storage.listInvitations('p', at(4))).map((i) => i.tokenHash)).toEqual(['soon']);
      expect((await storage.listInvitations('q', at(4))).map((i) => i.tokenHash)).toEqual(['other']);
    });

    it('deletes rooms, documents, projects (with members) and users', async () => {
      const at = '2026-01-01T00:00:00.000Z';
      await storage.appendUpdates('text:d1', [bytes(1)]);
      await storage.appendUpdates('layer:d1:u1', [bytes(1), bytes(2)]);
      await storage.compact('layer:d1:u1', bytes(9), 1);
      await storage.appendUpdates('text:keep', [bytes(1)]);
      await storage.deleteRooms(['text:d1', 'layer:d1:u1']);
      await storage.deleteRooms([]);
      expect(await storage.listRooms()).toEqual(['text:keep']);
      expect(await storage.loadRoom('layer:d1:u1')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [] });
      // A deleted room starts its numbering again from 1.
      expect(await storage.appendUpdates('text:d1', [bytes(5)])).toBe(1);

      await storage.createProject({ id: 'p1', name: 'One', description: '', createdAt: at });
      await storage.createProject({ id: 'p2', name: 'Two', description: '', createdAt: at });
      for (const id of ['d1', 'd2', 'd3']) {
        await storage.createDocument({ id, projectId: 'p1', title: id, attributes: {}, createdAt: at });
      }
      await storage.deleteDocuments(['d2']);
      expect((await storage.listDocuments('p1')).map((d) => d.id)).toEqual(['d1', 'd3']);
      await storage.createUser({ id: 'u1', email: 'u1@x.org', name: 'U', synthetic: false, createdAt: at });
      await storage.putMember('p1', 'u1', 'owner');
      await storage.putMember('p2', 'u1', 'coder');
      expect(await storage.deleteProject('p1')).toBe(true);
      expect(await storage.deleteProject('p1')).toBe(false);
      expect(await storage.getProject('p1')).toBeNull();
      expect(await storage.getDocument('d1')).toBeNull();
      expect(await storage.listMembers('p1')).toEqual([]);
      expect((await storage.listProjects()).map((p) => p.id)).toEqual(['p2']);
      expect(await storage.deleteUser('u1')).toBe(true);
      expect(await storage.getUser('u1')).toBeNull();
      expect(await storage.listMembers('p2')).toEqual([]);
      expect(await storage.deleteUser('u1')).toBe(false);
    });

    it('commits an import whole: project, users, documents after existing ones, members, GUIDs, audit', async () => {
      const at = (n: number) => `2026-01-01T00:00:0${n}.000Z`;
      await storage.beginImport({
        id: 'i1',
        projectId: 'p1',
        newProject: true,
        documentIds: ['d1', 'd2'],
        startedAt: at(1),
      });
      // Nothing of it is visible before the commit.
      expect(await storage.getProject('p1')).toBeNull();
      expect(await storage.listPendingImports(at(2))).toEqual([
        { id: 'i1', projectId: 'p1', newProject: true, documentIds: ['d1', 'd2'], startedAt: at(1) },
      ]);
      expect(await storage.listPendingImports(at(1))).toEqual([]);
      await storage.createUser({
        id: 'owner',
        email: 'o@x.org',
        name: 'O',
        synthetic: false,
        createdAt: at(0),
      });
      const audit = { id: 'a1', projectId: 'p1', actorId: 'owner', action: 'project.import', details: {} };
      const documents = await storage.commitImport({
        importId: 'i1',
        project: { id: 'p1', name: 'Imported', description: 'd', createdAt: at(1) },
        projectId: 'p1',
        users: [{ id: 'u1', email: 'u1@x.invalid', name: 'Coder', synthetic: false, createdAt: at(1) }],
        documents: [
          { id: 'd1', title: 'One', attributes: { a: '1' }, createdAt: at(1) },
          { id: 'd2', title: 'Two', attributes: {}, createdAt: at(1) },
        ],
        members: [
          { projectId: 'p1', userId: 'owner', role: 'owner' },
          { projectId: 'p1', userId: 'u1', role: 'coder' },
        ],
        refiUsers: [{ guid: '11111111-1111-4111-8111-111111111111', userId: 'u1' }],
        audit: { ...audit, createdAt: at(2) },
      });
      expect(documents.map((d) => [d.id, d.order])).toEqual([
        ['d1', 1],
        ['d2', 2],
      ]);
      expect(await storage.getProject('p1')).toMatchObject({ name: 'Imported', description: 'd' });
      expect((await storage.listDocuments('p1')).map((d) => [d.id, d.title, d.attributes])).toEqual([
        ['d1', 'One', { a: '1' }],
        ['d2', 'Two', {}],
      ]);
      expect((await storage.listMembers('p1')).map((m) => [m.userId, m.role])).toEqual([
        ['owner', 'owner'],
        ['u1', 'coder'],
      ]);
      expect(await storage.getUserByRefiGuid('11111111-1111-4111-8111-111111111111')).toMatchObject({
        id: 'u1',
        name: 'Coder',
      });
      expect(await storage.getUserByRefiGuid('22222222-2222-4222-8222-222222222222')).toBeNull();
      expect(await storage.listAudit('p1', 10)).toHaveLength(1);
      expect(await storage.listPendingImports(at(9))).toEqual([]);
      // Committing twice is refused; a second import adds documents after the first ones.
      await expect(
        storage.commitImport({
          importId: 'i1',
          projectId: 'p1',
          users: [],
          documents: [],
          members: [],
          refiUsers: [],
          audit: { ...audit, id: 'a2', createdAt: at(3) },
        }),
      ).rejects.toThrow();
      await storage.beginImport({
        id: 'i2',
        projectId: 'p1',
        newProject: false,
        documentIds: ['d3'],
        startedAt: at(3),
      });
      await storage.commitImport({
        importId: 'i2',
        projectId: 'p1',
        users: [],
        documents: [{ id: 'd3', title: 'Three', attributes: {}, createdAt: at(3) }],
        members: [],
        refiUsers: [
          { guid: '11111111-1111-4111-8111-111111111111', userId: 'owner' },
          { guid: '33333333-3333-4333-8333-333333333333', userId: 'u1' },
        ],
        audit: { ...audit, id: 'a3', createdAt: at(4) },
      });
      expect((await storage.listDocuments('p1')).map((d) => [d.id, d.order])).toEqual([
        ['d1', 1],
        ['d2', 2],
        ['d3', 3],
      ]);
      // A GUID already known keeps its user; a user's first GUID is the one exported.
      expect((await storage.getUserByRefiGuid('11111111-1111-4111-8111-111111111111'))?.id).toBe('u1');
      expect(await storage.refiGuidsOf(['u1', 'owner', 'nobody'])).toEqual(
        new Map([['u1', '11111111-1111-4111-8111-111111111111']]),
      );
      expect(await storage.deleteUser('u1')).toBe(true);
      expect(await storage.getUserByRefiGuid('11111111-1111-4111-8111-111111111111')).toBeNull();
    });

    it("writes documents' kept originals with the import and forgets them with the documents", async () => {
      const at = '2026-01-01T00:00:00.000Z';
      const [pdf, wav] = ['a'.repeat(64), 'b'.repeat(64)];
      await storage.createUser({ id: 'owner', email: 'o@x.org', name: 'O', synthetic: false, createdAt: at });
      await storage.beginImport({
        id: 'i1',
        projectId: 'p1',
        newProject: true,
        documentIds: [],
        startedAt: at,
      });
      const audit = { id: 'a1', projectId: 'p1', actorId: 'owner', action: 'project.import', details: {} };
      const pages = [
        { start: 0, end: 12 },
        { start: 14, end: 30 },
      ];
      const documents = await storage.commitImport({
        importId: 'i1',
        project: { id: 'p1', name: 'Sources', description: '', createdAt: at },
        projectId: 'p1',
        users: [],
        documents: [
          { id: 'd1', title: 'Typed', attributes: {}, createdAt: at },
          {
            id: 'd2',
            title: 'Report',
            attributes: {},
            createdAt: at,
            source: {
              kind: 'pdf',
              sha256: pdf,
              mediaType: 'application/pdf',
              fileName: 'r.pdf',
              bytes: 5e9,
              pages,
            },
          },
          {
            id: 'd3',
            title: 'Interview',
            attributes: {},
            createdAt: at,
            source: {
              kind: 'audio',
              sha256: wav,
              mediaType: 'audio/wav',
              fileName: 'i.wav',
              bytes: 44,
              pages: null,
            },
          },
        ],
        members: [{ projectId: 'p1', userId: 'owner', role: 'owner' }],
        refiUsers: [],
        audit: { ...audit, createdAt: at },
      });
      const report = {
        kind: 'pdf',
        sha256: pdf,
        mediaType: 'application/pdf',
        fileName: 'r.pdf',
        bytes: 5e9,
        pageCount: 2,
      };
      const interview = {
        ...report,
        kind: 'audio',
        sha256: wav,
        mediaType: 'audio/wav',
        fileName: 'i.wav',
        bytes: 44,
        pageCount: null,
      };
      expect(documents.map((d) => d.source)).toEqual([null, report, interview]);
      expect((await storage.listDocuments('p1')).map((d) => d.source)).toEqual([null, report, interview]);
      expect((await storage.getDocument('d2'))?.source).toEqual(report);
      expect(await storage.getDocumentPages('d2')).toEqual(pages);
      expect(await storage.getDocumentPages('d3')).toBeNull();
      expect(await storage.getDocumentPages('d1')).toBeNull();
      expect(await storage.referencedBlobs([pdf, wav, 'c'.repeat(64)])).toEqual(new Set([pdf, wav]));
      expect(await storage.deleteDocument('p1', 'd2')).toBe(true);
      expect(await storage.referencedBlobs([pdf, wav])).toEqual(new Set([wav]));
      expect(await storage.deleteProject('p1')).toBe(true);
      expect(await storage.referencedBlobs([pdf, wav])).toEqual(new Set());
    });

    it('a failed commit writes nothing and leaves the import pending; forgetting it removes the record', async () => {
      const at = '2026-01-01T00:00:00.000Z';
      await storage.beginImport({
        id: 'i1',
        projectId: 'p1',
        newProject: true,
        documentIds: ['d1'],
        startedAt: at,
      });
      await expect(
        storage.commitImport({
          importId: 'i1',
          project: { id: 'p1', name: 'Imported', description: '', createdAt: at },
          projectId: 'p1',
          users: [{ id: 'u1', email: 'same@x.org', name: 'A', synthetic: false, createdAt: at }],
          documents: [{ id: 'd1', title: 'One', attributes: {}, createdAt: at }],
          // The membership names a user that does not exist: the last writes fail.
          members: [{ projectId: 'p1', userId: 'ghost', role: 'owner' }],
          refiUsers: [],
          audit: {
            id: 'a1',
            projectId: 'p1',
            actorId: null,
            action: 'project.import',
            details: {},
            createdAt: at,
          },
        }),
      ).rejects.toThrow();
      expect(await storage.getProject('p1')).toBeNull();
      expect(await storage.getDocument('d1')).toBeNull();
      expect(await storage.getUser('u1')).toBeNull();
      expect((await storage.listPendingImports('2027-01-01T00:00:00.000Z')).map((p) => p.id)).toEqual(['i1']);
      await storage.forgetImport('i1');
      expect(await storage.listPendingImports('2027-01-01T00:00:00.000Z')).toEqual([]);
    });

    it('keeps everything across close and reopen', async () => {
      await storage.appendUpdates('text:a', [bytes(1), bytes(2)]);
      await storage.close();
      storage = await f.reopen();
      expect((await storage.loadRoom('text:a')).updates.map((u) => u.seq)).toEqual([1, 2]);
      await storage.ping();
    });
  });
}
