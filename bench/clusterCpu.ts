/**
 * The CPU a scale-out run spends on its load phase, per tier: all Concord instances together
 * (each one's own `process.cpuUsage()`), Redis (`INFO cpu`, the whole server) and the PostgreSQL
 * backends serving the instances (/proc/<pid>/stat of the backends whose `application_name` is the
 * run's). Read at the start and end of the load window ({@link LoadWindow}), so connecting and
 * syncing the clients, start-up and shutdown are not counted.
 */
import type { ChildProcess } from 'node:child_process';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import {
  childCpu,
  cpuBetween,
  cpuSum,
  parseRedisCpu,
  procCpu,
  procCpuBetween,
  type CpuSeconds,
} from './cpuAccounting.ts';
import type { LoadWindow } from './relay.bench.ts';

/** CPU seconds spent in one load window, per tier. */
export interface TierCpu {
  /** All Concord instances together. */
  instances: CpuSeconds;
  /**
   * The Redis server as a whole: besides the run's publishes and deliveries, whatever else uses
   * the same Redis at the time (on a shared machine, other programs').
   */
  redis: CpuSeconds;
  /** The backends of the instances' connections; not the shared WAL writer, checkpointer, etc. */
  postgres: CpuSeconds;
}

/** What the meter reads from: the instances, a Redis connection and a PostgreSQL connection. */
export interface CpuSources {
  instances: readonly ChildProcess[];
  redis: Pick<Redis, 'info'>;
  postgres: Pick<pg.Client, 'query'>;
  /** The `application_name` (`PGAPPNAME`) the instances connect to PostgreSQL with. */
  applicationName: string;
  /** Clock ticks per second of /proc (`getconf CLK_TCK`). */
  ticksPerSecond: number;
}

interface Reading {
  instances: CpuSeconds[];
  redis: CpuSeconds;
  postgres: Map<number, CpuSeconds>;
}

async function read(sources: CpuSources): Promise<Reading> {
  const pids = async () => {
    const { rows } = await sources.postgres.query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1',
      [sources.applicationName],
    );
    return procCpu(
      rows.map((r) => r.pid),
      sources.ticksPerSecond,
    );
  };
  const [instances, redis, postgres] = await Promise.all([
    Promise.all(sources.instances.map((child) => childCpu(child))),
    sources.redis.info('cpu').then(parseRedisCpu),
    pids(),
  ]);
  return { instances, redis, postgres };
}

/**
 * A load window that reads every tier's CPU time at its start and end, and the time spent in
 * between (after `end`; throws before). Backends that PostgreSQL starts inside the window count
 * all their time; the instances' pools are open and warm by then, as the clients have synced.
 */
export function cpuMeter(sources: CpuSources): LoadWindow & { spent(): TierCpu } {
  let before: Reading | undefined;
  let spent: TierCpu | undefined;
  return {
    async start() {
      before = await read(sources);
    },
    async end() {
      if (!before) throw new Error('the load window ended before it started');
      const after = await read(sources);
      spent = {
        instances: cpuSum(after.instances.map((cpu, i) => cpuBetween(before!.instances[i]!, cpu))),
        redis: cpuBetween(before.redis, after.redis),
        postgres: procCpuBetween(before.postgres, after.postgres),
      };
    },
    spent() {
      if (!spent) throw new Error('no load window measured');
      return spent;
    },
  };
}
