/** Keepalive: live peers are pinged; a peer that stops answering is dropped and its presence removed. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MessageType } from '../../shared/protocol.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let clients: Client[] = [];

afterEach(async () => {
  closeAll(clients);
  clients = [];
  await server.destroy();
});

describe('keepalive', () => {
  it('drops a peer that stops answering pings and removes its presence', async () => {
    server = await startServer({ config: { pingIntervalMs: 400 } });
    const { room } = await server.newDocument('x');
    const observer = connect(server.ws, room, server.token);
    clients.push(observer);
    await synced(observer);

    // A peer whose network went away: it never answers pings (autoPong off), but it announced presence.
    const silent = new WebSocket(`${server.ws}/${room}?token=${server.token}`, { autoPong: false });
    let pings = 0;
    silent.on('ping', () => pings++);
    const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve) => silent.once('message', () => resolve()));
    const peerDoc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(peerDoc);
    awareness.setLocalState({ user: 'silent' });
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.awareness);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [peerDoc.clientID]));
    silent.send(encoding.toUint8Array(e));
    await vi.waitFor(() => expect(observer.provider.awareness.getStates().has(peerDoc.clientID)).toBe(true));

    expect(await closed).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    await vi.waitFor(() => expect(observer.provider.awareness.getStates().has(peerDoc.clientID)).toBe(false));
    // The healthy client answers pings and stays.
    expect(observer.provider.wsconnected).toBe(true);
    awareness.destroy();
  });
});
