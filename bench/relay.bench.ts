/**
 * Relay benchmark: R rooms × C clients sending small updates through Concord (durable, SQLite,
 * stock y-websocket clients), Hocuspocus (`@hocuspocus/server` 3.4 persisting through
 * extension-database on better-sqlite3 with its default store debounce, `@hocuspocus/provider`
 * clients) and the reference relay (`@y/websocket-server`, no persistence, stock y-websocket
 * clients), each server in its own process, measured in the same run: each server five times in
 * rotating order after a warm-up, first at full speed, then all at the same rate, half of the
 * smallest of the three median maxima; last, the updates each loses when killed with SIGKILL
 * (`loss.bench.ts`).
 */
import type * as Y from 'yjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSection } from './run.ts';
import { compared, type BenchRow } from './table.ts';
import { startBenchServer, type BenchChild } from './childProcess.ts';
import { pairedRatio, rotate, spreadOf } from './samples.ts';
import { hocuspocusClient, yWebsocketClient, type PeerClient } from './killablePeers.ts';
import { TARGETS } from './targets.ts';
import { lossRow } from './loss.bench.ts';

const ROOMS = Number(process.env.BENCH_ROOMS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 5);
const PER_CLIENT = Number(process.env.BENCH_UPDATES ?? 400);
const RATE_SECONDS = 4;

/** The load's shape, for other sections' titles. */
export const LOAD = { rooms: ROOMS, clients: CLIENTS, perClient: PER_CLIENT } as const;

/** What one load run measured. */
export interface Result {
  /** Updates relayed per second (each delivered to every other client of its room). */
  throughput: number;
  p50: number;
  p99: number;
  delivered: number;
  /** Updates the clients sent in the load phase (each relayed to every other client of its room). */
  updates: number;
}

/**
 * Called around the load phase only, after every client has connected and synced and once the
 * last update has arrived (before the clients close), e.g. to read CPU time spent on the load alone.
 */
export interface LoadWindow {
  start(): Promise<void>;
  end(): Promise<void>;
}

interface Peer {
  client: PeerClient;
  map: Y.Map<number>;
}

/** Connects client number `client` (0 … C−1) of `room` with a fresh document; it syncs in the background. */
export type Connector = (room: string, client: number) => PeerClient;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Where each client connects: one server URL, or one per room and client (several instances). */
export type PeerUrl = string | ((room: string, client: number) => string);

/** Stock y-websocket clients of `url` (a server, or one per room and client), with `token` if any. */
export function yWebsocketConnector(url: PeerUrl, token: string | null): Connector {
  return (room, c) => yWebsocketClient(typeof url === 'string' ? url : url(room, c), room, token);
}

async function connectPeers(
  connect: Connector,
  rooms: string[],
  latencies: number[],
  counts: { received: number },
) {
  const peers: Peer[] = [];
  for (const room of rooms) {
    for (let c = 0; c < CLIENTS; c++) {
      const client = connect(room, c);
      const map = client.doc.getMap<number>('bench');
      // Each key counts once per client: a client that reconnects is sent what it has again,
      // and that must neither count as more updates relayed nor end the wait early.
      const seen = new Set<string>();
      map.observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const key of event.keysChanged) {
          if (seen.has(key)) continue;
          seen.add(key);
          const sent = map.get(key);
          if (sent !== undefined) latencies.push(now - sent);
          counts.received++;
        }
      });
      peers.push({ client, map });
    }
  }
  await until(() => peers.every((p) => p.client.synced()), 30_000, 'clients to sync');
  return peers;
}

function close(peers: Peer[]): void {
  for (const p of peers) p.client.destroy();
}

/** Every client sends its updates as fast as it can; throughput is measured at the receivers. */
export async function saturate(
  url: PeerUrl,
  rooms: string[],
  token: string | null,
  window?: LoadWindow,
): Promise<Result> {
  return saturateWith(yWebsocketConnector(url, token), rooms, window);
}

