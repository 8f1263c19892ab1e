/**
 * Checks, on a timer, whether the shared log holds updates that loaded rooms were never told
 * about: a fan-out message that was dropped with nothing after it, a write made while Redis was
 * down, or an instance that died between its append and its publish. One query covers every
 * loaded room, so the check stays cheap with thousands of them.
 */
import { PeriodicCheck } from '../PeriodicCheck.ts';
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
  private readonly periodic: PeriodicCheck;

  constructor(private readonly options: LogWatcherOptions) {
    this.periodic = new PeriodicCheck(() => this.run(), options.intervalMs);
  }

  /** Starts checking every `intervalMs`. */
  start(): void {
    this.periodic.start();
  }

  /** Stops the timer and waits for a check in progress. */
  stop(): Promise<void> {
    return this.periodic.stop();
  }

  /** Runs one check now (a check still in progress is shared, not doubled). */
  check(): Promise<void> {
    return this.periodic.check();
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
