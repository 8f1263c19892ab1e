/**
 * Instances recover from their dependencies failing: Redis restarted mid-session (a private
 * redis-server of this test's own, so nothing else on the machine is disturbed), and PostgreSQL
 * unreachable for a moment from one instance (a TCP proxy the test cuts and restores).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode } from '../../shared/protocol.ts';
import type { ChildServer } from '../helpers/childServer.ts';
import { closeAll, connect, converged, synced, type Client } from '../helpers/clients.ts';
import {
  killAll,
  startCluster,
  startInstance,
  testClusterEnv,
  storedDoc,
  type ClusterEnv,
} from '../helpers/cluster.ts';
import { redisServerInstalled, startPrivateRedis, type PrivateRedis } from '../helpers/privateRedis.ts';
import { createTextRoom, metric } from '../helpers/scaleServer.ts';
import { createTestSchema, skipWithout, TEST_DATABASE_URL, type TestSchema } from '../helpers/services.ts';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.ts';

describe.skipIf(skipWithout('cluster failures (server processes)', { database: true, redis: true }))(
  'instances when Redis or PostgreSQL fail',
  () => {
    let schema: TestSchema;
    let cluster: ClusterEnv;
    let servers: ChildServer[] = [];
    let clients: Client[] = [];
    let redis: PrivateRedis | null = null;
    let proxy: TcpProxy | null = null;

    beforeEach(async () => {
      schema = await createTestSchema(TEST_DATABASE_URL!);
      cluster = testClusterEnv(schema);
    });
    afterEach(async () => {
      closeAll(clients);
      clients = [];
      await killAll(servers);
      servers = [];
      await redis?.destroy();
      redis = null;
      await proxy?.close();
      proxy = null;
      await schema.drop();
    });

    function open(server: ChildServer, room: string): Client {
      const client = connect(server.ws, room, servers[0]!.token);
      clients.push(client);
      return client;
    }

    const metricOnAll = async (name: string, labels = '') =>
      Promise.all(servers.map((s) => metric(s.http, name, labels)));

    const ownRedis = redisServerInstalled('Redis restart test');
    it.skipIf(!ownRedis)(
      'keeps serving while Redis is down and recovers when it returns',
      { timeout: 90_000 },
      async () => {
        redis = await startPrivateRedis();
        cluster.redisUrl = redis.url;
        cluster.env = { CATCH_UP_INTERVAL_MS: '200' };
        servers = await startCluster(cluster, 3);
        const room = await createTextRoom(servers[0]!.api);
        const group = servers.map((s) => open(s, room));
        await Promise.all(group.map(synced));
        group.forEach((c, n) => c.doc.getMap('m').set(`before-${n}`, n));
        await converged(group);
        expect(await metricOnAll('concord_redis_connected')).toEqual([1, 1, 1]);

        await redis.stop();
        await vi.waitFor(async () => expect(await metricOnAll('concord_redis_connected')).toEqual([0, 0, 0]));
        const notReady = await fetch(`${servers[1]!.http}/readyz`);
        expect(notReady.status).toBe(503);
        expect(await notReady.json()).toMatchObject({ storage: 'ok', redis: 'disconnected' });

        // Without Redis, each instance serves its clients and finds the others' writes in the log.
        const timerBefore = (await metricOnAll('concord_catchups_total', '{reason="timer"}')).reduce(
          (a, b) => a + b,
        );
        group.forEach((c, n) => c.doc.getMap('m').set(`during-${n}`, n));
        await converged(group, 20_000);
        const timerAfter = (await metricOnAll('concord_catchups_total', '{reason="timer"}')).reduce(
          (a, b) => a + b,
        );
        expect(timerAfter).toBeGreaterThan(timerBefore);
        expect(await metricOnAll('concord_fanout_errors_total', '{operation="publish"}')).not.toEqual([
          0, 0, 0,
        ]);

        await redis.start();
        await vi.waitFor(
          async () => expect(await metricOnAll('concord_redis_connected')).toEqual([1, 1, 1]),
          {
            timeout: 15_000,
          },
        );
        expect((await fetch(`${servers[1]!.http}/readyz`)).status).toBe(200);
        // Fan-out carries updates again: lag samples grow on every instance.
        const lagBefore = await metricOnAll('concord_fanout_lag_seconds_count');
        // Each try writes again: an instance whose subscription came back a moment after its
        // connection caught the first writes up from PostgreSQL, which samples no fan-out lag.
        let round = 0;
        await vi.waitFor(
          async () => {
            round++;
            group.forEach((c, n) => c.doc.getMap('m').set(`after-${n}`, round));
            const lagAfter = await metricOnAll('concord_fanout_lag_seconds_count');
            lagAfter.forEach((count, i) => expect(count).toBeGreaterThan(lagBefore[i]!));
          },
          { timeout: 15_000, interval: 250 },
        );
        await converged(group);
        expect(group[0]!.doc.getMap('m').size).toBe(9);
      },
    );

    it(
      'refuses writes while PostgreSQL is unreachable, never acknowledging them, and resumes by itself',
      { timeout: 90_000 },
      async () => {
        const target = new URL(cluster.databaseUrl);
        proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
        const proxied = new URL(cluster.databaseUrl);
        proxied.hostname = '127.0.0.1';
        proxied.port = String(proxy.port);
        servers = await startCluster(cluster, 1);
        servers.push(await startInstance(cluster, 1, { DATABASE_URL: proxied.toString() }));
        const [direct, cut] = servers as [ChildServer, ChildServer];
        const room = await createTextRoom(direct.api, 'Start.');
        const writer = open(cut, room);
        const reader = open(direct, room);
        await Promise.all([writer, reader].map(synced));
        const closes: number[] = [];
        writer.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));

        proxy.cut();
        writer.doc.getText('content').insert(0, 'Written during the outage. ');
        await vi.waitFor(() => expect(closes).toContain(CloseCode.storageUnavailable), { timeout: 15_000 });
        expect(
          await metric(cut.http, 'concord_storage_errors_total', '{operation="append"}'),
        ).toBeGreaterThan(0);
        const notReady = await fetch(`${cut.http}/readyz`);
        expect(notReady.status).toBe(503);
        expect(await notReady.json()).toMatchObject({ storage: 'unavailable' });
        // Not acknowledged: no other client and no other instance has it, and neither does the log.
        expect(reader.doc.getText('content').toString()).toBe('Start.');
        expect((await storedDoc(cluster.databaseUrl, schema.name, room)).getText('content').toString()).toBe(
          'Start.',
        );

        proxy.restore();
        await vi.waitFor(
          () => expect(reader.doc.getText('content').toString()).toBe('Written during the outage. Start.'),
          { timeout: 20_000 },
        );
        await converged([writer, reader]);
        expect((await storedDoc(cluster.databaseUrl, schema.name, room)).getText('content').toString()).toBe(
          'Written during the outage. Start.',
        );
        expect((await fetch(`${cut.http}/readyz`)).status).toBe(200);
      },
    );
  },
);
