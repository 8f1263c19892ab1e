/**
 * Updates lost after `kill -9`: a writer sets N distinct keys, one update each; once a second,
 * observing client has seen all N (so the server accepted and relayed every one), the server is
 * killed with SIGKILL at once, restarted on the same data, and a fresh client counts which of the
 * N are missing. A server that stores before it relays loses none; one that stores on a timer
 * loses what was still waiting for it (Hocuspocus's default store debounce is 2 s, and the kill
 * comes as soon as the observer has caught up, well inside it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KillablePeer, PeerClient, PeerServer } from './killablePeers.ts';
import { countLoss, updateKeys, type LossCount } from './lossCount.ts';

/** The shared map the writer sets its keys in. */
const MAP = 'loss';

/** Polls `check` every 2 ms until it holds; throws naming `what` after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function syncedClient(peer: KillablePeer, server: PeerServer, room: string): Promise<PeerClient> {
  const client = peer.connect(server, room);
  try {
    await until(() => client.synced(), 30_000, `a ${peer.name} client to sync`);
  } catch (err) {
    client.destroy();
    throw err;
  }
  return client;
}

/**
 * Runs the crash once against `peer` with `updates` updates and counts what is lost. Uses a fresh
 * temporary data folder (removed afterwards) and stops every process and client it started, also
 * when a step fails. Throws when a server does not start, a client does not sync within 30 s, or
 * the observer has not seen every update within 60 s.
 */
export async function measureLossAfterKill(peer: KillablePeer, updates: number): Promise<LossCount> {
  const keys = updateKeys(updates);
  const dataDir = mkdtempSync(join(tmpdir(), 'concord-loss-'));
  const servers: PeerServer[] = [];
  const clients: PeerClient[] = [];
  const start = async () => {
    const server = await peer.start(dataDir);
    servers.push(server);
    return server;
  };
  const connect = async (server: PeerServer, room: string) => {
    const client = await syncedClient(peer, server, room);
    clients.push(client);
    return client;
  };
  try {
    const first = await start();
    const room = await peer.prepareRoom(first);
    const writer = await connect(first, room);
    const observer = await connect(first, room);
    const written = writer.doc.getMap<number>(MAP);
    // One transaction per key, so each is its own update on the wire and in the server.
    keys.forEach((key, i) => written.set(key, i));
    const seen = observer.doc.getMap<number>(MAP);
    await until(() => keys.every((key) => seen.has(key)), 60_000, `the observer to see ${updates} updates`);
    await first.kill9();
    for (const client of clients.splice(0)) client.destroy();

    const second = await start();
    const fresh = await connect(second, room);
    const stored = fresh.doc.getMap<number>(MAP);
    return countLoss(keys, (key) => stored.has(key));
  } finally {
    for (const client of clients) client.destroy();
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
