/**
 * The web client's count of unsaved changes, driven by a stock y-websocket provider against a real
 * server: a change counts as saved only once the server has stored it.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { watchAcknowledgements } from '../../client/src/sync/acknowledgements.ts';
import { CloseCode } from '../../shared/protocol.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { storedText as readStoredText } from '../helpers/stored.ts';

let server: TestServer;
let clients: Client[] = [];

afterEach(async () => {
  closeAll(clients);
  clients = [];
  await server.destroy();
});

const storedText = (room: string) => readStoredText(server, room);

describe('acknowledged changes', () => {
  it('count a change as saved only once storage holds it, across refusals and reconnects', async () => {
    server = await startServer({ busyTimeoutMs: 20 });
    const { room } = await server.newDocument('Start.');
    const client = connect(server.ws, room, server.token);
    clients.push(client);
    const counts: number[] = [];
    const acks = watchAcknowledgements(client.provider, {
      isLocal: (origin) => origin !== client.provider,
      onChange: (n) => counts.push(n),
    });
    await synced(client);
    expect(acks.unsent).toBe(0);

    client.doc.getText('content').insert(0, 'Saved. ');
    expect(acks.unsent).toBe(1);
    await vi.waitFor(() => expect(acks.unsent).toBe(0));
    expect(await storedText(room)).toBe('Saved. Start.');

    // Storage refuses writes: the connection is closed and resynced, the change stays unsaved.
    const closes: number[] = [];
    client.provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
    const blocker = new Database(server.dbFile);
    blocker.exec('BEGIN EXCLUSIVE');
    try {
      client.doc.getText('content').insert(0, 'Held. ');
      await vi.waitFor(() =>
        expect(closes.filter((c) => c === CloseCode.storageUnavailable).length).toBeGreaterThanOrEqual(2),
      );
      expect(acks.unsent).toBe(1);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    await vi.waitFor(() => expect(acks.unsent).toBe(0));
    expect(await storedText(room)).toBe('Held. Saved. Start.');
    expect(counts).toEqual([1, 0, 1, 0]);
    acks.stop();
  });

  it('start from what an earlier page left unconfirmed and confirm it after the handshake', async () => {
    server = await startServer();
    const { room } = await server.newDocument('Start.');
    // Edits made while disconnected, as a reopened tab holds them in its browser copy.
    const doc = new Y.Doc();
    const seed = connect(server.ws, room, server.token, doc);
    clients.push(seed);
    await synced(seed);
    seed.provider.disconnect();
    for (const word of ['a ', 'b ', 'c ']) doc.getText('content').insert(0, word);

    const acks = watchAcknowledgements(seed.provider, {
      unsent: 3,
      isLocal: (origin) => origin !== seed.provider,
      onChange: () => undefined,
    });
    expect(acks.unsent).toBe(3);
    seed.provider.connect();
    await vi.waitFor(() => expect(acks.unsent).toBe(0));
    expect(await storedText(room)).toBe('c b a Start.');
    acks.stop();
  });
});
