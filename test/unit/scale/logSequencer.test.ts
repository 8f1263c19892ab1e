/** Log-order application over real SQLite storage, as several instances sharing one log see it. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetrics, type Metrics } from '../../../server/metrics.ts';
import { openSqliteStorage, type SqliteStorage } from '../../../server/storage/sqlite.ts';
import { LogSequencer } from '../../../server/sync/LogSequencer.ts';
import { tempDir } from '../../helpers/server.ts';

const ROOM = 'text:seq';
const bytes = (...values: number[]) => new Uint8Array(values);

let dir: string;
let storage: SqliteStorage;
let metrics: Metrics;
let sequencers: LogSequencer<string>[];

beforeEach(async () => {
  dir = tempDir('concord-seq-');
  storage = await openSqliteStorage({ file: join(dir, 'concord.sqlite') });
  metrics = createMetrics();
  sequencers = [];
});
afterEach(async () => {
  for (const s of sequencers) s.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A sequencer whose applications are recorded in order. */
function sequencer(appliedSeq: number, gapGraceMs: number) {
  const log: string[] = [];
  const discarded: string[] = [];
  const s = new LogSequencer<string>({
    room: ROOM,
    appliedSeq,
    storage,
    applyEntry: (entry) => log.push(entry),
    applyStored: (data) => log.push(`stored:${[...data].join('.')}`),
    discardEntry: (entry) => discarded.push(entry),
    afterApply: () => log.push('|'),
    gapGraceMs,
    metrics,
    logger: pino({ level: 'silent' }),
  });
  sequencers.push(s);
  return { s, log, discarded };
}

async function counter(name: string, labels = ''): Promise<number> {
  const text = await metrics.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('log sequencer', () => {
  it('applies in sequence order, holding back what arrives early, discarding repeats', () => {
    const { s, log, discarded } = sequencer(0, 60_000);
    expect(s.offer(3, ['c', 'd'], 'gap')).toEqual(['c', 'd']);
    expect(s.waitingEntries()).toEqual(['c', 'd']);
    expect(log).toEqual([]);
    expect(s.appliedSeq).toBe(0);
    s.offer(1, ['a'], 'gap');
    s.offer(2, ['b'], 'interleaved');
    expect(log).toEqual(['a', '|', 'b', 'c', 'd', '|']);
    expect(s.appliedSeq).toBe(4);
    expect(s.offer(3, ['c-again', 'd-again', 'e'], 'gap')).toEqual(['e']);
    expect(discarded).toEqual(['c-again', 'd-again']);
    expect(s.appliedSeq).toBe(5);
    expect(s.isIdle).toBe(true);
  });

  it('reads a missing number from storage once the grace period passes', async () => {
    await storage.appendUpdates(ROOM, [bytes(1), bytes(2), bytes(3)]);
    const { s, log } = sequencer(0, 20);
    // Seq 3 is announced, 1 and 2 never are (a dropped message): storage fills them in, and the
    // held entry is applied in its place rather than the stored copy.
    s.offer(3, ['three'], 'gap');
    expect(log).toEqual([]);
    await vi.waitFor(() => expect(s.appliedSeq).toBe(3));
    expect(log).toEqual(['stored:1', 'stored:2', 'three', '|']);
    expect(await counter('concord_catchups_total', '{reason="gap"}')).toBe(1);
    expect(await counter('concord_log_gaps_total')).toBe(1);
  });

  it('reads updates nobody announced when told the log is longer', async () => {
    await storage.appendUpdates(ROOM, [bytes(1), bytes(2)]);
    const { s, log } = sequencer(1, 0);
    s.noteLastSeq(1);
    expect(await counter('concord_catchups_total', '{reason="timer"}')).toBe(0);
    s.noteLastSeq(2);
    await s.settled();
    expect(log).toEqual(['stored:2', '|']);
    expect(s.appliedSeq).toBe(2);
    expect(await counter('concord_catchups_total', '{reason="timer"}')).toBe(1);
  });

  it('reads the snapshot when another instance compacted past what it has applied', async () => {
    await storage.appendUpdates(ROOM, [bytes(1), bytes(2), bytes(3), bytes(4)]);
    await storage.compact(ROOM, bytes(9, 9), 3);
    const { s, log, discarded } = sequencer(1, 0);
    s.offer(3, ['three-held'], 'gap');
    await vi.waitFor(() => expect(s.appliedSeq).toBe(4));
    // Seq 2 and 3 exist only inside the snapshot now; the held copy of 3 is covered by it.
    expect(log).toEqual(['stored:9.9', 'stored:4', '|']);
    expect(discarded).toEqual(['three-held']);
  });

  it('gives up waiting entries when closed, and ignores offers afterwards', () => {
    const { s, log, discarded } = sequencer(0, 60_000);
    s.offer(2, ['b'], 'gap');
    s.close();
    s.offer(1, ['a'], 'gap');
    expect(log).toEqual([]);
    expect(discarded).toEqual(['b', 'a']);
  });
});
