/**
 * Scale-out benchmark: the relay load (R rooms × C stock clients) through 1, 2 and 3 Concord
 * processes on PostgreSQL with the Redis fan-out, with each room's clients spread over all
 * instances (the worst case) or pinned to one (rooms sharded by the load balancer), as ratios
 * against one instance; and what one logged update costs on PostgreSQL against SQLite. Every
 * configuration runs five times flat out and five times at half the smallest median maximum, the
 * order rotating between rounds after a warm-up round; ratios are medians of ratios against the
 * one-instance run of the same round. Every run also reports the CPU its load phase cost per relayed
 * update: all instances together (each one's own process.cpuUsage()), Redis and the PostgreSQL
 * backends (bench/clusterCpu.ts), after an unmeasured warm-up load on other rooms.
 *
 * Needs `CONCORD_TEST_DATABASE_URL` and `CONCORD_TEST_REDIS_URL` (as the tests do); every run
 * uses a fresh PostgreSQL schema and Redis channel prefix and removes them afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStorage } from '../server/storage/postgres.ts';
import { openSqliteStorage } from '../server/storage/sqlite.ts';
import type { UpdateLog } from '../server/storage/Storage.ts';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startMainServer } from './childProcess.ts';
import { cpuMeter, type TierCpu } from './clusterCpu.ts';
import { clockTicks, totalSeconds } from './cpuAccounting.ts';
import { atRate, concordRooms, LOAD, saturate, type LoadWindow, type Result } from './relay.bench.ts';
import type { BenchSection } from './run.ts';
import { withSchema } from './schema.ts';
import { alternate, rotate, spreadOf } from './samples.ts';
import { compared, measured, type BenchRow } from './table.ts';
import { TARGETS } from './targets.ts';

const DATABASE_URL = process.env.CONCORD_TEST_DATABASE_URL || undefined;
const REDIS_URL = process.env.CONCORD_TEST_REDIS_URL || undefined;
const ADMIN = { email: 'bench@cluster.bench', password: 'bench-cluster-password' };
/** Sequential single-update appends, and batches of BATCH updates, per backend. */
const SINGLE_APPENDS = 1000;
const BATCH = 100;
const BATCHES = 50;
/** Whether each cluster first runs an unmeasured load on other rooms; `CLUSTER_WARM_UP=0` skips it. */
const WARM_UP = process.env.CLUSTER_WARM_UP !== '0';

/**
 * Where a room's clients connect: `spread` puts client c of every room on instance c mod n (every
 * update crosses Redis: the worst case); `pinned` puts all of room r's clients on instance r mod n,
 * as a load balancer hashing the room path does (rooms sharded, Redis rarely needed).
 */
type Placement = 'spread' | 'pinned';

/** One load run on a cluster: what the clients measured, and the CPU each tier spent on the load. */
interface ClusterRun {
  result: Result;
  cpu: TierCpu;
}

/**
 * Starts `count` instances on one schema, creates the rooms, runs `measure` inside a CPU meter's
 * load window, stops them. Each instance runs with bench/servers/cpuProbe.ts preloaded and an IPC
 * channel, so it reports its own CPU time, and connects to PostgreSQL as `concord-bench-<schema>`
 * (`PGAPPNAME`), so the meter finds its backends. `CLUSTER_CPU_PROF=<dir>` profiles every
 * instance (`--cpu-prof`) into that folder.
 */
