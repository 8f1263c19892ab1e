/** Room load time with a long history, and memory per loaded transcript. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import * as Y from 'yjs';
import { createMetrics } from '../server/metrics.ts';
import { openSqliteStorage } from '../server/storage/sqlite.ts';
import { Room, type RoomDeps } from '../server/sync/Room.ts';
import { scatteredHistory, seeded, typingHistory } from './fixtures.ts';
import type { BenchSection } from './run.ts';
import type { BenchRow } from './table.ts';

const HISTORY = 100_000;
const ROOM = 'text:history';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeLoad(deps: RoomDeps, runs: number): Promise<{ ms: number; text: string }> {
  const times: number[] = [];
  let text = '';
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const room = await Room.load(ROOM, deps);
    times.push(performance.now() - started);
    text = room.doc.getText('content').toString();
    room.destroy();
  }
  return { ms: median(times), text };
}

async function loadTimes(kind: 'editing' | 'scattered'): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'concord-load-'));
  try {
    const storage = await openSqliteStorage({ file: join(dir, 'concord.sqlite') });
    const updates = (kind === 'editing' ? typingHistory : scatteredHistory)(HISTORY, seeded(11));
    for (let i = 0; i < updates.length; i += 1000)
      await storage.appendUpdates(ROOM, updates.slice(i, i + 1000));
    const deps: RoomDeps = {
      storage,
      logger: pino({ level: 'silent' }),
      metrics: createMetrics(),
      now: () => Date.now(),
      compactAfter: Number.MAX_SAFE_INTEGER,
      maxBatch: 1000,
    };
    const replay = await timeLoad(deps, 3);
    const room = await Room.load(ROOM, deps);
    const started = performance.now();
    await room.compact();
    const compactMs = performance.now() - started;
    room.destroy();
    const compacted = await timeLoad(deps, 5);
    if (compacted.text !== replay.text) throw new Error('compaction changed the document');
    const expected = new Y.Doc();
    for (const u of updates) Y.applyUpdate(expected, u);
    if (expected.getText('content').toString() !== compacted.text) throw new Error('loaded state differs');
    await storage.close();
    const what = kind === 'editing' ? 'editing history' : 'worst case: every edit at a random place';
    return [
      { name: `${what}: load ${HISTORY / 1000}k logged updates, no snapshot`, value: replay.ms, unit: 'ms' },
      { name: `${what}: compact into a snapshot`, value: compactMs, unit: 'ms' },
      {
        name: `${what}: load after compaction`,
        value: compacted.ms,
        unit: 'ms',
        ...(kind === 'editing' ? { target: '< 200 ms', met: compacted.ms < 200 } : {}),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function memory(): Promise<BenchRow[]> {
  const child = fileURLToPath(new URL('./rssChild.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', child, '20'],
    {
      maxBuffer: 1 << 20,
    },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    rssPerTranscriptMB: number;
    heapPerTranscriptMB: number;
  };
  return [
    {
      name: 'RSS per loaded 10k-word transcript + 3 layers × 500 codings',
      value: result.rssPerTranscriptMB,
      unit: 'MB',
      target: '≤ 5 MB',
      met: result.rssPerTranscriptMB <= 5,
    },
    { name: '  of which JS heap', value: result.heapPerTranscriptMB, unit: 'MB' },
  ];
}

export const section: BenchSection = {
  title: 'Rooms: load time with a long history, memory per transcript',
  async run() {
    return [...(await loadTimes('editing')), ...(await loadTimes('scattered')), ...(await memory())];
  },
};
