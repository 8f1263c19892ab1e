/**
 * Checks, on a timer, whether the shared log holds updates that loaded rooms were never told
 * about: a fan-out message that was dropped with nothing after it, a write made while Redis was
 * down, or an instance that died between its append and its publish. One query covers every
 * loaded room, so the check stays cheap with thousands of them.
 */
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { UpdateLog } from '../storage/Storage.ts';

/** What the watcher needs of a loaded room. */
export interface WatchedRoom {
  readonly name: string;
  /** Storage holds the room's log up to `lastSeq`. */
  noteLastSeq(lastSeq: number): void;
}

export interface LogWatcherOptions {
  storage: Pick<UpdateLog, 'lastSeqs'>;
  /** The rooms loaded right now. */
  rooms: () => Iterable<WatchedRoom>;
  /** Time between checks, in milliseconds. */
  intervalMs: number;
  logger: Logger;
  metrics: Metrics;
}

export class LogWatcher {
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(private readonly options: LogWatcherOptions) {}

  /** Starts checking every `intervalMs`. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a check in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking;
  }

  /** Runs one check now (a check still in progress is shared, not doubled). */
  check(): Promise<void> {
    this.checking ??= this.run().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async run(): Promise<void> {
    const rooms = [...this.options.rooms()];
    if (rooms.length === 0) return;
    let lastSeqs: Map<string, number>;
    try {
      lastSeqs = await this.options.storage.lastSeqs(rooms.map((r) => r.name));
    } catch (err) {
      // Storage is down: writes are refused meanwhile, and the next check catches up.
      this.options.metrics.storageErrors.inc({ operation: 'lastSeqs' });
      this.options.logger.debug({ err }, 'log check failed');
      return;
    }
    for (const room of rooms) {
      const lastSeq = lastSeqs.get(room.name);
      if (lastSeq !== undefined) room.noteLastSeq(lastSeq);
    }
  }
}
