/**
 * Three `server/main.ts` processes on PostgreSQL and Redis with stock y-websocket clients spread
 * over them: they converge, and when one instance is killed with SIGKILL under load its clients
 * reconnect to another and nothing any client wrote or received is lost.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChildServer } from '../helpers/childServer.ts';
import { closeAll, converged, synced, type Client } from '../helpers/clients.ts';
import {
  connectHopping,
  killAll,
  origin,
  startCluster,
  testClusterEnv,
  storedDoc,
  type ClusterEnv,
  type HoppingClient,
} from '../helpers/cluster.ts';
import { createTextRoom, metric } from '../helpers/scaleServer.ts';
import { createTestSchema, skipWithout, TEST_DATABASE_URL, type TestSchema } from '../helpers/services.ts';

describe.skipIf(skipWithout('cluster (three server processes)', { database: true, redis: true }))(
  'three instances behind a load balancer',
  () => {
    let schema: TestSchema;
    let cluster: ClusterEnv;
    let servers: ChildServer[] = [];
    let clients: Client[] = [];

    beforeEach(async () => {
      schema = await createTestSchema(TEST_DATABASE_URL!);
      cluster = testClusterEnv(schema);
    });
    afterEach(async () => {
      closeAll(clients);
      clients = [];
      await killAll(servers);
      servers = [];
      await schema.drop();
    });

    function hop(start: number, room: string): HoppingClient {
      const client = connectHopping(() => servers.map(origin), start, room, servers[0]!.token);
      clients.push(client);
      return client;
    }

    it('converges with clients spread over three instances', { timeout: 60_000 }, async () => {
      servers = await startCluster(cluster, 3);
      const room = await createTextRoom(servers[0]!.api, 'Interview transcript.');
      const group = Array.from({ length: 6 }, (_, i) => hop(i % 3, room));
      await Promise.all(group.map(synced));
      expect(new Set(group.map((c) => c.route.current())).size).toBe(3);

      await Promise.all(
        group.map(async (c, n) => {
          for (let i = 0; i < 40; i++) {
            const text = c.doc.getText('content');
            text.insert((i * 5 + n) % (text.length + 1), `${n}:${i} `);
            if (i % 8 === 0) text.delete(0, 1);
            c.doc.getMap('codings').set(`${n}-${i}`, i);
            if (i % 4 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
          }
        }),
      );
      await converged(group, 30_000);
      expect(group[0]!.doc.getMap('codings').size).toBe(240);
      const stored = await storedDoc(cluster.databaseUrl, schema.name, room);
      expect(stored.getText('content').toString()).toBe(group[0]!.doc.getText('content').toString());
      for (const s of servers) expect(await metric(s.http, 'concord_redis_connected')).toBe(1);
    });

    it(
      'loses nothing when an instance is killed under load; its clients move to the others',
      { timeout: 90_000 },
      async () => {
        servers = await startCluster(cluster, 3);
        const room = await createTextRoom(servers[0]!.api);
        const group = Array.from({ length: 6 }, (_, i) => hop(i % 3, room));
        await Promise.all(group.map(synced));
        const victim = origin(servers[0]!);
        const moved = group.filter((c) => c.route.current() === victim);
        expect(moved).toHaveLength(2);

        // Every client keeps writing; the instance dies once everyone has seen plenty of traffic.
        const written = group.map(() => new Set<string>());
        let writing = true;
        const pumps = group.map(async (c, n) => {
          let i = 0;
          while (writing) {
            for (let k = 0; k < 3; k++) {
              const key = `${n}-${i++}`;
              c.doc.getMap('codings').set(key, n);
              written[n]!.add(key);
            }
            await new Promise((resolve) => setTimeout(resolve, 3));
          }
        });
        await vi.waitFor(
          () => {
            for (const c of group) expect(c.doc.getMap('codings').size).toBeGreaterThan(300);
          },
          { timeout: 30_000 },
        );
        servers[0]!.child.kill('SIGKILL');
        const received = new Set(group.flatMap((c) => [...c.doc.getMap('codings').keys()]));
        expect((await servers[0]!.exited)[1]).toBe('SIGKILL');

        // Its clients reconnect elsewhere and keep writing there.
        await vi.waitFor(
          () => {
            for (const c of moved) {
              expect(c.route.current()).not.toBe(victim);
              expect(c.provider.wsconnected && c.provider.synced).toBe(true);
            }
          },
          { timeout: 20_000 },
        );
        const sizeAfterMove = moved.map((c) => written[group.indexOf(c)]!.size);
        await vi.waitFor(() =>
          moved.forEach((c, i) =>
            expect(written[group.indexOf(c)]!.size).toBeGreaterThan(sizeAfterMove[i]! + 60),
          ),
        );
        writing = false;
        await Promise.all(pumps);

        await converged(group, 30_000);
        const everything = new Set([...written.flatMap((w) => [...w])]);
        expect(group[0]!.doc.getMap('codings').size).toBe(everything.size);
        // Durable: PostgreSQL holds every key any client wrote, so every key any client received.
        const stored = (await storedDoc(cluster.databaseUrl, schema.name, room)).getMap('codings');
        expect([...everything].filter((k) => !stored.has(k))).toEqual([]);
        expect([...received].filter((k) => !stored.has(k))).toEqual([]);
      },
    );
  },
);
