/**
 * Prometheus metrics on a registry owned by one app instance (never prom-client's global one), so
 * several servers in one process — as in tests — do not share counters.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  roomsLoaded: Gauge;
  connections: Gauge;
  updatesTotal: Counter;
  updatesPerSecond: Gauge;
  persistSeconds: Histogram;
  storageErrors: Counter;
  malformedMessages: Counter;
  compactions: Counter;
  /** Updates applied that another instance wrote (announced by the fan-out or read from the log). */
  remoteUpdates: Counter;
  /** Time from another instance publishing an update to this one applying it. */
  fanoutLagSeconds: Histogram;
  /** Reads of the shared log for updates this instance missed, by reason. */
  catchUps: Counter;
  /** Updates that arrived after a missing sequence number (reordered in flight or lost). */
  logGaps: Counter;
  /** 1 while the Redis fan-out is connected; 0 while not, and when none is configured. */
  fanoutConnected: Gauge;
  /** Fan-out operations that failed, by operation (publish, subscribe, decode). */
  fanoutErrors: Counter;
  /** Records one applied update for the rolling rate. */
  markUpdates(count: number, nowMs: number): void;
}

/** Width of the window behind `concord_updates_per_second`. */
const RATE_WINDOW_MS = 10_000;

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Per-second buckets over the window; the gauge reads their sum when scraped.
  const buckets = new Map<number, number>();
  const rate = (nowMs: number): number => {
    const oldest = Math.floor((nowMs - RATE_WINDOW_MS) / 1000);
    let sum = 0;
    for (const [second, count] of buckets) {
      if (second <= oldest) buckets.delete(second);
      else sum += count;
    }
    return sum / (RATE_WINDOW_MS / 1000);
  };
  const updatesPerSecond = new Gauge({
    name: 'concord_updates_per_second',
    help: `Document updates applied per second, averaged over the last ${RATE_WINDOW_MS / 1000} s`,
    registers: [registry],
    collect() {
      this.set(rate(Date.now()));
    },
  });
  return {
    registry,
    roomsLoaded: new Gauge({
      name: 'concord_rooms_loaded',
      help: 'Rooms held in memory',
      registers: [registry],
    }),
    connections: new Gauge({
      name: 'concord_connections',
      help: 'Open sync connections',
      registers: [registry],
    }),
    updatesTotal: new Counter({
      name: 'concord_updates_total',
      help: 'Document updates persisted and applied',
      registers: [registry],
    }),
    updatesPerSecond,
    persistSeconds: new Histogram({
      name: 'concord_persist_seconds',
      help: 'Time to append one batch of updates to the log',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    storageErrors: new Counter({
      name: 'concord_storage_errors_total',
      help: 'Storage operations that failed (updates refused, not applied)',
      labelNames: ['operation'],
      registers: [registry],
    }),
    malformedMessages: new Counter({
      name: 'concord_malformed_messages_total',
      help: 'Sync frames that could not be decoded (their connection was closed)',
      registers: [registry],
    }),
    compactions: new Counter({
      name: 'concord_compactions_total',
      help: 'Room logs merged into a snapshot',
      registers: [registry],
    }),
    remoteUpdates: new Counter({
      name: 'concord_remote_updates_total',
      help: 'Updates applied that another instance wrote (from the fan-out or the shared log)',
      registers: [registry],
    }),
    fanoutLagSeconds: new Histogram({
      name: 'concord_fanout_lag_seconds',
      help: "Time from another instance publishing an update to this one applying it (hosts' clocks)",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    catchUps: new Counter({
      name: 'concord_catchups_total',
      help: 'Reads of the shared log for updates this instance missed (gap, interleaved, timer, resync)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    logGaps: new Counter({
      name: 'concord_log_gaps_total',
      help: 'Updates that arrived after a missing sequence number (reordered in flight or lost)',
      registers: [registry],
    }),
    fanoutConnected: new Gauge({
      name: 'concord_redis_connected',
      help: 'Whether the Redis fan-out is connected (1) or not (0)',
      registers: [registry],
    }),
    fanoutErrors: new Counter({
      name: 'concord_fanout_errors_total',
      help: 'Redis fan-out operations that failed (publish, subscribe, decode)',
      labelNames: ['operation'],
      registers: [registry],
    }),
    markUpdates(count, nowMs) {
      const second = Math.floor(nowMs / 1000);
      buckets.set(second, (buckets.get(second) ?? 0) + count);
    },
  };
}