/** {@link saturate} with clients made by `connect`. */
export async function saturateWith(
  connect: Connector,
  rooms: string[],
  window?: LoadWindow,
): Promise<Result> {
  const latencies: number[] = [];
  const counts = { received: 0 };
  const peers = await connectPeers(connect, rooms, latencies, counts);
  const expected = peers.length * PER_CLIENT * (CLIENTS - 1);
  await window?.start();
  const started = performance.now();
  for (let i = 0; i < PER_CLIENT; i++) {
    for (const [n, p] of peers.entries()) p.map.set(`${n}:${i}`, performance.now());
    if (i % 4 === 3) await new Promise((resolve) => setImmediate(resolve));
  }
  await until(() => counts.received >= expected, 120_000, 'all updates to arrive');
  const elapsed = (performance.now() - started) / 1000;
  await window?.end();
  close(peers);
  latencies.sort((a, b) => a - b);
  return {
    throughput: (peers.length * PER_CLIENT) / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    delivered: counts.received / expected,
    updates: peers.length * PER_CLIENT,
  };
}

/** Open-loop load at a fixed total rate; reports latency percentiles. */
export async function atRate(
  url: PeerUrl,
  rooms: string[],
  token: string | null,
  rate: number,
  window?: LoadWindow,
): Promise<Result> {
  return atRateWith(yWebsocketConnector(url, token), rooms, rate, window);
}

/** {@link atRate} with clients made by `connect`. */
export async function atRateWith(
  connect: Connector,
  rooms: string[],
  rate: number,
  window?: LoadWindow,
): Promise<Result> {
  const latencies: number[] = [];
  const counts = { received: 0 };
  const peers = await connectPeers(connect, rooms, latencies, counts);
  const total = Math.round(rate * RATE_SECONDS);
  await window?.start();
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    for (; sent < due; sent++) {
      const n = sent % peers.length;
      peers[n]!.map.set(`${n}:${sent}`, performance.now());
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const expected = total * (CLIENTS - 1);
  await until(() => counts.received >= expected, 60_000, 'all updates to arrive');
  const elapsed = (performance.now() - started) / 1000;
  await window?.end();
  close(peers);
  latencies.sort((a, b) => a - b);
  return {
    throughput: total / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    delivered: counts.received / expected,
    updates: total,
  };
}

/** Creates the benchmark's rooms (one project, one document each) on a Concord server. */
export async function concordRooms(port: number, token: string): Promise<string[]> {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return (await res.json()) as { id: string };
  };
  const project = await post('/api/projects', { name: 'bench' });
  const rooms: string[] = [];
  for (let i = 0; i < ROOMS; i++) {
    const doc = await post(`/api/projects/${project.id}/documents`, { title: `d${i}`, text: 'bench' });
    rooms.push(`text:${doc.id}`);
  }
  return rooms;
}

