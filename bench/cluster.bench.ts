/**
 * Scale-out benchmark: the relay load (R rooms × C stock clients) through 1, 2 and 3 Concord
 * processes on PostgreSQL with the Redis fan-out, with each room's clients spread over all
 * instances (the worst case) or pinned to one (rooms sharded by the load balancer), as ratios
 * against one instance; and what one logged update costs on PostgreSQL against SQLite. Every
 * configuration runs five times flat out and five times at half the smallest median maximum, the
 * order rotating between rounds after a warm-up round; ratios are medians of ratios against the
 * one-instance run of the same round.
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
import { startMainServer } from './childProcess.ts';
import { atRate, concordRooms, LOAD, saturate } from './relay.bench.ts';
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

/**
 * Where a room's clients connect: `spread` puts client c of every room on instance c mod n (every
 * update crosses Redis: the worst case); `pinned` puts all of room r's clients on instance r mod n,
 * as a load balancer hashing the room path does (rooms sharded, Redis rarely needed).
 */
type Placement = 'spread' | 'pinned';

/** Starts `count` instances on one schema, creates the rooms, runs `measure`, stops them. */
async function withCluster<T>(
  count: number,
  placement: Placement,
  measure: (urlFor: (room: string, client: number) => string, rooms: string[], token: string) => Promise<T>,
): Promise<T> {
  return withSchema(DATABASE_URL!, async (schema) => {
    const env = {
      DATABASE_URL: DATABASE_URL!,
      DATABASE_SCHEMA: schema,
      REDIS_URL: REDIS_URL!,
      REDIS_PREFIX: `concord-bench-${schema}:`,
      CONCORD_ADMIN_EMAIL: ADMIN.email,
      CONCORD_ADMIN_PASSWORD: ADMIN.password,
    };
    // The first instance creates the tables and the administrator; the others join.
    const servers = [await startMainServer(env)];
    try {
      for (let i = 1; i < count; i++) servers.push(await startMainServer(env));
      const login = await fetch(`http://127.0.0.1:${servers[0]!.port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      const { token } = (await login.json()) as { token: string };
      const rooms = await concordRooms(servers[0]!.port, token);
      const urlFor = (room: string, client: number) => {
        const index = placement === 'spread' ? client : rooms.indexOf(room);
        return `ws://127.0.0.1:${servers[index % servers.length]!.port}/sync`;
      };
      return await measure(urlFor, rooms, token);
    } finally {
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
            withCluster(n, placement, saturate),
      ),
    );
    // One open-loop rate for every configuration, half the smallest median maximum, so every
    // configuration can sustain it; then the same rotation at that rate.
    const rate = Math.min(...max.map((c) => spreadOf(c.map((r) => r.throughput)).median)) / 2;
    const paced = await rotate(
      configurations.map(
        ({ n, placement }) =>
          () =>
            withCluster(n, placement, (urlFor, rooms, token) => atRate(urlFor, rooms, token, rate)),
      ),
    );

    const throughputs = max.map((c) => c.map((r) => r.throughput));
    const p99s = paced.map((c) => c.map((r) => r.p99));
    const rows: BenchRow[] = [];
    configurations.forEach(({ n, placement }, c) => {
      const label =
        n === 1 ? '1 instance' : `${n} instances, rooms ${placement === 'spread' ? 'spread' : 'pinned'}`;
      const p99 = c === 0 ? measured(p99s[c]!) : compared(p99s[c]!, p99s[0]!);
      rows.push(
        {
          name: `${label}: max throughput (updates/s relayed)`,
          unit: 'upd/s',
          ...(c === 0 ? measured(throughputs[c]!) : compared(throughputs[c]!, throughputs[0]!)),
        },
        {
          name: `${label}: latency p99 at ${Math.round(rate)} upd/s`,
          unit: 'ms',
          ...p99,
          target: `< ${TARGETS.p99AtHalfLoadMs} ms`,
          met: p99.value < TARGETS.p99AtHalfLoadMs,
        },
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
