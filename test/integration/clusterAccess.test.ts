/**
 * Access changes reach every instance through the database, not only through Redis: two
 * in-process instances on one PostgreSQL schema whose Redis connection (through a TCP proxy the
 * test cuts) is down while a round turns blind, a document is deleted and a token is revoked
 * through the other instance.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode, roomName } from '../../shared/protocol.ts';
import type { Document, Project } from '../../shared/schemas.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { createAdminToken, metric, startScaleInstance, type ScaleInstance } from '../helpers/scaleServer.ts';
import { api } from '../helpers/server.ts';
import {
  createTestSchema,
  skipWithout,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
  uniqueName,
  type TestSchema,
} from '../helpers/services.ts';
import { openSse, type SseStream } from '../helpers/sse.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.ts';

/** How often each instance reads access versions and credentials from the database. */
const POLL_MS = 200;

describe.skipIf(skipWithout('access across instances', { database: true, redis: true }))(
  'access changes with Redis down',
  () => {
    let schema: TestSchema;
    let proxy: TcpProxy;
    let instances: ScaleInstance[] = [];
    let clients: Client[] = [];
    let streams: SseStream[] = [];
    let token = '';

    beforeEach(async () => {
      schema = await createTestSchema(TEST_DATABASE_URL!);
      const redis = new URL(TEST_REDIS_URL!);
      proxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379));
    });

    /** Two instances on the shared schema, their Redis through the proxy. */
    async function start(catchUpIntervalMs = POLL_MS): Promise<[ScaleInstance, ScaleInstance]> {
      const prefix = `${uniqueName('concord-test-')}:`;
      for (const n of [0, 1]) {
        const instance = await startScaleInstance({
          databaseUrl: TEST_DATABASE_URL!,
          schema: schema.name,
          redisUrl: `redis://127.0.0.1:${proxy.port}`,
          channelPrefix: prefix,
          instanceId: `access-${n}`,
          token: () => token,
          config: { catchUpIntervalMs },
        });
        instances.push(instance);
        if (!token) token = await createAdminToken(instance.app);
      }
      return instances as [ScaleInstance, ScaleInstance];
    }
    afterEach(async () => {
      for (const s of streams) s.close();
      streams = [];
      closeAll(clients);
      clients = [];
      await Promise.all(instances.map((i) => i.close()));
      instances = [];
      token = '';
      await proxy.close();
      await schema.drop();
    });

    /** A project with one document and two coders (users live in the shared database). */
    async function team(first: ScaleInstance) {
      const project = (await first.api<Project>('POST', '/api/projects', { name: 'Blind' })).body;
      const doc = (
        await first.api<Document>('POST', `/api/projects/${project.id}/documents`, {
          title: 'T',
          text: 'Text.',
        })
      ).body;
      const coder = async (name: string) => {
        const user = await first.app.auth.createUser({
          email: `${name}@access.test`,
          name,
          password: 'a-password-123',
          isAdmin: false,
        });
        await first.api('POST', `/api/projects/${project.id}/members`, { userId: user.id, role: 'coder' });
        return { user, token: (await first.app.auth.createApiToken(user.id, 'tests')).token };
      };
      return { project, doc, a: await coder('a'), b: await coder('b') };
    }

    function open(instance: ScaleInstance, room: string, as: string): { client: Client; closes: number[] } {
      const client = connect(instance.ws, room, as);
      clients.push(client);
      const closes: number[] = [];
      client.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
      return { client, closes };
    }

    async function redisDown(): Promise<void> {
      proxy.cut();
      await vi.waitFor(async () => {
        for (const i of instances) expect(await metric(i.http, 'concord_redis_connected')).toBe(0);
      });
    }

    it('blinding through one instance closes a coder’s socket to another coder’s layer on the other', async () => {
      const [first, second] = await start();
      const { project, doc, a, b } = await team(first);
      const intoB = open(second, roomName.layer(doc.id, b.user.id), a.token);
      const own = open(second, roomName.layer(doc.id, a.user.id), a.token);
      await Promise.all([intoB.client, own.client].map(synced));
      const live = await openSse(`${second.http}/api/projects/${project.id}/agreement/events`, {
        token: a.token,
      });
      streams.push(live);
      expect(live.status).toBe(200);

      await redisDown();
      expect((await first.api('PATCH', `/api/projects/${project.id}`, { blind: true })).status).toBe(200);
      // Within the poll interval (retried, not timed): the socket into B's layer is closed, the
      // live report ends, the coder's own layer stays open.
      await vi.waitFor(() => expect(intoB.closes).toContain(CloseCode.forbidden));
      await live.ended;
      expect(live.events.at(-1)?.event).toBe('access');
      // Its own layer stays open to it (at most a reconnect, as its presence now carries less).
      await vi.waitFor(() =>
        expect(own.client.provider.wsconnected && own.client.provider.synced).toBe(true),
      );
      expect(own.closes.filter((c) => c !== 1012)).toEqual([]);
    });

    it('deleting a document through one instance closes its sockets on the other and leaves none of its rooms', async () => {
      const [first, second] = await start();
      const { project, doc, a } = await team(first);
      const text = open(second, roomName.text(doc.id), a.token);
      const own = open(second, roomName.layer(doc.id, a.user.id), a.token);
      await Promise.all([text.client, own.client].map(synced));
      own.client.doc.getMap('codings').set('c1', { note: 'written before the deletion' });
      await vi.waitFor(async () =>
        expect(await first.app.storage.listRooms(`layer:${doc.id}:`)).toEqual([
          roomName.layer(doc.id, a.user.id),
        ]),
      );

      await redisDown();
      expect((await first.api('DELETE', `/api/projects/${project.id}/documents/${doc.id}`)).status).toBe(204);
      // The other instance learns it from the database: both sockets close with the reason.
      await vi.waitFor(() => {
        expect(text.closes).toContain(CloseCode.notFound);
        expect(own.closes).toContain(CloseCode.notFound);
      });
      await vi.waitFor(() => expect(second.app.registry.peek(roomName.text(doc.id))).toBeNull());
      expect(await first.app.storage.listRooms(roomName.text(doc.id))).toEqual([]);
      expect(await first.app.storage.listRooms(`layer:${doc.id}:`)).toEqual([]);
      // Reconnecting is refused: the room names no longer exist.
      const again = open(second, roomName.layer(doc.id, a.user.id), a.token);
      await vi.waitFor(() => expect(again.closes.length).toBeGreaterThan(0));
      expect(again.client.provider.synced).toBe(false);
      expect(await first.app.storage.listRooms(`layer:${doc.id}:`)).toEqual([]);
    });

    it('a token revoked through one instance closes its socket and stream on the other', async () => {
      const [first, second] = await start();
      const { project, doc, a } = await team(first);
      const tokens = await api<{ id: string }[]>(first.http, 'GET', '/api/me/tokens', undefined, a.token);
      const socket = open(second, roomName.layer(doc.id, a.user.id), a.token);
      await synced(socket.client);
      const live = await openSse(`${second.http}/api/projects/${project.id}/agreement/events`, {
        token: a.token,
      });
      streams.push(live);

      await redisDown();
      const revoked = await api(
        first.http,
        'DELETE',
        `/api/me/tokens/${tokens.body[0]!.id}`,
        undefined,
        a.token,
      );
      expect(revoked.status).toBe(204);
      await vi.waitFor(() => expect(socket.closes).toContain(CloseCode.unauthorized));
      await live.ended;
      expect(JSON.parse(live.events.at(-1)!.data)).toMatchObject({ error: { code: 'unauthorized' } });
    });

    it('with Redis up, a token revoked through one instance closes its socket on the other at once', async () => {
      // No database checks: only the announcement on Redis can reach the other instance.
      const [first, second] = await start(0);
      const { doc, a } = await team(first);
      const tokens = await api<{ id: string }[]>(first.http, 'GET', '/api/me/tokens', undefined, a.token);
      const socket = open(second, roomName.layer(doc.id, a.user.id), a.token);
      await synced(socket.client);
      await vi.waitFor(async () => expect(await metric(second.http, 'concord_redis_connected')).toBe(1));
      const revoked = await api(
        first.http,
        'DELETE',
        `/api/me/tokens/${tokens.body[0]!.id}`,
        undefined,
        a.token,
      );
      expect(revoked.status).toBe(204);
      await vi.waitFor(() => expect(socket.closes).toContain(CloseCode.unauthorized));
    });
  },
);