async function withCluster(
  count: number,
  placement: Placement,
  ticksPerSecond: number,
  measure: (
    urlFor: (room: string, client: number) => string,
    rooms: string[],
    token: string,
    window: LoadWindow,
  ) => Promise<Result>,
): Promise<ClusterRun> {
  return withSchema(DATABASE_URL!, async (schema) => {
    const applicationName = `concord-bench-${schema}`;
    const env = {
      DATABASE_URL: DATABASE_URL!,
      DATABASE_SCHEMA: schema,
      REDIS_URL: REDIS_URL!,
      REDIS_PREFIX: `concord-bench-${schema}:`,
      CONCORD_ADMIN_EMAIL: ADMIN.email,
      CONCORD_ADMIN_PASSWORD: ADMIN.password,
      PGAPPNAME: applicationName,
    };
    const profile = process.env.CLUSTER_CPU_PROF;
    const options = {
      nodeArgs: [
        '--import',
        './bench/servers/cpuProbe.ts',
        ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      ],
      ipc: true,
    };
    // The first instance creates the tables and the administrator; the others join.
    const servers = [await startMainServer(env, options)];
    const redis = new Redis(REDIS_URL!, { connectionName: 'concord-bench-cpu' });
    const postgres = new pg.Client({
      connectionString: DATABASE_URL!,
      application_name: 'concord-bench-cpu',
    });
    try {
      await postgres.connect();
      for (let i = 1; i < count; i++) servers.push(await startMainServer(env, options));
      const login = await fetch(`http://127.0.0.1:${servers[0]!.port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      const { token } = (await login.json()) as { token: string };
      const placed = (rooms: string[]) => (room: string, client: number) => {
        const index = placement === 'spread' ? client : rooms.indexOf(room);
        return `ws://127.0.0.1:${servers[index % servers.length]!.port}/sync`;
      };
      // A flat-out load on rooms of their own first, so every instance has compiled its hot paths
      // (V8 optimises on background threads, which process.cpuUsage() counts) before the measured
      // load: the figures are those of instances that have been running, as in production.
      if (WARM_UP) {
        const warmRooms = await concordRooms(servers[0]!.port, token);
        await saturate(placed(warmRooms), warmRooms, token);
      }
      const rooms = await concordRooms(servers[0]!.port, token);
      const urlFor = placed(rooms);
      const meter = cpuMeter({
        instances: servers.map((s) => s.child),
        redis,
        postgres,
        applicationName,
        ticksPerSecond,
      });
      const result = await measure(urlFor, rooms, token, meter);
      return { result, cpu: meter.spent() };
    } finally {
      redis.disconnect();
      await postgres.end().catch(() => undefined);
      await Promise.all(servers.map((s) => s.stop()));
    }
  });
}

/** Microseconds per logged update: sequential single appends, and appends of BATCH at once. */
async function appendCost(storage: UpdateLog): Promise<{ single: number; batched: number }> {
  const update = new Uint8Array(48).fill(7);
  let started = performance.now();
  for (let i = 0; i < SINGLE_APPENDS; i++) await storage.appendUpdates('text:single', [update]);
  const single = ((performance.now() - started) * 1000) / SINGLE_APPENDS;
  const batch = Array.from({ length: BATCH }, () => update);
  started = performance.now();
  for (let i = 0; i < BATCHES; i++) await storage.appendUpdates('text:batched', batch);
  const batched = ((performance.now() - started) * 1000) / (BATCH * BATCHES);
  return { single, batched };
}

