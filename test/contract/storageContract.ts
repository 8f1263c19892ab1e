/**
 * The storage contract, run against every backend: `registerStorageContractTests(name, factory)`.
 * The factory returns fresh, empty storage for each test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Storage } from '../../server/storage/Storage.ts';

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

    beforeEach(async () => {
      f = factory();
      storage = await f.open();
    });
    afterEach(async () => {
      await storage.close().catch(() => undefined);
      await f.cleanup?.();
    });

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

    it('keeps everything across close and reopen', async () => {
      await storage.appendUpdates('text:a', [bytes(1), bytes(2)]);
      await storage.close();
      storage = await f.reopen();
      expect((await storage.loadRoom('text:a')).updates.map((u) => u.seq)).toEqual([1, 2]);
      await storage.ping();
    });
  });
}
