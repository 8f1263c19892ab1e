/**
 * One live collaborative document. Every change — from a client or from the server itself — goes
 * through `submit`: appended to the room's log first, applied to the document and relayed only
 * once storage has it. What a client has seen is therefore always on disk.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { AppError } from '../../shared/errors.ts';
import { CloseCode, parseRoomName, type RoomLimit, type RoomLimits } from '../../shared/protocol.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { UpdateLog } from '../storage/Storage.ts';
import { Connection, type ConnectionUser } from './Connection.ts';
import { LogSequencer, type CatchUpReason } from './LogSequencer.ts';
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
import type { RemoteUpdates, RoomFanout, RoomSubscription } from './RoomFanout.ts';

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
  /** Other instances' writes and presence, when several instances share the database. */
  fanout?: RoomFanout;
  /**
   * How long a missing log number may stay missing before storage is read, in milliseconds: with
   * a fan-out the update is usually just in flight. Default 0.
   */
  gapGraceMs?: number;
  /** Largest client edit and document per kind of room; none when absent (tests, tools). */
  limits?: RoomLimits;
  /**
   * Largest presence one connection may announce, all its client ids' states together, in bytes
   * of their JSON; more closes the connection with 1009 and reaches nobody (everyone who joins
   * downloads every state). Default 64 KiB.
   */
  maxPresenceBytes?: number;
}

/** Default of `RoomDeps.maxPresenceBytes`. */
export const MAX_PRESENCE_BYTES = 64 * 1024;
/**
 * Most presence client ids one connection may hold: a stock client announces one per document,
 * a few more cover reconnects whose old ids have not timed out yet.
 */
export const MAX_PRESENCE_CLIENTS = 8;

interface PendingUpdate {
  update: Uint8Array;
  origin: Connection | null;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** A logged update waiting for its turn: this instance's own, or another instance's. */
type HeldUpdate =
  { kind: 'own'; pending: PendingUpdate } | { kind: 'remote'; data: Uint8Array; sentAt: number };

/** Origin of changes other instances made: relayed to every local client, never published again. */
const REMOTE = Symbol('remote');
/**
 * Origin of updates relayed when they became durable, before their turn in the log order came:
 * clients never wait for that order (they merge in any order); applying them later relays nothing.
 */
const RELAYED = Symbol('relayed');

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  private readonly connections = new Set<Connection>();
  private readonly queue: PendingUpdate[] = [];
  private writing: Promise<void> | null = null;
  private flushScheduled = false;
  /** Applies logged updates in log order: `doc` holds exactly the log up to its `appliedSeq`. */
  private readonly sequencer: LogSequencer<HeldUpdate>;
  /** The log number the stored snapshot is known to cover. */
  private compactedSeq: number;
  private subscription: RoomSubscription | null = null;
  /** Updates applied since the last `afterApply`, for metrics. */
  private appliedOwn = 0;
  private appliedRemote = 0;
  private compacting: Promise<void> | null = null;
  private destroyed = false;
  /** This room's size limits (by its kind), if any. */
  private readonly limit: RoomLimit | null;
  /**
   * An upper bound of the encoded document's size in bytes, kept without encoding it: the stored
   * snapshot plus every update since (accepted or applied). Overlaps and deletions make it
   * larger than the truth; when it nears the limit the document is measured exactly.
   */
  private sizeBound: number;

