/**
 * One live collaborative document. Every change — from a client or from the server itself — goes
 * through `submit`: appended to the room's log first, applied to the document and relayed only
 * once storage has it. What a client has seen is therefore always on disk.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AppError } from '../../shared/errors.ts';
import { CloseCode } from '../../shared/protocol.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { UpdateLog } from '../storage/Storage.ts';
import { Connection } from './Connection.ts';
import {
  decodeClientMessage,
  encodeAwareness,
  encodeAwarenessEntries,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isEmptyUpdate,
  MalformedMessageError,
  type AwarenessEntry,
  type ClientMessage,
} from './messages.ts';

export interface RoomDeps {
  storage: UpdateLog;
  logger: Logger;
  metrics: Metrics;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Log entries after which the room merges its log into a snapshot while loaded. */
  compactAfter: number;
  /** Most updates appended in one transaction. */
  maxBatch: number;
  /** Called after updates were applied to the room's document (for live derived views). */
  onChange?: (room: string) => void;
}

interface PendingUpdate {
  update: Uint8Array;
  origin: Connection | null;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  private readonly connections = new Set<Connection>();
  private readonly queue: PendingUpdate[] = [];
  private writing: Promise<void> | null = null;
  private flushScheduled = false;
  /** Every logged update with seq ≤ appliedSeq is in `doc`. */
  private appliedSeq: number;
  /** Log entries not yet merged into the stored snapshot. */
  private logLength: number;
  private compacting: Promise<void> | null = null;
  private destroyed = false;

