/** Compaction under concurrent writes keeps the state exactly; storage failures lose nothing. */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol.ts';
import { closeAll, connect, converged, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let clients: Client[] = [];

afterEach(async () => {
  closeAll(clients);
  clients = [];
  await server.destroy();
});

async function newRoom(): Promise<string> {
  return (await server.newDocument('Start.')).room;
}

function open(room: string): Client {
  const c = connect(server.ws, room, server.token);
  clients.push(c);
  return c;
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.http}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('compaction', () => {
  it('preserves the state exactly while clients keep writing', async () => {
    server = await startServer({ config: { compactAfter: 25 } });
    const room = await newRoom();
    const group = [open(room), open(room), open(room)];
    await Promise.all(group.map(synced));
    await Promise.all(
      group.map(async (c, n) => {
        for (let i = 0; i < 150; i++) {
          const text = c.doc.getText('content');
          text.insert(Math.floor((i * 7 + n) % (text.length + 1)), `${n}.${i} `);
          if (i % 10 === 0) text.delete(0, 1);
          c.doc.getMap('meta').set(`k${n}`, i);
          if (i % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    await converged(group, 20_000);
    await vi.waitFor(async () => expect(await metric('concord_compactions_total')).toBeGreaterThan(3));
    const log = await server.app.storage.loadRoom(room);
    expect(log.snapshot).not.toBeNull();
    expect(log.updates.length).toBeLessThan(450);

    // Reloaded from snapshot plus remaining log, the state is the same to the last deletion.
    const expected = Y.snapshot(group[0]!.doc);
    const expectedText = group[0]!.doc.getText('content').toString();
    closeAll(clients);
    clients = [];
    const dataDir = server.dataDir;
    await server.stop();
    server = await startServer({ dataDir });
    const fresh = open(room);
    await synced(fresh);
    expect(Y.equalSnapshots(Y.snapshot(fresh.doc), expected)).toBe(true);
    expect(fresh.doc.getText('content').toString()).toBe(expectedText);
  });

  it('neither applies nor relays an update storage refused, and recovers by itself', async () => {
    server = await startServer({ busyTimeoutMs: 20 });
    const room = await newRoom();
    const [writer, reader] = [open(room), open(room)];
    await Promise.all([writer, reader].map(synced));
    const closes: number[] = [];
    writer.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));

    // Another process holds the write lock: every append fails.
    const blocker = new Database(server.dbFile);
    blocker.exec('BEGIN EXCLUSIVE');
    writer.doc.getText('content').insert(0, 'Refused at first. ');
    await vi.waitFor(() => expect(closes).toContain(CloseCode.storageUnavailable));
    expect(reader.doc.getText('content').toString()).toBe('Start.');
    expect(server.app.registry.peek(room)!.doc.getText('content').toString()).toBe('Start.');
    expect(await metric('concord_storage_errors_total')).toBeGreaterThan(0);
    const health = await fetch(`${server.http}/healthz`);
    expect(health.status).toBe(200);

    // The lock goes away; the writer's reconnect resends its edit, which is now stored.
    blocker.exec('ROLLBACK');
    blocker.close();
    await vi.waitFor(
      () => expect(reader.doc.getText('content').toString()).toBe('Refused at first. Start.'),
      {
        timeout: 10_000,
      },
    );
    const log = await server.app.storage.loadRoom(room);
    const stored = new Y.Doc();
    if (log.snapshot) Y.applyUpdate(stored, log.snapshot);
    for (const u of log.updates) Y.applyUpdate(stored, u.data);
    expect(stored.getText('content').toString()).toBe('Refused at first. Start.');
  });
});
