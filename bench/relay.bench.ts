/**
 * Relay benchmark: R rooms × C stock y-websocket clients sending small updates through Concord
 * (durable, SQLite) and through the reference relay (`@y/websocket-server`, no persistence),
 * each server in its own process, measured in the same run: each server five times in
 * alternating order after a warm-up, first at full speed, then at half Concord's median maximum;
 * last, the updates each loses when killed with SIGKILL (`loss.bench.ts`, with Hocuspocus too).
 */
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { BenchSection } from './run.ts';
import { compared, type BenchRow } from './table.ts';
import { startBenchServer, type BenchChild } from './childProcess.ts';
import { alternate, spreadOf } from './samples.ts';
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
  doc: Y.Doc;
  provider: WebsocketProvider;
  map: Y.Map<number>;
}

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

async function connectPeers(
  url: PeerUrl,
  rooms: string[],
  latencies: number[],
  counts: { received: number },
  token: string | null,
) {
  const peers: Peer[] = [];
  for (const room of rooms) {
    for (let c = 0; c < CLIENTS; c++) {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(typeof url === 'string' ? url : url(room, c), room, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params: token ? { token } : {},
        disableBc: true,
      });
      const map = doc.getMap<number>('bench');
      map.observe((event) => {
        if (event.transaction.local) return;
        const now = performance.now();
        for (const key of event.keysChanged) {
          const sent = map.get(key);
          if (sent !== undefined) latencies.push(now - sent);
          counts.received++;
        }
      });
      peers.push({ doc, provider, map });
    }
  }
  await until(() => peers.every((p) => p.provider.synced), 30_000, 'clients to sync');
  return peers;
}

function close(peers: Peer[]): void {
  for (const p of peers) {
    p.provider.destroy();
    p.doc.destroy();
  }
}

/** Every client sends its updates as fast as it can; throughput is measured at the receivers. */
export async function saturate(
  url: PeerUrl,
  rooms: string[],
  token: string | null,
  window?: LoadWindow,
): Promise<Result> {
  const latencies: number[] = [];
  const counts = { received: 0 };
  const peers = await connectPeers(url, rooms, latencies, counts, token);
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
  const latencies: number[] = [];
  const counts = { received: 0 };
  const peers = await connectPeers(url, rooms, latencies, counts, token);
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

async function withServer<T>(script: string, run: (server: BenchChild) => Promise<T>): Promise<T> {
  const server = await startBenchServer(script);
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

export const section: BenchSection = {
  title: `Relay: ${ROOMS} rooms × ${CLIENTS} y-websocket clients (Concord durable on SQLite vs reference relay in memory)`,
  async run(): Promise<BenchRow[]> {
    const referenceRooms = Array.from({ length: ROOMS }, (_, i) => `bench-${i}`);
    // Each run gets a fresh server process, so no run inherits another's connections or caches.
    const measure =
      (script: string, fn: (url: string, rooms: string[], token: string | null) => Promise<Result>) => () =>
        withServer(script, async (s) => {
          const url = `ws://127.0.0.1:${s.port}${script.includes('concord') ? '/sync' : ''}`;
          const rooms = script.includes('concord') ? await concordRooms(s.port, s.token!) : referenceRooms;
          return fn(url, rooms, s.token);
        });
    const concordScript = 'bench/servers/concord.ts';
    const referenceScript = 'bench/servers/reference.ts';
    const max = await alternate(measure(concordScript, saturate), measure(referenceScript, saturate));
    // Half of Concord's median maximum, the same rate for every run of both servers.
    const half = spreadOf(max.a.map((r) => r.throughput)).median / 2;
    const paced = (url: string, rooms: string[], token: string | null) => atRate(url, rooms, token, half);
    const halfLoad = await alternate(measure(concordScript, paced), measure(referenceScript, paced));
    const pick = (runs: { a: Result[]; b: Result[] }, figure: 'throughput' | 'p50' | 'p99') =>
      compared(
        runs.a.map((r) => r[figure]),
        runs.b.map((r) => r[figure]),
      );
    const throughput = pick(max, 'throughput');
    const p99Half = pick(halfLoad, 'p99');
    return [
      {
        name: 'max throughput (updates/s relayed)',
        unit: 'upd/s',
        ...throughput,
        target: `≥ ${TARGETS.relayThroughputShare}× reference`,
        met: throughput.ratio!.median >= TARGETS.relayThroughputShare,
      },
      { name: 'latency p50 at max load', unit: 'ms', ...pick(max, 'p50') },
      { name: 'latency p99 at max load', unit: 'ms', ...pick(max, 'p99') },
      {
        name: `latency p50 at half load (${Math.round(half)} upd/s)`,
        unit: 'ms',
        ...pick(halfLoad, 'p50'),
      },
      {
        name: `latency p99 at half load (${Math.round(half)} upd/s)`,
        unit: 'ms',
        ...p99Half,
        target: `< ${TARGETS.p99AtHalfLoadMs} ms`,
        met: p99Half.value < TARGETS.p99AtHalfLoadMs,
      },
      await lossRow(),
    ];
  },
};