  private constructor(
    readonly name: string,
    private readonly deps: RoomDeps,
    appliedSeq: number,
    logLength: number,
  ) {
    this.appliedSeq = appliedSeq;
    this.logLength = logLength;
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.relay(update, origin));
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
      this.relayAwareness(change, origin),
    );
  }

  /** Loads a room from storage: snapshot plus log, compacting a long log right away. */
  static async load(name: string, deps: RoomDeps): Promise<Room> {
    const log = await deps.storage.loadRoom(name);
    const lastSeq = log.updates.at(-1)?.seq ?? log.snapshotSeq;
    const room = new Room(name, deps, lastSeq, log.updates.length);
    room.doc.transact(() => {
      if (log.snapshot) Y.applyUpdate(room.doc, log.snapshot);
      for (const { seq, data } of log.updates) {
        try {
          Y.applyUpdate(room.doc, data);
        } catch (err) {
          // A stored update that no longer applies is reported, not fatal: the rest still loads.
          deps.logger.error({ err, room: name, seq }, 'stored update failed to apply');
        }
      }
    });
    if (room.logLength >= deps.compactAfter) await room.compact();
    return room;
  }

  /**
   * The log sequence number of the room's current state. Unlike a state vector it also moves on
   * deletions, and it survives unloading, so it identifies a state exactly (cache keys).
   */
  get version(): number {
    return this.appliedSeq;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get isIdle(): boolean {
    return this.queue.length === 0 && this.writing === null && this.compacting === null;
  }

  /** Adds a connection and starts the sync handshake. */
  join(conn: Connection): void {
    this.connections.add(conn);
    conn.send(encodeSyncStep1(this.doc));
    const states = this.awareness.getStates();
    if (states.size > 0) conn.send(encodeAwareness(this.awareness, [...states.keys()]));
  }

  /** Removes a connection and the awareness states it announced. */
  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    if (conn.awarenessClients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessClients], null);
    }
  }

  /** Handles one binary frame from a connection; a malformed one closes that connection only. */
  receive(conn: Connection, frame: Uint8Array): void {
    let message: ClientMessage;
    try {
      message = decodeClientMessage(frame);
    } catch (err) {
      if (!(err instanceof MalformedMessageError)) throw err;
      this.deps.metrics.malformedMessages.inc();
      this.deps.logger.warn({ room: this.name, reason: err.message }, 'malformed frame; closing connection');
      conn.close(CloseCode.invalidPayload, 'malformed message');
      return;
    }
    switch (message.type) {
      case 'syncStep1':
        conn.send(encodeSyncStep2(this.doc, message.stateVector));
        return;
      case 'update':
        // Read-only connections still sync, but what they send is never stored or relayed.
        if (conn.access !== 'write' || isEmptyUpdate(message.update)) return;
        this.submit(message.update, conn).catch(() => {
          // Already reported and the connection closed in flush(); the client resends on reconnect.
        });
        return;
      case 'awareness':
        this.receiveAwareness(conn, message.entries);
        return;
      case 'queryAwareness':
        conn.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      case 'auth':
        return;
    }
  }

  /**
   * Persists an update, then applies and relays it. Resolves once applied; rejects with a
   * `storageUnavailable` AppError (nothing applied, nothing relayed) when storage fails.
   */
  submit(update: Uint8Array, origin: Connection | null): Promise<void> {
    if (this.destroyed) return Promise.reject(new AppError('internal', `room ${this.name} is closed`));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ update, origin, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Makes a change on the server's behalf, through the same persist-first path as clients. */
  async change(mutate: (doc: Y.Doc) => void): Promise<void> {
    // Build the update on a copy so nothing is visible before it is stored.
    const scratch = new Y.Doc();
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.doc));
    const updates: Uint8Array[] = [];
    scratch.on('update', (u: Uint8Array) => updates.push(u));
    scratch.transact(() => mutate(scratch));
    scratch.destroy();
    if (updates.length > 0) await this.submit(Y.mergeUpdates(updates), null);
  }

  /** Resolves when every queued update has been written (or refused). */
  async drain(): Promise<void> {
    while (this.writing || this.queue.length > 0 || this.compacting) {
      if (this.queue.length > 0 && !this.writing) this.startFlush();
      await (this.writing ?? this.compacting);
    }
  }

  /** Merges the doc into a snapshot covering everything applied so far. */
  async compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    if (this.logLength === 0) return;
    const throughSeq = this.appliedSeq;
    const merged = this.logLength;
    // Taken synchronously: at this instant the doc holds exactly the updates ≤ appliedSeq.
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    this.compacting = this.deps.storage
      .compact(this.name, snapshot, throughSeq)
      .then(() => {
        this.logLength = Math.max(0, this.logLength - merged);
        this.deps.metrics.compactions.inc();
      })
      .catch((err: unknown) => {
        this.deps.metrics.storageErrors.inc({ operation: 'compact' });
        this.deps.logger.error({ err, room: this.name }, 'compaction failed; the log is kept');
      })
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  /** Closes every connection and frees the document. Call `drain()` first. */
  destroy(code: number = CloseCode.goingAway, reason = 'room closed'): void {
    this.destroyed = true;
    for (const conn of this.connections) conn.close(code, reason);
    this.connections.clear();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.writing) return;
    this.flushScheduled = true;
    // Waiting one turn of the event loop lets every frame that arrived in this I/O phase join
    // the same transaction (group commit) for the cost of microseconds of latency.
    setImmediate(() => {
      this.flushScheduled = false;
      if (!this.writing) this.startFlush();
    });
  }

  private startFlush(): void {
    this.writing = this.flush().finally(() => {
      this.writing = null;
      if (this.queue.length > 0) this.scheduleFlush();
      else if (this.logLength >= this.deps.compactAfter && !this.destroyed) void this.compact();
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.deps.maxBatch);
      const started = performance.now();
      let lastSeq: number;
      try {
        lastSeq = await this.deps.storage.appendUpdates(
          this.name,
          batch.map((p) => p.update),
        );
      } catch (err) {
        this.refuse(batch, err);
        continue;
      }
      this.deps.metrics.persistSeconds.observe((performance.now() - started) / 1000);
      this.logLength += batch.length;
      const firstSeq = lastSeq - batch.length + 1;
      if (firstSeq !== this.appliedSeq + 1) {
        // Someone else (another instance) appended in between: apply their updates first.
        await this.catchUp(firstSeq - 1);
      }
      this.applyBatch(batch);
      this.appliedSeq = Math.max(this.appliedSeq, lastSeq);
    }
  }

  private applyBatch(batch: PendingUpdate[]): void {
    for (const pending of batch) {
      if (this.destroyed) {
        pending.resolve();
        continue;
      }
      try {
        Y.applyUpdate(this.doc, pending.update, pending.origin);
        pending.resolve();
      } catch (err) {
        this.deps.logger.error({ err, room: this.name }, 'stored update failed to apply');
        pending.origin?.close(CloseCode.invalidPayload, 'update could not be applied');
        pending.reject(err);
      }
    }
    this.deps.metrics.updatesTotal.inc(batch.length);
    this.deps.metrics.markUpdates(batch.length, this.deps.now());
    this.deps.onChange?.(this.name);
  }

  /** Applies logged updates after appliedSeq up to `throughSeq` (others' writes). */
  private async catchUp(throughSeq: number): Promise<void> {
    const missing = await this.deps.storage.readUpdatesSince(this.name, this.appliedSeq);
    for (const { seq, data } of missing) {
      if (seq > throughSeq) break;
      Y.applyUpdate(this.doc, data, null);
      this.appliedSeq = seq;
    }
  }

  private refuse(batch: PendingUpdate[], err: unknown): void {
    this.deps.metrics.storageErrors.inc({ operation: 'append' });
    this.deps.logger.error(
      { err, room: this.name, updates: batch.length },
      'storage refused updates; not applied, not relayed',
    );
    const error = new AppError(
      'storageUnavailable',
      'storage is unavailable; the change was not saved',
      undefined,
      {
        cause: err,
      },
    );
    for (const pending of batch) {
      // Closing makes the client reconnect, and the sync handshake then resends its edits.
      pending.origin?.close(CloseCode.storageUnavailable, 'storage unavailable');
      pending.reject(error);
    }
  }

  private relay(update: Uint8Array, origin: unknown): void {
    const frame = encodeUpdate(update);
    for (const conn of this.connections) if (conn !== origin) conn.send(frame);
  }

  private receiveAwareness(conn: Connection, entries: AwarenessEntry[]): void {
    // A connection speaks only for its own client ids. Entries for ids that another live
    // connection holds are dropped: stock clients echo everyone's presence back, and nobody may
    // overwrite or remove someone else's. The same signed-in user may take an id over (a
    // reconnect whose old socket has not timed out yet).
    const own = entries.filter((e) => {
      for (const other of this.connections) {
        if (other === conn || !other.awarenessClients.has(e.clientId)) continue;
        if (conn.userId !== null && other.userId === conn.userId) {
          other.awarenessClients.delete(e.clientId);
          return true;
        }
        return false;
      }
      return true;
    });
    if (own.length === 0) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(own), conn);
    } catch (err) {
      this.deps.metrics.malformedMessages.inc();
      this.deps.logger.warn({ err, room: this.name }, 'awareness update failed; closing connection');
      conn.close(CloseCode.invalidPayload, 'malformed awareness');
    }
  }

  private relayAwareness(change: AwarenessChange, origin: unknown): void {
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (origin instanceof Connection) {
      for (const id of [...change.added, ...change.updated]) origin.awarenessClients.add(id);
      for (const id of change.removed) origin.awarenessClients.delete(id);
    }
    const frame = encodeAwareness(this.awareness, changed);
    for (const conn of this.connections) conn.send(frame);
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
