/**
 * Child process of the memory benchmark (run with --expose-gc): stores K coded transcripts,
 * then measures the resident memory that loading them into rooms adds, per transcript.
 *
 * `node --expose-gc --import tsx bench/rssChild.ts <K> <history>`: with `history` = `single`
 * each room's log is one update holding its whole state (as an import writes it); with `edited`
 * it is the realistic editing history of {@link editedTranscript} (thousands of small updates, as
 * a transcript typed, proofread and coded one coding at a time leaves them): what a room
 * holds in memory once people have worked in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import * as Y from 'yjs';
import { roomName } from '../shared/protocol.ts';
import { createMetrics } from '../server/metrics.ts';
import { openSqliteStorage } from '../server/storage/sqlite.ts';
import { RoomRegistry } from '../server/sync/RoomRegistry.ts';
import { codedTranscript, editedTranscript, seeded } from './fixtures.ts';

const K = Number(process.argv[2] ?? 20);
const HISTORY = process.argv[3] ?? 'single';
if (HISTORY !== 'single' && HISTORY !== 'edited')
  throw new Error(`history: single or edited, not ${HISTORY}`);
const WORDS = 10_000;
const LAYERS = 3;
const CODINGS = 500;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const settle = async () => {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
};

const dir = mkdtempSync(join(tmpdir(), 'concord-rss-'));
const storage = await openSqliteStorage({ file: join(dir, 'concord.sqlite') });
const random = seeded(7);
// Every transcript gets the same edited history (each room still builds its own document from
// it): generating one takes seconds, and memory per room does not depend on which words it holds.
const edited = HISTORY === 'edited' ? editedTranscript(WORDS, LAYERS, CODINGS, random) : null;
for (let k = 0; k < K; k++) {
  if (edited) {
    await storage.appendUpdates(roomName.text(`d${k}`), edited.text);
    for (const [l, log] of edited.layers.entries())
      await storage.appendUpdates(roomName.layer(`d${k}`, `coder${l}`), log);
    continue;
  }
  const { text, layers } = codedTranscript(WORDS, LAYERS, CODINGS, random);
  await storage.appendUpdates(roomName.text(`d${k}`), [Y.encodeStateAsUpdate(text)]);
  for (const [l, layer] of layers.entries()) {
    await storage.appendUpdates(roomName.layer(`d${k}`, `coder${l}`), [Y.encodeStateAsUpdate(layer)]);
  }
}

const registry = new RoomRegistry({
  storage,
  logger: pino({ level: 'silent' }),
  metrics: createMetrics(),
  now: () => Date.now(),
  compactAfter: 1_000_000,
  maxBatch: 1000,
  unloadAfterMs: 3_600_000,
});
await settle();
const before = process.memoryUsage();
const rooms = [];
for (let k = 0; k < K; k++) {
  rooms.push(await registry.acquire(roomName.text(`d${k}`)));
  for (let l = 0; l < LAYERS; l++) rooms.push(await registry.acquire(roomName.layer(`d${k}`, `coder${l}`)));
}
await settle();
const after = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    transcripts: K,
    history: HISTORY,
    rssPerTranscriptMB: (after.rss - before.rss) / K / 2 ** 20,
    heapPerTranscriptMB: (after.heapUsed - before.heapUsed) / K / 2 ** 20,
    rooms: rooms.length,
  })}\n`,
);
await registry.closeAll();
await storage.close();
rmSync(dir, { recursive: true, force: true });