/** Append costs on PostgreSQL and on SQLite, measured in alternating order after a warm-up. */
function appendCosts() {
  return withSchema(DATABASE_URL!, async (schema) => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-bench-'));
    const postgres = await openPostgresStorage({ url: DATABASE_URL!, schema });
    const sqlite = await openSqliteStorage({ file: join(dir, 'concord.sqlite') });
    try {
      return await alternate(
        () => appendCost(postgres),
        () => appendCost(sqlite),
      );
    } finally {
      await Promise.all([postgres.close(), sqlite.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

export const section: BenchSection = {
  title:
    `Scale-out: ${LOAD.rooms} rooms × ${LOAD.clients} clients on 1, 2, 3 instances ` +
    '(PostgreSQL + Redis; ratio against 1 instance), and the cost of one logged update',
  async run(): Promise<BenchRow[]> {
    if (!DATABASE_URL || !REDIS_URL) {
      process.stderr.write(
        'skipped cluster: set CONCORD_TEST_DATABASE_URL and CONCORD_TEST_REDIS_URL (.ci/run sets both)\n',
      );
      return [];
    }
    const loadAverage = loadavg()[0]!;
    const ticksPerSecond = await clockTicks();
    const configurations: { n: number; placement: Placement }[] = [
      { n: 1, placement: 'spread' },
      { n: 2, placement: 'spread' },
      { n: 2, placement: 'pinned' },
      { n: 3, placement: 'spread' },
      { n: 3, placement: 'pinned' },
    ];
    // Every configuration once per round, the order rotating between rounds, after a warm-up
    // round (JIT, PostgreSQL caches); each run on fresh instances and a fresh schema.
    // max[c][r] pairs with max[0][r], one instance.
    const max = await rotate(
      configurations.map(
        ({ n, placement }) =>
          () =>
            withCluster(n, placement, ticksPerSecond, saturate),
      ),
    );
    // One open-loop rate for every configuration, half the smallest median maximum, so every
    // configuration can sustain it; then the same rotation at that rate.
    const rate = Math.min(...max.map((c) => spreadOf(c.map((r) => r.result.throughput)).median)) / 2;
    const paced = await rotate(
      configurations.map(
        ({ n, placement }) =>
          () =>
            withCluster(n, placement, ticksPerSecond, (urlFor, rooms, token, window) =>
              atRate(urlFor, rooms, token, rate, window),
            ),
      ),
    );

    const throughputs = max.map((c) => c.map((r) => r.result.throughput));
    const p99s = paced.map((c) => c.map((r) => r.result.p99));
    /** Microseconds of a tier's CPU per update the clients sent in the window, for every run. */
    const perUpdate = (runs: ClusterRun[], tier: keyof TierCpu) =>
      runs.map((r) => (totalSeconds(r.cpu[tier]) * 1e6) / r.result.updates);
    const median = (samples: number[]) => spreadOf(samples).median;
    const rows: BenchRow[] = [];
    configurations.forEach(({ n, placement }, c) => {
      const label =
        n === 1 ? '1 instance' : `${n} instances, rooms ${placement === 'spread' ? 'spread' : 'pinned'}`;
      const p99 = c === 0 ? measured(p99s[c]!) : compared(p99s[c]!, p99s[0]!);
      const cpuRow = (runs: ClusterRun[][], when: string, judged: boolean): BenchRow => {
        const instances = perUpdate(runs[c]!, 'instances');
        const figure: Omit<BenchRow, 'name' | 'unit'> =
          c === 0 ? measured(instances) : compared(instances, perUpdate(runs[0]!, 'instances'));
        // The target is judged at the common rate, where every configuration is offered the same
        // work; flat out, each runs at its own maximum, so batching differs between them.
        const limit = n === 3 && judged ? TARGETS.scaleOutCpuShare[placement] : undefined;
        return {
          name: `${label}: CPU per relayed update ${when} (all instances; Redis, PostgreSQL backends)`,
          unit: 'µs/upd',
          ...figure,
          peers: {
            Redis: median(perUpdate(runs[c]!, 'redis')),
            PostgreSQL: median(perUpdate(runs[c]!, 'postgres')),
          },
          ...(limit === undefined || !figure.ratio
            ? {}
            : { target: `≤ ${limit}× 1 instance`, met: figure.ratio.median <= limit }),
        };
      };
      rows.push(
        {
          name: `${label}: max throughput (updates/s relayed)`,
          unit: 'upd/s',
          ...(c === 0 ? measured(throughputs[c]!) : compared(throughputs[c]!, throughputs[0]!)),
        },
        cpuRow(max, 'flat out', false),
        {
          name: `${label}: latency p99 at ${Math.round(rate)} upd/s`,
          unit: 'ms',
          ...p99,
          target: `< ${TARGETS.p99AtHalfLoadMs} ms`,
          met: p99.value < TARGETS.p99AtHalfLoadMs,
        },
        cpuRow(paced, `at ${Math.round(rate)} upd/s`, true),
      );
    });
    const { a: postgres, b: sqlite } = await appendCosts();
    rows.push(
      {
        name: 'append 1 update per call (PostgreSQL; reference SQLite)',
        unit: 'µs/upd',
        ...compared(
          postgres.map((c) => c.single),
          sqlite.map((c) => c.single),
        ),
      },
      {
        name: `append ${BATCH} updates per call (PostgreSQL; reference SQLite)`,
        unit: 'µs/upd',
        ...compared(
          postgres.map((c) => c.batched),
          sqlite.map((c) => c.batched),
        ),
      },
    );
    rows.push({ name: 'machine load average (1 min) before the run', value: loadAverage, unit: '' });
    return rows;
  },
};
