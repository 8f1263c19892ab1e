/**
 * The scale-out benchmark's CPU meter on real parts: a server-like child with the CPU probe, the
 * real Redis and the real PostgreSQL. Work done inside the window by the child and by a backend
 * connected under the run's application name is counted; a backend under another name is not.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuMeter } from '../../bench/clusterCpu.ts';
import { clockTicks, totalSeconds } from '../../bench/cpuAccounting.ts';
import { skipWithout, TEST_DATABASE_URL, TEST_REDIS_URL, uniqueName } from '../helpers/services.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** CPU-bound SQL: about a few hundred milliseconds of a backend's time. */
const BUSY_SQL = 'select sum(i::bigint * i) from generate_series(1, 3000000) as i';

describe.skipIf(skipWithout('the CPU meter (PostgreSQL backends, Redis)', { database: true, redis: true }))(
  'cluster CPU meter',
  () => {
    const cleanups: (() => Promise<unknown>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it("counts the instances' and the run's backends' work inside the window, not another backend's", async () => {
      // Spins for 200 ms of its own CPU each time it is told to, answering when done.
      const child: ChildProcess = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--import',
          './bench/servers/cpuProbe.ts',
          '--input-type=module',
          '-e',
          // The interval keeps it alive, as a server's listening socket does (the probe's channel does not).
          `setInterval(() => {}, 1000); process.on('message', (m) => { if (m !== 'spin') return;
             const until = process.cpuUsage().user + 200_000;
             while (process.cpuUsage().user < until);
             process.send('spun'); });`,
        ],
        { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
      );
      cleanups.push(async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill();
        await once(child, 'exit');
      });
      const applicationName = uniqueName('concord-cpu-meter');
      const ours = new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: applicationName });
      const other = new pg.Client({
        connectionString: TEST_DATABASE_URL,
        application_name: `${applicationName}-x`,
      });
      const meterConnection = new pg.Client({ connectionString: TEST_DATABASE_URL });
      const redis = new Redis(TEST_REDIS_URL!);
      for (const client of [ours, other, meterConnection]) {
        await client.connect();
        cleanups.push(() => client.end());
      }
      cleanups.push(async () => redis.disconnect());

      const meter = cpuMeter({
        instances: [child],
        redis,
        postgres: meterConnection,
        applicationName,
        ticksPerSecond: await clockTicks(),
      });
      await meter.start();
      const spun = once(child, 'message');
      child.send('spin');
      await spun;
      await ours.query(BUSY_SQL);
      const otherBusy = await (async () => {
        // The other backend's own time for the same query, read from the kernel as the meter does.
        const probeOther = cpuMeter({
          instances: [],
          redis,
          postgres: meterConnection,
          applicationName: `${applicationName}-x`,
          ticksPerSecond: await clockTicks(),
        });
        await probeOther.start();
        await other.query(BUSY_SQL);
        await probeOther.end();
        return { seconds: totalSeconds(probeOther.spent().postgres) };
      })();
      await meter.end();
      const spent = meter.spent();

      expect(totalSeconds(spent.instances)).toBeGreaterThanOrEqual(0.2);
      expect(totalSeconds(spent.redis)).toBeGreaterThanOrEqual(0);
      // The same query ran once on our backend and once on the other inside the window: had the
      // other been counted, ours would be about twice the other's.
      expect(otherBusy.seconds).toBeGreaterThan(0.05);
      expect(totalSeconds(spent.postgres)).toBeGreaterThan(0.05);
      expect(totalSeconds(spent.postgres)).toBeLessThan(1.6 * otherBusy.seconds);
    });

    it('will not report a window that has not ended', async () => {
      const redis = new Redis(TEST_REDIS_URL!, { lazyConnect: true });
      cleanups.push(async () => redis.disconnect());
      const meter = cpuMeter({
        instances: [],
        redis,
        postgres: { query: () => Promise.reject(new Error('not used')) } as unknown as pg.Client,
        applicationName: 'unused',
        ticksPerSecond: 100,
      });
      expect(() => meter.spent()).toThrow(/no load window/);
      await expect(meter.end()).rejects.toThrow(/before it started/);
    });
  },
);