/** Runs `run` against a fresh process of `script` (Hocuspocus: on a fresh data file, removed after). */
async function withServer<T>(script: string, run: (server: BenchChild) => Promise<T>): Promise<T> {
  const dir = script.includes('hocuspocus') ? mkdtempSync(join(tmpdir(), 'concord-bench-hocuspocus-')) : null;
  const server = await startBenchServer(script, [], dir ? [join(dir, 'hocuspocus.sqlite')] : []);
  try {
    return await run(server);
  } finally {
    await server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

/** One server of the comparison: its script, and how its rooms are made and its clients connect. */
interface Side {
  script: string;
  rooms(server: BenchChild): Promise<string[]>;
  connector(server: BenchChild): Connector;
}

const referenceRooms = Array.from({ length: ROOMS }, (_, i) => `bench-${i}`);

const SIDES = {
  concord: {
    script: 'bench/servers/concord.ts',
    rooms: (s) => concordRooms(s.port, s.token!),
    connector: (s) => yWebsocketConnector(`ws://127.0.0.1:${s.port}/sync`, s.token),
  },
  hocuspocus: {
    script: 'bench/servers/hocuspocus.ts',
    rooms: () => Promise.resolve(referenceRooms),
    connector: (s) => (room) => hocuspocusClient(`ws://127.0.0.1:${s.port}`, room),
  },
  reference: {
    script: 'bench/servers/reference.ts',
    rooms: () => Promise.resolve(referenceRooms),
    connector: (s) => yWebsocketConnector(`ws://127.0.0.1:${s.port}`, null),
  },
} satisfies Record<string, Side>;

/** Each run gets a fresh server process, so no run inherits another's connections or caches. */
const measure = (side: Side, fn: (connect: Connector, rooms: string[]) => Promise<Result>) => () =>
  withServer(side.script, async (s) => fn(side.connector(s), await side.rooms(s)));

type Figure = 'throughput' | 'p50' | 'p99';

export const section: BenchSection = {
  title: `Relay: ${ROOMS} rooms × ${CLIENTS} clients (Concord durable on SQLite, Hocuspocus on SQLite with its store debounce, reference relay in memory)`,
  async run(): Promise<BenchRow[]> {
    const sides = [SIDES.concord, SIDES.hocuspocus, SIDES.reference];
    const max = await rotate(sides.map((side) => measure(side, saturateWith)));
    // Half of the smallest median maximum, the same rate for every run of every server.
    const half = Math.min(...max.map((runs) => spreadOf(runs.map((r) => r.throughput)).median)) / 2;
    const halfLoad = await rotate(
      sides.map((side) => measure(side, (c, rooms) => atRateWith(c, rooms, half))),
    );
    const [concord, hocuspocus, reference] = [0, 1, 2].map((i) => ({ max: max[i]!, half: halfLoad[i]! }));
    const row = (runs: 'max' | 'half', figure: Figure) => {
      const values = concord![runs].map((r) => r[figure]);
      return {
        ...compared(
          values,
          reference![runs].map((r) => r[figure]),
        ),
        peers: { Hocuspocus: spreadOf(hocuspocus![runs].map((r) => r[figure])).median },
      };
    };
    /** Concord ÷ Hocuspocus for `figure`, as the median of the ratios of runs made in the same round. */
    const againstHocuspocus = (runs: 'max' | 'half', figure: Figure) => {
      const ratio = pairedRatio(
        concord![runs].map((r) => r[figure]),
        hocuspocus![runs].map((r) => r[figure]),
      );
      return { value: ratio.median, spread: ratio };
    };
    const throughput = row('max', 'throughput');
    const throughputShare = againstHocuspocus('max', 'throughput');
    const p99Half = row('half', 'p99');
    const p99Share = againstHocuspocus('half', 'p99');
    const rate = `${Math.round(half)} upd/s`;
    return [
      {
        name: 'max throughput (updates/s relayed)',
        unit: 'upd/s',
        ...throughput,
        target: `≥ ${TARGETS.relayThroughputShare}× reference`,
        met: throughput.ratio!.median >= TARGETS.relayThroughputShare,
      },
      {
        name: 'max throughput, Concord ÷ Hocuspocus (paired)',
        unit: '×',
        ...throughputShare,
        target: `≥ ${TARGETS.relayThroughputOverHocuspocus}×`,
        met: throughputShare.value >= TARGETS.relayThroughputOverHocuspocus,
      },
      { name: 'latency p50 at max load', unit: 'ms', ...row('max', 'p50') },
      { name: 'latency p99 at max load', unit: 'ms', ...row('max', 'p99') },
      { name: `latency p50 at half load (${rate})`, unit: 'ms', ...row('half', 'p50') },
      {
        name: `latency p99 at half load (${rate})`,
        unit: 'ms',
        ...p99Half,
        target: `< ${TARGETS.p99AtHalfLoadMs} ms`,
        met: p99Half.value < TARGETS.p99AtHalfLoadMs,
      },
      {
        name: `latency p99 at half load, Concord ÷ Hocuspocus (paired)`,
        unit: '×',
        ...p99Share,
        target: '≤ 1×',
        met: p99Share.value <= 1,
      },
      await lossRow(),
    ];
  },
};
