/**
 * Room load time with a long history (an editing history, and the worst case: every edit at a
 * random place), and memory per loaded transcript (its log one update, as an import writes it,
 * and a realistic editing history).
 */
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
import { alternate, repeat, ROUNDS } from './samples.ts';
import { measured, type BenchRow } from './table.ts';
import { TARGETS } from './targets.ts';

const HISTORY = 100_000;
/** Transcripts loaded per memory run; the figure is the growth divided by this. */
const TRANSCRIPTS = 20;
const ROOM = 'text:history';

/** Load times (after the warm-up loads, one by default), and the text the last load held. */
async function timeLoad(
  deps: RoomDeps,
  options: { rounds: number; warmups?: number },
): Promise<{ ms: number[]; text: string }> {
  let text = '';
  const ms = await repeat(async () => {
    const started = performance.now();
    const room = await Room.load(ROOM, deps);
    const elapsed = performance.now() - started;
    text = room.doc.getText('content').toString();
    room.destroy();
    return elapsed;
  }, options);
  return { ms, text };
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
    // Replaying 100k updates takes seconds and warms up on its own: three runs, none dropped.
    const replay = await timeLoad(deps, { rounds: 3, warmups: 0 });
    const room = await Room.load(ROOM, deps);
    const started = performance.now();
    await room.compact();
    const compactMs = performance.now() - started;
    room.destroy();
    const compacted = await timeLoad(deps, { rounds: ROUNDS });
    if (compacted.text !== replay.text) throw new Error('compaction changed the document');
    const expected = new Y.Doc();
    for (const u of updates) Y.applyUpdate(expected, u);
    if (expected.getText('content').toString() !== compacted.text) throw new Error('loaded state differs');
    await storage.close();
    const what = kind === 'editing' ? 'editing history' : 'worst case (every edit at a random place)';
    const load = measured(compacted.ms);
    return [
      {
        name: `${what}: load ${HISTORY / 1000}k logged updates, no snapshot`,
        unit: 'ms',
        ...measured(replay.ms),
      },
      // Compaction runs once per history: a second run would find nothing left to merge.
      { name: `${what}: compact into a snapshot (one run)`, value: compactMs, unit: 'ms' },
      {
        name: `${what}: load after compaction`,
        unit: 'ms',
        ...load,
        target: `< ${TARGETS.roomLoadMs} ms`,
        met: load.value < TARGETS.roomLoadMs,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One run of the memory child: MB per transcript, resident and JS heap. */
async function memoryRun(history: 'single' | 'edited'): Promise<{ rss: number; heap: number }> {
  const child = fileURLToPath(new URL('./rssChild.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', child, String(TRANSCRIPTS), history],
    { maxBuffer: 1 << 20 },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    rssPerTranscriptMB: number;
    heapPerTranscriptMB: number;
  };
  return { rss: result.rssPerTranscriptMB, heap: result.heapPerTranscriptMB };
}

async function memory(): Promise<BenchRow[]> {
  // A fresh process per run, so there is nothing to warm up; three runs of each, alternating.
  const runs = await alternate(
    () => memoryRun('single'),
    () => memoryRun('edited'),
    { rounds: 3, warmups: 0 },
  );
  const rows: BenchRow[] = [];
  for (const [label, results] of [
    ['log as one update (as imported)', runs.a],
    ['realistic editing history', runs.b],
  ] as const) {
    const rss = measured(results.map((r) => r.rss));
    rows.push(
      {
        name: `RSS per loaded transcript (10k words, 3 layers × 500 codings), ${label}`,
        unit: 'MB',
        ...rss,
        target: `≤ ${TARGETS.rssPerTranscriptMB} MB`,
        met: rss.value <= TARGETS.rssPerTranscriptMB,
      },
      { name: '  of which JS heap', unit: 'MB', ...measured(results.map((r) => r.heap)) },
    );
  }
  return rows;
}

export const section: BenchSection = {
  title: 'Rooms: load time with a long history, memory per loaded transcript',
  async run() {
    return [...(await loadTimes('editing')), ...(await loadTimes('scattered')), ...(await memory())];
  },
};
