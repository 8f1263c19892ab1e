/**
 * Applies a room's logged updates to its document strictly in sequence-number order, whoever
 * wrote them. Updates this instance appended and updates other instances announced wait here
 * until every smaller number has been applied; a missing number is read from storage (after a
 * short grace, since it may just be in flight). So the document always holds exactly the log up
 * to `appliedSeq`: a snapshot taken at that number covers exactly what it deletes, and the
 * number identifies the state (cache keys).
 */
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { StoredUpdate, UpdateLog } from '../storage/Storage.ts';

/** Why the log was read: the label of `concord_catchups_total`. */
export type CatchUpReason = 'gap' | 'interleaved' | 'timer' | 'resync';

export interface LogSequencerOptions<E> {
  room: string;
  /** Every logged update with seq ≤ this is already in the document. */
  appliedSeq: number;
  storage: Pick<UpdateLog, 'readUpdatesSince' | 'loadRoom'>;
  /** Applies an update this instance holds (its own, or announced by another instance). */
  applyEntry: (entry: E) => void;
  /** Applies an update or a snapshot read from storage. */
  applyStored: (data: Uint8Array) => void;
  /** Gives up an entry whose content arrived another way or will never be applied here. */
  discardEntry: (entry: E) => void;
  /** Called after one or more updates were applied. */
  afterApply: () => void;
  /**
   * How long a missing number may stay missing before storage is read, in milliseconds. With a
   * fan-out the update is usually in flight; without one only storage can fill the gap (0).
   */
  gapGraceMs: number;
  metrics: Metrics;
  logger: Logger;
}

/** Delay before retrying a failed catch-up (storage unavailable). */
const RETRY_MS = 1000;

export class LogSequencer<E> {
  private applied: number;
  private readonly waiting = new Map<number, E>();
  private gapTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again: CatchUpReason | null = null;
  /** The highest number storage is known to have (from the log watcher). */
  private knownLast = 0;
  private closed = false;

  constructor(private readonly options: LogSequencerOptions<E>) {
    this.applied = options.appliedSeq;
    this.knownLast = options.appliedSeq;
  }

  /** Every logged update with seq ≤ appliedSeq is in the document, and no other. */
  get appliedSeq(): number {
    return this.applied;
  }

  /** No catch-up running and nothing waiting for a missing number. */
  get isIdle(): boolean {
    return this.running === null && this.waiting.size === 0;
  }

  /** Resolves when the catch-up in progress (if any) has finished. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * Takes updates numbered `firstSeq`, `firstSeq + 1`, …: applies what is next in line, keeps the
   * rest until the numbers before them are applied. Numbers already applied or already held are
   * discarded; returns the entries it took, in order.
   */
  offer(firstSeq: number, entries: readonly E[], reason: 'gap' | 'interleaved'): E[] {
    if (this.closed) {
      for (const entry of entries) this.options.discardEntry(entry);
      return [];
    }
    const taken: E[] = [];
    entries.forEach((entry, i) => {
      const seq = firstSeq + i;
      if (seq <= this.applied || this.waiting.has(seq)) {
        this.options.discardEntry(entry);
      } else {
        this.waiting.set(seq, entry);
        taken.push(entry);
      }
    });
    this.knownLast = Math.max(this.knownLast, firstSeq + entries.length - 1);
    if (this.advance() > 0) this.options.afterApply();
    if (this.waiting.size > 0) this.gapFound(reason);
    return taken;
  }

  /** Entries held until the numbers before them are applied, in sequence order. */
  waitingEntries(): E[] {
    return [...this.waiting.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
  }

  /** Storage has updates up to `lastSeq`: reads the ones this instance was never told about. */
  noteLastSeq(lastSeq: number): void {
    this.knownLast = Math.max(this.knownLast, lastSeq);
    if (this.closed || lastSeq <= this.applied) return;
    for (let seq = this.applied + 1; seq <= lastSeq; seq++) {
      if (!this.waiting.has(seq)) {
        void this.catchUp('timer');
        return;
      }
    }
  }

  /**
   * Reads and applies everything storage has beyond `appliedSeq`. Concurrent calls share one
   * read; a call during a read starts another one after it. Never rejects (a failure is logged,
   * counted and retried).
   */
  catchUp(reason: CatchUpReason): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again ??= reason;
      return this.running;
    }
    this.running = this.loop(reason).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops timers and gives up every waiting entry. */
  close(): void {
    this.closed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    for (const entry of this.waiting.values()) this.options.discardEntry(entry);
    this.waiting.clear();
  }

