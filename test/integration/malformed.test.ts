/** Hostile frames close only the connection that sent them and change nothing. */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol.ts';
import { closeAll, connect, converged, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const MAX_FRAME = 64 * 1024;
let server: TestServer;
let room: string;
let healthy: Client[];

beforeEach(async () => {
  server = await startServer({ config: { maxFrameBytes: MAX_FRAME } });
  ({ room } = await server.newDocument('Stable text.'));
  healthy = [connect(server.ws, room, server.token), connect(server.ws, room, server.token)];
  await Promise.all(healthy.map(synced));
});

afterEach(async () => {
  closeAll(healthy);
  await server.destroy();
});

/** Opens a raw socket, sends one frame once the server speaks, resolves with the close code. */
function sendRaw(frame: Uint8Array | string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.ws}/${room}?token=${server.token}`);
    ws.once('message', () => ws.send(frame));
    ws.on('close', (code) => resolve(code));
    ws.on('error', (err) => (err.message.includes('close') ? undefined : reject(err)));
  });
}

async function serverState(): Promise<{ state: string; logged: number }> {
  const live = server.app.registry.peek(room);
  const log = await server.app.storage.loadRoom(room);
  return {
    state: Buffer.from(Y.encodeStateAsUpdate(live!.doc)).toString('base64'),
    logged: log.updates.length + (log.snapshot ? 1 : 0),
  };
}

describe('malformed frames', () => {
  const cases: [string, () => Uint8Array | string, number][] = [
    ['random bytes', () => new Uint8Array([0x09, ...randomBytes(40)]), CloseCode.invalidPayload],
    ['a truncated varint', () => new Uint8Array([0x80]), CloseCode.invalidPayload],
    ['a sync frame with a truncated varint', () => new Uint8Array([0, 0xff, 0xff]), CloseCode.invalidPayload],
    [
      'an absurd length prefix',
      () => new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]),
      CloseCode.invalidPayload,
    ],
    [
      'an update of random bytes',
      () => new Uint8Array([0, 2, 40, ...randomBytes(40)]),
      CloseCode.invalidPayload,
    ],
    ['an unknown sync message type', () => new Uint8Array([0, 7, 1, 0]), CloseCode.invalidPayload],
    ['trailing garbage after a valid message', () => new Uint8Array([3, 1, 2, 3]), CloseCode.invalidPayload],
    [
      'awareness with broken JSON',
      () => new Uint8Array([1, 6, 1, 1, 1, 2, 0x7b, 0x7b]),
      CloseCode.invalidPayload,
    ],
    ['a text frame', () => 'hello', CloseCode.unsupportedData],
    ['a frame beyond the maximum size', () => new Uint8Array(MAX_FRAME + 1), CloseCode.tooLarge],
  ];

  for (const [name, frame, code] of cases) {
    it(`closes only the sender for ${name}`, async () => {
      const before = await serverState();
      expect(await sendRaw(frame())).toBe(code);
      expect(await serverState()).toEqual(before);
      // The other connections are untouched and still sync.
      healthy[0]!.doc.getText('content').insert(0, `after ${name}: `);
      await converged(healthy);
      expect(healthy[1]!.doc.getText('content').toString()).toBe(`after ${name}: Stable text.`);
      expect(server.app.registry.peek(room)!.connectionCount).toBe(2);
    });
  }
});
