/**
 * Size limits of rooms over real sockets with stock y-websocket clients: an edit larger than its
 * room takes, or one that would grow the room past its limit, is refused whole (not stored, not
 * relayed) with the final close code 4413 and a warning; a frame larger than MAX_FRAME_BYTES closes
 * with 1009 and the client's reconnect that would resend it gets 4413, so nothing loops; and later
 * small edits still reach everyone.
 */
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { codingsMap } from '../../shared/model/layer.ts';
import { contentText } from '../../shared/model/text.ts';
import { CloseCode, roomName, type SyncLimits } from '../../shared/protocol.ts';
import { closeAll, connect, synced, type Client } from '../helpers/clients.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

const KiB = 1024;
const LIMITS: SyncLimits = {
  maxFrameBytes: 256 * KiB,
  rooms: {
    text: { maxUpdateBytes: 64 * KiB, maxRoomBytes: 160 * KiB },
    layer: { maxUpdateBytes: 32 * KiB, maxRoomBytes: 64 * KiB },
    codebook: { maxUpdateBytes: 32 * KiB, maxRoomBytes: 64 * KiB },
    memo: { maxUpdateBytes: 32 * KiB, maxRoomBytes: 64 * KiB },
  },
};

interface LogLine {
  level: number;
  msg: string;
  room?: string;
  user?: string;
}

let server: TestServer;
let logs: LogLine[];
let clients: Client[];

beforeEach(async () => {
  logs = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => logs.push(JSON.parse(line) as LogLine) });
  server = await startServer({
    logger,
    config: { maxFrameBytes: LIMITS.maxFrameBytes, roomLimits: LIMITS.rooms },
  });
  clients = [];
});
afterEach(async () => {
  closeAll(clients);
  await server.destroy();
});

/** A client that records the close codes it receives. */
function open(room: string): Client & { closes: number[] } {
  const client = connect(server.ws, room, server.token);
  const closes: number[] = [];
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closes.push(event.code);
  });
  clients.push(client);
  return Object.assign(client, { closes });
}

const WARN = 40;

describe('room size limits', () => {
  it('refuses a layer edit larger than a layer takes: 4413, final, nothing stored or relayed', async () => {
    const { document } = await server.newDocument('Interview.');
    const room = roomName.layer(document.id, server.admin.id);
    const writer = open(room);
    const reader = open(room);
    await Promise.all([synced(writer), synced(reader)]);

    codingsMap(writer.doc).set('junk', { memo: 'x'.repeat(40 * KiB) });
    await vi.waitFor(() => expect(writer.closes).toEqual([CloseCode.roomTooLarge]));
    // y-websocket takes 44xx as final: it does not come back to send the edit again.
    expect(writer.provider.shouldConnect).toBe(false);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: WARN,
        room,
        user: server.admin.id,
        msg: expect.stringMatching(/edit refused: edit too large/),
      }),
    );

    // A small edit afterwards, from another client, is stored and relayed as usual.
    codingsMap(reader.doc).set('small', { memo: 'ok' });
    const third = open(room);
    await vi.waitFor(() => expect(codingsMap(third.doc).get('small')).toEqual({ memo: 'ok' }));
    expect(codingsMap(third.doc).has('junk')).toBe(false);
    expect(codingsMap(reader.doc).has('junk')).toBe(false);
    const stored = await server.app.storage.loadRoom(room);
    const copy = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(copy, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(copy, u.data);
    expect(codingsMap(copy).has('junk')).toBe(false);
    expect(codingsMap(copy).has('small')).toBe(true);
  });

  it('refuses the edit that would grow a text room past its limit, and keeps the ones before', async () => {
    const { room } = await server.newDocument('Start.');
    const typist = open(room);
    const watcher = open(room);
    await Promise.all([synced(typist), synced(watcher)]);
    const chunk = 'y'.repeat(50 * KiB);
    // Three chunks (150 KiB) fit under 160 KiB; the fourth does not.
    for (let i = 0; i < 3; i++) {
      contentText(typist.doc).insert(0, chunk);
      await vi.waitFor(() => expect(contentText(watcher.doc).length).toBe(6 + (i + 1) * chunk.length));
    }
    contentText(typist.doc).insert(0, chunk);
    await vi.waitFor(() => expect(typist.closes).toEqual([CloseCode.roomTooLarge]));
    expect(logs.some((l) => l.level === WARN && l.room === room && /room full/.test(l.msg))).toBe(true);
    contentText(watcher.doc).insert(0, 'Typo fixed. ');
    const late = open(room);
    await vi.waitFor(() => expect(contentText(late.doc).toString()).toMatch(/^Typo fixed\. y/));
    expect(contentText(late.doc).length).toBe(12 + 6 + 3 * chunk.length);
  });

  it('closes an oversized frame with 1009, the resend on reconnect with 4413, and nothing loops', async () => {
    const { room } = await server.newDocument('Short transcript.');
    const paster = open(room);
    const other = open(room);
    await Promise.all([synced(paster), synced(other)]);

    contentText(paster.doc).insert(0, 'z'.repeat(300 * KiB));
    await vi.waitFor(() => expect(paster.closes).toEqual([CloseCode.tooLarge, CloseCode.roomTooLarge]));
    expect(paster.provider.shouldConnect).toBe(false);
    const warnings = logs.filter((l) => l.level === WARN && l.room === room).map((l) => l.msg);
    expect(warnings).toEqual([
      'frame refused: larger than MAX_FRAME_BYTES',
      'reconnect after an oversized edit refused',
    ]);

    // The other coder's small edits still arrive everywhere.
    contentText(other.doc).insert(0, 'Hello. ');
    const third = open(room);
    await vi.waitFor(() => expect(contentText(third.doc).toString()).toBe('Hello. Short transcript.'));

    // The refusal is remembered once: the same user's next connection (a reload) is let in.
    const again = open(room);
    await synced(again);
    expect(again.closes).toEqual([]);
  });

  it('tells clients the limits', async () => {
    const res = await server.api<SyncLimits>('GET', '/api/limits');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(LIMITS);
  });
});