  private constructor(
    readonly name: string,
    private readonly deps: RoomDeps,
    appliedSeq: number,
    compactedSeq: number,
    sizeBound: number,
  ) {
    this.compactedSeq = compactedSeq;
    const kind = parseRoomName(name)?.kind;
    this.limit = (kind && deps.limits?.[kind]) ?? null;
    this.sizeBound = sizeBound;
    this.sequencer = new LogSequencer<HeldUpdate>({
      room: name,
      appliedSeq,
      storage: deps.storage,
      applyEntry: (held) => this.applyHeld(held),
      applyStored: (data) => this.applyRemote(data),
      discardEntry: (held) => {
        // Durable either way; its content arrived in a snapshot, or the room closed.
        if (held.kind === 'own') held.pending.resolve();
      },
      afterApply: () => this.afterApply(),
      gapGraceMs: deps.gapGraceMs ?? 0,
      metrics: deps.metrics,
      logger: deps.logger,
    });
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.relay(update, origin));
    this.awareness.on('update', (change: AwarenessChange, origin: unknown) =>
      this.relayAwareness(change, origin),
    );
  }

  /** Loads a room from storage: snapshot plus log, compacting a long log right away. */
  static async load(name: string, deps: RoomDeps): Promise<Room> {
    // Subscribe before reading: what is published after the read is then delivered, and what was
    // published before it is in the read. Messages that arrive meanwhile wait for the room.
    let loaded: Room | null = null;
    const early: ((room: Room) => void)[] = [];
    const whenLoaded = (deliver: (room: Room) => void) => {
      if (loaded) deliver(loaded);
      else early.push(deliver);
    };
    const subscription =
      deps.fanout?.subscribe(name, {
        updates: (message) => whenLoaded((r) => r.receiveRemote(message)),
        awareness: (update) => whenLoaded((r) => r.receiveRemoteAwareness(update)),
        resync: () => whenLoaded((r) => void r.catchUp('resync')),
      }) ?? null;
    let room: Room;
    try {
      await subscription?.ready;
      room = await Room.fromStorage(name, deps);
    } catch (err) {
      subscription?.unsubscribe();
      throw err;
    }
    room.subscription = subscription;
    loaded = room;
    for (const deliver of early) deliver(room);
    if (room.unmerged >= deps.compactAfter) await room.compact();
    return room;
  }

  private static async fromStorage(name: string, deps: RoomDeps): Promise<Room> {
    const log = await deps.storage.loadRoom(name);
    const lastSeq = log.updates.at(-1)?.seq ?? log.snapshotSeq;
    const size = (log.snapshot?.length ?? 0) + log.updates.reduce((n, u) => n + u.data.length, 0);
    const room = new Room(name, deps, lastSeq, log.snapshotSeq, size);
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
    return room;
  }

  /**
   * The log sequence number of the room's current state. Unlike a state vector it also moves on
   * deletions, and it survives unloading, so it identifies a state exactly (cache keys).
   */
  get version(): number {
    return this.sequencer.appliedSeq;
  }

  /** The open connections (a copy). */
  connectionList(): Connection[] {
    return [...this.connections];
  }

  get connectionCount(): number {
    return this.connections.size;
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
        // The answer reflects everything this client sent before asking: a client that asks again
        // after editing learns from the answer that its edits are stored (the web client's
        // "All changes saved"). A refused edit closes the connection, so it is never answered.
        conn.afterEarlierUpdates(() => {
          if (conn.isClosed || this.destroyed) return;
          conn.send(encodeSyncStep2(this.doc, message.stateVector));
          // Durable updates still waiting for their turn were relayed before this client came.
          for (const held of this.sequencer.waitingEntries()) conn.send(encodeUpdate(dataOf(held)));
        });
        return;
      case 'update': {
        // Read-only connections still sync, but what they send is never stored or relayed.
        if (conn.access !== 'write' || isEmptyUpdate(message.update)) return;
        if (!this.admitSize(conn, message.update)) return;
        const write = this.submit(message.update, conn);
        conn.track(write);
        write.catch(() => {
          // Already reported and the connection closed in flush(); the client resends on reconnect.
        });
        return;
      }
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
   * Whether a client's update fits this room's limits. One that does not is refused whole: not
   * stored, applied or relayed; the connection closes with `roomTooLarge` (final for y-websocket
   * clients, which would otherwise resend the same edit on every reconnect) and a warning is logged.
   */
  private admitSize(conn: Connection, update: Uint8Array): boolean {
    const limit = this.limit;
    if (!limit) return true;
    let refusal: string | null = null;
    if (update.length > limit.maxUpdateBytes) {
      refusal = `edit too large: ${formatMiB(update.length)}, this room takes ${formatMiB(limit.maxUpdateBytes)} at once`;
    } else if (this.sizeBound + update.length > limit.maxRoomBytes) {
      // The bound says it might not fit: measure. Updates still queued are counted as they are.
      const queued = this.queue.reduce((n, p) => n + p.update.length, 0);
      this.sizeBound = Y.encodeStateAsUpdate(this.doc).length + queued;
      if (this.sizeBound + update.length > limit.maxRoomBytes) {
        refusal = `room full: it may hold ${formatMiB(limit.maxRoomBytes)}`;
      }
    }
    if (refusal === null) {
      this.sizeBound += update.length;
      return true;
    }
    this.deps.logger.warn(
      { room: this.name, user: conn.userId, bytes: update.length, roomBytes: this.sizeBound, limit },
      `edit refused: ${refusal}`,
    );
    conn.close(CloseCode.roomTooLarge, refusal);
    return false;
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
    await this.sequencer.settled();
  }

  /** Storage holds this room's log up to `lastSeq` (log watcher): reads what this instance missed. */
  noteLastSeq(lastSeq: number): void {
    this.sequencer.noteLastSeq(lastSeq);
  }

  /** Reads and applies whatever the shared log holds beyond this room's state. */
  catchUp(reason: CatchUpReason = 'timer'): Promise<void> {
    return this.sequencer.catchUp(reason);
  }

  /** Merges the doc into a snapshot covering everything applied so far. */
  async compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    const throughSeq = this.sequencer.appliedSeq;
    if (throughSeq <= this.compactedSeq) return;
    // Taken synchronously: at this instant the doc holds exactly the updates ≤ appliedSeq.
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    // The snapshot is the exact size of what it holds; what came since is counted on top.
    this.sizeBound = snapshot.length + this.queue.reduce((n, p) => n + p.update.length, 0);
    this.compacting = this.deps.storage
      .compact(this.name, snapshot, throughSeq)
      .then(() => {
        // Another instance may have compacted instead (or further); either way the next
        // compaction here is due compactAfter updates from now.
        this.compactedSeq = Math.max(this.compactedSeq, throughSeq);
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
    this.sequencer.close();
    this.subscription?.unsubscribe();
    this.subscription = null;
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
      else if (this.unmerged >= this.deps.compactAfter && !this.destroyed) void this.compact();
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
      const firstSeq = lastSeq - batch.length + 1;
      // Durable now, so other instances may apply it at once. Here it is applied in log order:
      // when another instance appended in between, its updates come first (fan-out or storage).
      this.deps.fanout?.publishUpdates(
        this.name,
        firstSeq,
        batch.map((p) => p.update),
      );
      const taken = this.sequencer.offer(
        firstSeq,
        batch.map((pending): HeldUpdate => ({ kind: 'own', pending })),
        'interleaved',
      );
      this.relayDurable(taken);
    }
  }

  /** Relays updates that just became durable (taken by the sequencer) to local clients. */
  private relayDurable(held: readonly HeldUpdate[]): void {
    for (const entry of held) {
      const frame = encodeUpdate(dataOf(entry));
      const sender = entry.kind === 'own' ? entry.pending.origin : null;
      for (const conn of this.connections) if (conn !== sender) conn.send(frame);
    }
  }

  /** Log entries not yet merged into the stored snapshot (as far as this instance knows). */
  private get unmerged(): number {
    return this.sequencer.appliedSeq - this.compactedSeq;
  }

  private applyHeld(held: HeldUpdate): void {
    if (held.kind === 'remote') {
      this.applyRemote(held.data, RELAYED);
      this.deps.metrics.fanoutLagSeconds.observe(Math.max(0, this.deps.now() - held.sentAt) / 1000);
      return;
    }
    const { pending } = held;
    this.appliedOwn++;
    if (this.destroyed) {
      pending.resolve();
      return;
    }
    try {
      Y.applyUpdate(this.doc, pending.update, RELAYED);
      pending.resolve();
    } catch (err) {
      this.deps.logger.error({ err, room: this.name }, 'stored update failed to apply');
      pending.origin?.close(CloseCode.invalidPayload, 'update could not be applied');
      pending.reject(err);
    }
  }

  /** Applies an update or snapshot another instance wrote (already durable). */
  private applyRemote(data: Uint8Array, origin: typeof REMOTE | typeof RELAYED = REMOTE): void {
    this.appliedRemote++;
    if (this.destroyed) return;
    this.sizeBound += data.length;
    try {
      Y.applyUpdate(this.doc, data, origin);
    } catch (err) {
      // As on load: an update that no longer applies is reported; the rest still applies.
      this.deps.logger.error({ err, room: this.name }, 'stored update failed to apply');
    }
  }

  private afterApply(): void {
    const { metrics } = this.deps;
    if (this.appliedOwn > 0) {
      metrics.updatesTotal.inc(this.appliedOwn);
      metrics.markUpdates(this.appliedOwn, this.deps.now());
    }
    if (this.appliedRemote > 0) metrics.remoteUpdates.inc(this.appliedRemote);
    this.appliedOwn = 0;
    this.appliedRemote = 0;
    this.deps.onChange?.(this.name);
  }

  private receiveRemote(message: RemoteUpdates): void {
    const held = message.updates.map((data): HeldUpdate => ({
      kind: 'remote',
      data,
      sentAt: message.sentAt,
    }));
    this.relayDurable(this.sequencer.offer(message.firstSeq, held, 'gap'));
  }

  private receiveRemoteAwareness(update: Uint8Array): void {
    if (this.destroyed) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE);
    } catch (err) {
      this.deps.metrics.fanoutErrors.inc({ operation: 'decode' });
      this.deps.logger.warn({ err, room: this.name }, 'awareness from another instance failed to apply');
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
    if (origin === RELAYED) return;
    const frame = encodeUpdate(update);
    for (const conn of this.connections) if (conn !== origin) conn.send(frame);
  }

  private receiveAwareness(conn: Connection, entries: AwarenessEntry[]): void {
    // A connection speaks only for its own client ids. Entries for ids that another live
    // connection holds are dropped: stock clients echo everyone's presence back, and nobody may
    // overwrite or remove someone else's. The same signed-in user may take an id over with a
    // newer state (a reconnect whose old socket has not timed out yet); an echo is never newer.
    const own = entries.filter((e) => {
      for (const other of this.connections) {
        if (other === conn || !other.awarenessClients.has(e.clientId)) continue;
        const known = this.awareness.meta.get(e.clientId)?.clock ?? -1;
        if (conn.userId !== null && other.userId === conn.userId && e.clock > known) {
          other.awarenessClients.delete(e.clientId);
          return true;
        }
        return false;
      }
      return true;
    });
    if (own.length === 0) return;
    // The limit holds for everything one connection announces, not per entry: one socket may speak
    // for several client ids, and every joiner downloads every state.
    const limit = this.deps.maxPresenceBytes ?? MAX_PRESENCE_BYTES;
    const sizes = new Map<number, number>();
    for (const id of conn.awarenessClients) {
      const state = this.awareness.getStates().get(id);
      if (state !== undefined) sizes.set(id, Buffer.byteLength(JSON.stringify(state), 'utf8'));
    }
    for (const e of own) {
      if (e.state === 'null') sizes.delete(e.clientId);
      else sizes.set(e.clientId, Buffer.byteLength(e.state, 'utf8'));
    }
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    if (total > limit || sizes.size > MAX_PRESENCE_CLIENTS) {
      this.deps.logger.warn(
        { room: this.name, limit, bytes: total, clients: sizes.size },
        'presence too large; closing connection',
      );
      conn.close(
        CloseCode.tooLarge,
        `presence is limited to ${limit} bytes and ${MAX_PRESENCE_CLIENTS} clients per connection`,
      );
      return;
    }
    try {
      // Who is there, never where, for those a blind round keeps to their own layer.
      const shared = conn.grant?.presence === 'identity' ? own.map(identityOnly) : own;
      const stamped = conn.user ? shared.map((e) => stampIdentity(e, conn.user!)) : shared;
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(stamped), conn);
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
    // This instance's clients' presence (announced, or removed when they leave) goes to the other
    // instances; what came from them, and the periodic expiry every instance runs, does not.
    if (this.deps.fanout && !this.destroyed && (origin instanceof Connection || origin === null)) {
      this.deps.fanout.publishAwareness(
        this.name,
        awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
      );
    }
  }
}

/**
 * Overwrites `user.id` and `user.name` in a presence state with the authenticated identity, so
 * nobody can appear as someone else; other fields (colour, cursor) are the client's own.
 */
function stampIdentity(entry: AwarenessEntry, user: ConnectionUser): AwarenessEntry {
  const state = JSON.parse(entry.state) as unknown;
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return entry;
  const record = state as Record<string, unknown>;
  const previous = record.user !== null && typeof record.user === 'object' ? (record.user as object) : {};
  return {
    ...entry,
    state: JSON.stringify({ ...record, user: { ...previous, id: user.id, name: user.name } }),
  };
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes < 1048576 ? 2 : 1)} MiB`;
}

/**
 * Keeps only `user` (name, colour) of a presence state: cursors and selections — whatever the
 * client put beside it — would show others where in the text this person is coding.
 */
function identityOnly(entry: AwarenessEntry): AwarenessEntry {
  const state = JSON.parse(entry.state) as unknown;
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return entry;
  const { user } = state as Record<string, unknown>;
  return { ...entry, state: JSON.stringify(user === undefined ? {} : { user }) };
}

function dataOf(held: HeldUpdate): Uint8Array {
  return held.kind === 'own' ? held.pending.update : held.data;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