  private async loop(first: CatchUpReason): Promise<void> {
    let reason: CatchUpReason | null = first;
    let progressed = true;
    while (reason && !this.closed) {
      this.again = null;
      const before = this.applied;
      try {
        await this.readOnce(reason);
      } catch (err) {
        this.options.metrics.storageErrors.inc({ operation: 'catchUp' });
        this.options.logger.warn({ err, room: this.options.room, reason }, 'catch-up failed; will retry');
        this.armGapTimer(RETRY_MS, reason);
        return;
      }
      progressed = this.applied > before;
      reason = this.again;
      // A gap the read could not close (its update committed after the read began): once more.
      if (!reason && this.hasGap() && progressed) reason = 'gap';
    }
    // Every announced number is committed before it is announced, so a read that made no
    // progress is unusual: wait longer before the next one instead of spinning.
    if (this.hasGap()) this.armGapTimer(progressed ? this.options.gapGraceMs : RETRY_MS, 'gap');
  }

  private async readOnce(reason: CatchUpReason): Promise<void> {
    const { storage, room, metrics } = this.options;
    metrics.catchUps.inc({ reason });
    const rows = await storage.readUpdatesSince(room, this.applied);
    if (this.closed) return;
    let count = this.applyRows(rows);
    // Numbers that are neither in the log nor applied were merged into a snapshot by another
    // instance's compaction: read the snapshot and what follows it, as one consistent state.
    const firstRow = rows[0]?.seq;
    const truncated =
      (firstRow !== undefined && firstRow > this.applied + 1) ||
      (rows.length === 0 && this.knownLast > this.applied);
    if (truncated) {
      const log = await storage.loadRoom(room);
      if (this.closed) return;
      if (log.snapshot && log.snapshotSeq > this.applied) {
        this.options.applyStored(log.snapshot);
        this.applied = log.snapshotSeq;
        count++;
        for (const [seq, entry] of this.waiting) {
          if (seq > this.applied) continue;
          this.waiting.delete(seq);
          this.options.discardEntry(entry);
        }
      }
      count += this.applyRows(log.updates);
    }
    count += this.advance();
    if (count > 0) this.options.afterApply();
  }

  /** Applies stored rows that are next in line, preferring the entry this instance holds. */
  private applyRows(rows: readonly StoredUpdate[]): number {
    let count = 0;
    for (const { seq, data } of rows) {
      count += this.advance();
      if (seq <= this.applied) continue;
      if (seq !== this.applied + 1) break;
      const held = this.waiting.get(seq);
      if (held !== undefined) {
        this.waiting.delete(seq);
        this.options.applyEntry(held);
      } else {
        this.options.applyStored(data);
      }
      this.applied = seq;
      count++;
    }
    return count;
  }

  /** Applies waiting entries while the next number is there; returns how many. */
  private advance(): number {
    let count = 0;
    for (;;) {
      const next = this.waiting.get(this.applied + 1);
      if (next === undefined) break;
      this.waiting.delete(this.applied + 1);
      this.options.applyEntry(next);
      this.applied++;
      count++;
    }
    if (this.waiting.size === 0 && this.gapTimer) {
      clearTimeout(this.gapTimer);
      this.gapTimer = null;
    }
    return count;
  }

  private hasGap(): boolean {
    return this.waiting.size > 0 && !this.waiting.has(this.applied + 1);
  }

  private gapFound(reason: CatchUpReason): void {
    if (this.gapTimer || this.running) return;
    this.options.metrics.logGaps.inc();
    this.armGapTimer(this.options.gapGraceMs, reason);
  }

  private armGapTimer(delayMs: number, reason: CatchUpReason): void {
    if (this.closed || this.gapTimer) return;
    if (delayMs <= 0 && !this.running) {
      void this.catchUp(reason);
      return;
    }
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.hasGap() || (reason !== 'gap' && reason !== 'interleaved')) void this.catchUp(reason);
    }, delayMs);
    this.gapTimer.unref();
  }
}
