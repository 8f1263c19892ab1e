/**
 * Several instances in one process on one PostgreSQL schema, with the Redis fan-out: updates and
 * presence cross instances, a dropped message is repaired from the log (on the next message, or
 * by the log watcher when none follows), and compaction stays exact while both instances write.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { openPostgresStorage, type PostgresStorage } from '../../server/storage/postgres.ts';
import { closeAll, connect, converged, synced, type Client } from '../helpers/clients.ts';
import {
  createAdminToken,
  createTextRoom,
  metric,
  startScaleInstance,
  type ScaleInstance,
} from '../helpers/scaleServer.ts';
import {
  createTestSchema,
  skipWithout,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  uniqueName,
  type TestSchema,
} from '../helpers/services.ts';
import type { AppConfig } from '../../server/config.ts';
import { CloseCode, roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';

describe.skipIf(skipWithout('scale-out (in-process instances)', { database: true, redis: true }))(
  'several instances on PostgreSQL and Redis',
  () => {
    const databaseUrl = TEST_DATABASE_URL!;
    const redisUrl = TEST_REDIS_URL!;
    let schema: TestSchema;
    let prefix: string;
    let instances: ScaleInstance[] = [];
    let clients: Client[] = [];
    let direct: PostgresStorage | null = null;
    let token = '';

    beforeEach(async () => {
      schema = await createTestSchema(databaseUrl);
      prefix = `${uniqueName('concord-test-')}:`;
    });
    afterEach(async () => {
      closeAll(clients);
      clients = [];
      await Promise.all(instances.map((i) => i.close()));
      instances = [];
      await direct?.close();
      direct = null;
      token = '';
      await schema.drop();
    });

    async function start(
      n: number,
      config: Partial<AppConfig> = {},
      fanout = true,
    ): Promise<ScaleInstance[]> {
      for (let i = 0; i < n; i++) {
        const instance = await startScaleInstance({
          databaseUrl,
          schema: schema.name,
          redisUrl: fanout ? redisUrl : undefined,
          channelPrefix: prefix,
          instanceId: `test-${instances.length}`,
          token: () => token,
          config,
        });
        instances.push(instance);
        if (!token) token = await createAdminToken(instance.app);
      }
      return instances;
    }

    function open(instance: ScaleInstance, room: string): Client {
      const client = connect(instance.ws, room, token);
      clients.push(client);
      return client;
    }

    /** Writes to the shared log behind every instance's back: no fan-out message follows. */
    async function appendUnannounced(room: string, edit: (doc: Y.Doc) => void): Promise<void> {
      direct ??= await openPostgresStorage({ url: databaseUrl, schema: schema.name, poolSize: 1 });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, await rebuild(direct, room));
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      edit(doc);
      await direct.appendUpdates(room, updates);
    }

    it('relays updates and presence across instances, and measures the lag', async () => {
      const [a, b] = await start(2);
      const room = await createTextRoom(a!.api);
      const onA = open(a!, room);
      const onB = open(b!, room);
      await Promise.all([onA, onB].map(synced));

      onA.doc.getMap('codings').set('from-a', 1);
      onB.doc.getMap('codings').set('from-b', 2);
      await converged([onA, onB]);
      expect(onA.doc.getMap('codings').toJSON()).toEqual({ 'from-a': 1, 'from-b': 2 });
      expect(await metric(b!.http, 'concord_remote_updates_total')).toBeGreaterThan(0);
      expect(await metric(b!.http, 'concord_fanout_lag_seconds_count')).toBeGreaterThan(0);
      expect(await metric(a!.http, 'concord_redis_connected')).toBe(1);

      onA.provider.awareness.setLocalStateField('cursor', { index: 7 });
      // Stamped with the signed-in identity by instance A, delivered as such by instance B.
      await vi.waitFor(() =>
        expect(onB.provider.awareness.getStates().get(onA.doc.clientID)).toMatchObject({
          cursor: { index: 7 },
          user: { name: 'Admin' },
        }),
      );
      onA.provider.disconnect();
      await vi.waitFor(() => expect(onB.provider.awareness.getStates().has(onA.doc.clientID)).toBe(false));
    });

    it('repairs a dropped message from the log when the next one arrives', async () => {
      // No log watcher: only the gap in sequence numbers can reveal the missing update.
      const [a, b] = await start(2, { catchUpIntervalMs: 0 });
      const room = await createTextRoom(a!.api);
      const onA = open(a!, room);
      const onB = open(b!, room);
      await Promise.all([onA, onB].map(synced));

      await appendUnannounced(room, (doc) => doc.getMap('codings').set('unannounced', true));
      onA.doc.getMap('codings').set('announced', true);
      await vi.waitFor(() => expect(onB.doc.getMap('codings').get('unannounced')).toBe(true));
      expect(onB.doc.getMap('codings').get('announced')).toBe(true);
      await converged([onA, onB]);
      expect(await metric(b!.http, 'concord_catchups_total', '{reason="gap"}')).toBeGreaterThan(0);
      expect(await metric(b!.http, 'concord_log_gaps_total')).toBeGreaterThan(0);
    });

    it('finds writes nobody announced through the log watcher', async () => {
      const [a, b] = await start(2, { catchUpIntervalMs: 100 });
      const room = await createTextRoom(a!.api);
      const onA = open(a!, room);
      const onB = open(b!, room);
      await Promise.all([onA, onB].map(synced));

      await appendUnannounced(room, (doc) => doc.getMap('codings').set('silent', 'write'));
      await vi.waitFor(() => expect(onA.doc.getMap('codings').get('silent')).toBe('write'));
      await vi.waitFor(() => expect(onB.doc.getMap('codings').get('silent')).toBe('write'));
      expect(await metric(a!.http, 'concord_catchups_total', '{reason="timer"}')).toBeGreaterThan(0);
    });

    it('converges without Redis through the shared log alone', async () => {
      const [a, b] = await start(2, { catchUpIntervalMs: 100 }, false);
      const room = await createTextRoom(a!.api);
      const onA = open(a!, room);
      const onB = open(b!, room);
      await Promise.all([onA, onB].map(synced));
      for (let i = 0; i < 20; i++) (i % 2 ? onA : onB).doc.getMap('m').set(`k${i}`, i);
      await converged([onA, onB]);
      expect(onA.doc.getMap('m').size).toBe(20);
      const ready = await fetch(`${a!.http}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready', storage: 'ok' });
    });

    it('compacts exactly while both instances write to the same room', async () => {
      const [a, b] = await start(2, { compactAfter: 20 });
      const room = await createTextRoom(a!.api, 'Start.');
      const writers = [open(a!, room), open(a!, room), open(b!, room), open(b!, room)];
      await Promise.all(writers.map(synced));
      await Promise.all(
        writers.map(async (c, n) => {
          for (let i = 0; i < 150; i++) {
            const text = c.doc.getText('content');
            text.insert((i * 7 + n) % (text.length + 1), `${n}.${i} `);
            if (i % 10 === 0) text.delete(0, 1);
            if (i % 2 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
          }
        }),
      );
      await converged(writers, 20_000);
      // Both instances compact the room (the last one may finish after the clients converged).
      await vi.waitFor(async () => {
        expect(await metric(a!.http, 'concord_compactions_total')).toBeGreaterThan(0);
        expect(await metric(b!.http, 'concord_compactions_total')).toBeGreaterThan(0);
      });

      // Snapshot plus remaining log, as stored, equals what every client holds.
      await Promise.all(instances.map((i) => i.app.registry.closeAll()));
      direct = await openPostgresStorage({ url: databaseUrl, schema: schema.name, poolSize: 1 });
      const stored = new Y.Doc();
      Y.applyUpdate(stored, await rebuild(direct, room));
      expect((await direct.loadRoom(room)).snapshotSeq).toBeGreaterThan(20);
      expect(Y.equalSnapshots(Y.snapshot(stored), Y.snapshot(writers[0]!.doc))).toBe(true);
      expect(stored.getText('content').toString()).toBe(writers[0]!.doc.getText('content').toString());
    });

    it("closes a coder's connection on another instance when the round turns blind", async () => {
      const [a, b] = await start(2);
      const project = (await a!.api<Project>('POST', '/api/projects', { name: 'Blind' })).body;
      const doc = (
        await a!.api<Document>('POST', `/api/projects/${project.id}/documents`, { title: 'T', text: 'x' })
      ).body;
      const coder = async (name: string) => {
        const user = await a!.app.auth.createUser({
          email: `${name}@scale.test`,
          name,
          password: 'coder-password-1',
          isAdmin: false,
        });
        const added = await a!.api('POST', `/api/projects/${project.id}/members`, {
          userId: user.id,
          role: 'coder',
        });
        expect(added.status).toBe(201);
        return { user, token: (await a!.app.auth.createApiToken(user.id, 'tests')).token };
      };
      const [coderA, coderB] = [await coder('coder-a'), await coder('coder-b')];

      // Coder A watches coder B's layer through instance B; the round is changed through instance A.
      const peek = connect(b!.ws, roomName.layer(doc.id, coderB.user.id), coderA.token);
      clients.push(peek);
      await synced(peek);
      const closed = new Promise<number>((resolve) =>
        peek.provider.on('connection-close', (event) => resolve(event?.code ?? 0)),
      );
      expect((await a!.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
      expect(await closed).toBe(CloseCode.forbidden);
    });

    it('reports readiness with Redis, and not ready once shutting down', async () => {
      const [a] = await start(1);
      const ready = await fetch(`${a!.http}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', storage: 'ok', redis: 'ok' });
      a!.app.markShuttingDown();
      const stopping = await fetch(`${a!.http}/readyz`);
      expect(stopping.status).toBe(503);
      expect(await stopping.json()).toMatchObject({ status: 'unavailable', shuttingDown: true });
      expect((await fetch(`${a!.http}/healthz`)).status).toBe(200);
    });
  },
);

/** The room's stored state (snapshot plus log) as one update. */
async function rebuild(storage: PostgresStorage, room: string): Promise<Uint8Array> {
  const log = await storage.loadRoom(room);
  return Y.mergeUpdates([...(log.snapshot ? [log.snapshot] : []), ...log.updates.map((u) => u.data)]);
}
