/** Real server on port 0, stock y-websocket clients over real sockets, a real SQLite file. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol.ts';
import { Rng } from '../../shared/agreement/rng.ts';
import { closeAll, connect, converged, synced, upgradeStatus, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let clients: Client[];
let room: string;

function open(name = room): Client {
  const client = connect(server.ws, name, server.token);
  clients.push(client);
  return client;
}

beforeEach(async () => {
  server = await startServer({ config: { roomUnloadMs: 50 } });
  clients = [];
  ({ room } = await server.newDocument());
});

afterEach(async () => {
  closeAll(clients);
  await server.destroy();
});

describe('sync', () => {
  it('delivers the stored transcript to a new client', async () => {
    const a = open();
    await synced(a);
    expect(a.doc.getText('content').toString()).toBe('Interview transcript.');
    expect(a.doc.getMap('meta').get('title')).toBe('T1');
  });

  it('converges concurrent edits among three clients', async () => {
    const [a, b, c] = [open(), open(), open()];
    await Promise.all([a, b, c].map(synced));
    a.doc.getText('content').insert(0, 'A says hello. ');
    b.doc.getText('content').insert(5, '[b]');
    c.doc.getText('content').delete(0, 3);
    c.doc.getMap('meta').set('note', 'from c');
    await converged([a, b, c]);
    const text = a.doc.getText('content').toString();
    expect(text).toContain('A says hello.');
    expect(text).toContain('[b]');
    expect(a.doc.getMap('meta').get('note')).toBe('from c');
  });

  it('converges randomized edits with random disconnects and reconnects', async () => {
    // Seeded, so a failing run can be replayed.
    const rng = new Rng(42);
    const random = (): number => rng.next();
    const group = Array.from({ length: 4 }, () => open());
    await Promise.all(group.map(synced));
    for (let step = 0; step < 300; step++) {
      const client = group[Math.floor(random() * group.length)]!;
      const r = random();
      const text = client.doc.getText('content');
      if (r < 0.08) {
        if (client.provider.shouldConnect) client.provider.disconnect();
        else client.provider.connect();
      } else if (r < 0.6 || text.length < 5) {
        text.insert(Math.floor(random() * (text.length + 1)), `x${step} `);
      } else if (r < 0.85) {
        const at = Math.floor(random() * (text.length - 2));
        text.delete(at, 1 + Math.floor(random() * 2));
      } else {
        client.doc.getMap('meta').set(`k${Math.floor(random() * 5)}`, step);
      }
      if (step % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    for (const c of group) c.provider.connect();
    await converged(group, 20_000);
    // The server holds the same state: a fresh client sees it.
    const fresh = open();
    await synced(fresh);
    await converged([group[0]!, fresh]);
  });

  it("merges an offline client's edits on reconnect", async () => {
    const [a, b] = [open(), open()];
    await Promise.all([a, b].map(synced));
    a.provider.disconnect();
    a.doc.getText('content').insert(0, 'Offline note. ');
    b.doc.getText('content').insert(b.doc.getText('content').length, ' Online note.');
    // The online edit is on the server before the offline one arrives, so the two really meet there.
    await vi.waitFor(() =>
      expect(server.app.registry.peek(room)?.doc.getText('content').toString()).toBe(
        'Interview transcript. Online note.',
      ),
    );
    a.provider.connect();
    await converged([a, b]);
    expect(b.doc.getText('content').toString()).toBe('Offline note. Interview transcript. Online note.');
  });

  it('keeps everything across a restart and after the room unloads', async () => {
    const a = open();
    await synced(a);
    a.doc.getText('content').insert(0, 'Persisted. ');
    const b = open();
    await synced(b);
    await converged([a, b]);
    closeAll(clients);
    clients = [];
    // Unused rooms leave memory after the grace period.
    await vi.waitFor(() => expect(server.app.registry.size).toBe(0));
    const dataDir = server.dataDir;
    await server.stop();
    server = await startServer({ dataDir });
    const c = open();
    await synced(c);
    expect(c.doc.getText('content').toString()).toBe('Persisted. Interview transcript.');
  });

  it('unloads rooms that fall idle together one after another, each compacted, none lost', async () => {
    const { registry, storage } = server.app;
    const names = Array.from({ length: 30 }, (_, i) => `text:idle-together-${i}`);
    const rooms = await Promise.all(names.map((name) => registry.acquire(name)));
    await Promise.all(
      rooms.map((room, i) =>
        registry.change(room.name, (doc) => doc.getText('content').insert(0, `room ${i}`)),
      ),
    );
    for (const room of rooms) registry.release(room);
    await vi.waitFor(() => expect(registry.size).toBe(0));
    for (const [i, name] of names.entries()) {
      const log = await storage.loadRoom(name);
      // Compacted on the way out: one snapshot, no separate updates left.
      expect(log.snapshot).not.toBeNull();
      expect(log.updates).toHaveLength(0);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, log.snapshot!);
      expect(doc.getText('content').toString()).toBe(`room ${i}`);
    }
  });

  it('relays presence and removes it when a connection closes', async () => {
    const [a, b] = [open(), open()];
    await Promise.all([a, b].map(synced));
    a.provider.awareness.setLocalStateField('user', { name: 'Coder A' });
    // The name a client claims is replaced by the identity it signed in with.
    await vi.waitFor(() =>
      expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual({
        user: { name: server.admin.name, id: server.admin.id },
      }),
    );
    // Drop the socket without a goodbye: the server must remove the state itself.
    a.provider.ws?.close();
    a.provider.shouldConnect = false;
    await vi.waitFor(() => expect(b.provider.awareness.getStates().has(a.doc.clientID)).toBe(false));
  });

  it('buffers frames that arrive while the room loads, in order', async () => {
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (u: Uint8Array) => updates.push(u));
    source.getText('other').insert(0, 'first');
    source.getText('other').insert(5, ' second');
    const ws = new WebSocket(`${server.ws}/${room}?token=${server.token}`);
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => {
        // All frames go out before the server can have loaded the room.
        for (const u of updates) {
          const e = encoding.createEncoder();
          encoding.writeVarUint(e, MessageType.sync);
          syncProtocol.writeUpdate(e, u);
          ws.send(encoding.toUint8Array(e));
        }
        resolve();
      });
      ws.on('error', reject);
    });
    const observer = open();
    await vi.waitFor(() => expect(observer.doc.getText('other').toString()).toBe('first second'));
    ws.close();
  });

  it('refuses upgrades for rooms that are not ours or do not exist', async () => {
    const statusOf = (path: string) => upgradeStatus(`${server.ws}/${path}?token=${server.token}`);
    expect(await statusOf('not-a-room')).toBe(400);
    expect(await statusOf('text:doesnotexist')).toBe(404);
    expect(await statusOf('codebook:nope')).toBe(404);
  });

  it('reports rooms, connections and updates in /metrics', async () => {
    const a = open();
    await synced(a);
    a.doc.getText('content').insert(0, 'x');
    await vi.waitFor(async () => {
      const text = await (await fetch(`${server.http}/metrics`)).text();
      expect(text).toMatch(/concord_connections 1/);
      expect(text).toMatch(/concord_rooms_loaded [1-9]/);
      expect(text).toMatch(/concord_updates_total [1-9]/);
      expect(text).toMatch(/concord_persist_seconds_count [1-9]/);
      expect(text).toMatch(/concord_updates_per_second [0-9.]+/);
    });
  });
});
