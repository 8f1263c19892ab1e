/**
 * A client's sync step 1 is answered only once everything that client sent before it is durable,
 * so a client that asks again after editing knows from the answer that the server stores its
 * edits (the web client's "All changes saved" rests on this).
 */
import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { storedText as readStoredText } from '../helpers/stored.ts';

let server: TestServer;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const s of sockets) s.terminate();
  sockets.length = 0;
  await server.destroy();
});

const MESSAGE_SYNC = 0;

/** A bare protocol client that records the sync messages it receives, by kind. */
async function rawClient(room: string) {
  const doc = new Y.Doc();
  const ws = new WebSocket(`${server.ws}/${room}?token=${server.token}`);
  sockets.push(ws);
  ws.binaryType = 'nodebuffer';
  const received: ('step1' | 'step2' | 'update')[] = [];
  let closeCode: number | null = null;
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const kind = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (kind === syncProtocol.messageYjsSyncStep1) received.push('step1');
    else {
      received.push(kind === syncProtocol.messageYjsSyncStep2 ? 'step2' : 'update');
      Y.applyUpdate(doc, payload, 'server');
    }
  });
  ws.on('close', (code) => (closeCode = code));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const send = (write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    write(e);
    ws.send(encoding.toUint8Array(e));
  };
  const client = {
    doc,
    received,
    get closeCode() {
      return closeCode;
    },
    /** Sends the client's state vector: the server answers with a sync step 2. */
    ask: () => send((e) => syncProtocol.writeSyncStep1(e, doc)),
    /** Makes an edit locally and sends it as an update message. */
    edit: (text: string) => {
      const updates: Uint8Array[] = [];
      const collect = (u: Uint8Array, origin: unknown) => origin !== 'server' && updates.push(u);
      doc.on('update', collect);
      doc.getText('content').insert(0, text);
      doc.off('update', collect);
      for (const u of updates) send((e) => syncProtocol.writeUpdate(e, u));
    },
  };
  client.ask();
  await vi.waitFor(() => expect(received).toContain('step2'));
  return client;
}

const storedText = (room: string) => readStoredText(server, room);

describe('answers to sync step 1', () => {
  it('come after the asking client’s earlier edits are stored', async () => {
    server = await startServer();
    const { room } = await server.newDocument('Start.');
    const client = await rawClient(room);
    const answered = client.received.length;

    client.edit('One. ');
    client.edit('Two. ');
    client.ask();
    await vi.waitFor(() => expect(client.received.slice(answered)).toContain('step2'));
    // Read the moment the answer is in: storage must already hold both edits.
    expect(await storedText(room)).toBe('Two. One. Start.');
  });

  it('are never given for edits storage refused', async () => {
    server = await startServer({ busyTimeoutMs: 20 });
    const { room } = await server.newDocument('Start.');
    const client = await rawClient(room);
    const answered = client.received.length;

    // Another process holds SQLite's write lock: the edit is refused and the connection closed.
    const blocker = new Database(server.dbFile);
    blocker.exec('BEGIN EXCLUSIVE');
    try {
      client.edit('Refused. ');
      client.ask();
      await vi.waitFor(() => expect(client.closeCode).toBe(CloseCode.storageUnavailable));
      expect(client.received.slice(answered)).not.toContain('step2');
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
    expect(await storedText(room)).toBe('Start.');
  });

  it('come at once, in order, when nothing is in flight', async () => {
    server = await startServer();
    const { room } = await server.newDocument('Start.');
    const client = await rawClient(room);
    const answered = client.received.length;
    client.ask();
    client.edit('Later. ');
    client.ask();
    await vi.waitFor(() =>
      expect(client.received.slice(answered).filter((k) => k === 'step2')).toHaveLength(2),
    );
    expect(client.doc.getText('content').toString()).toBe('Later. Start.');
    expect(await storedText(room)).toBe('Later. Start.');
  });
});
